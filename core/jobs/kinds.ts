// Every kind of job the product runs, declared once: its payload schema and how it is retried. Enqueue
// and the worker both read this list, so a payload is checked the same way on both sides.
import { z } from 'zod';
import { lawyerTarget } from './progress.ts';
import { defineJobKinds } from './queue.ts';

export const JOB_KINDS = defineJobKinds({
  /**
   * A round trip through the queue: a worker picks it up, holds it `holdMs` (reporting progress when a
   * lawyer waits on it) and records who ran it. Operators use it to check that workers take jobs and
   * that a job left by a worker that died is finished by another.
   */
  'queue-check': {
    payload: z.object({
      holdMs: z.number().int().min(0).max(120_000),
      lawyer: lawyerTarget.optional(),
    }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 3,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 30,
    expireInSeconds: 300,
    heartbeatSeconds: 10,
  },
  /**
   * Reads a lawyer's accepted upload into a proposed exhibit (or a refusal naming what was wrong) and
   * sends the lawyer the one result message. Enqueued by the bot with the key `document:<update_id>`, so
   * a redelivered update never reads a document twice.
   */
  'read-document': {
    payload: z.object({
      lawyer: lawyerTarget,
      proposalId: z.uuid(),
    }),
    titleKey: 'documents-title-reading',
    retryLimit: 3,
    retryDelaySeconds: 2,
    retryDelayMaxSeconds: 60,
    // A read is bounded by DOCUMENTS_READ_TIMEOUT_MS (2 min by default); an attempt past this is stuck.
    expireInSeconds: 900,
    heartbeatSeconds: 10,
  },
});

export type ProductJobKinds = typeof JOB_KINDS;
