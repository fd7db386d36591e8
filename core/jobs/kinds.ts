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
   * An admin's announcement (core/broadcast.ts): sent to every recipient fixed when it was queued, paced
   * under Telegram's limit. Long: a large allow-list takes minutes at 28 messages a second. Its heartbeat
   * is the shortest pg-boss allows, so a dead worker's broadcast is handed over (and resumes where it
   * stopped) and an admin's cancel stops it within about 10 s.
   */
  broadcast: {
    // `lawyer`: the bot admin who sent it from Telegram, told the progress and the delivery report.
    payload: z.object({ broadcastId: z.uuid(), lawyer: lawyerTarget.optional() }),
    titleKey: 'jobs-title-broadcast',
    retryLimit: 5,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 300,
    expireInSeconds: 6 * 3600,
    heartbeatSeconds: 10,
  },
  /**
   * The case's exhibit packet as one PDF (core/packet): built exhibit by exhibit, kept with the case and
   * sent to the lawyer. A few hundred pages take seconds; the expiry leaves room for scans of thousands.
   */
  'build-packet': {
    payload: z.object({
      lawyer: lawyerTarget,
      /** users.id of the lawyer: the case and its documents are read through their ownership. */
      lawyerId: z.string().min(1).max(64),
      caseId: z.string().min(1).max(64),
    }),
    titleKey: 'packet-job-title',
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 60,
    expireInSeconds: 900,
    heartbeatSeconds: 10,
  },
  /** /draft: the brief, the cover letter and the exhibit index of one case, as Word files kept with it. */
  'draft-brief': {
    payload: z.object({ lawyerId: z.string().min(1), caseId: z.guid(), lawyer: lawyerTarget }),
    titleKey: 'drafting-job-brief',
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 60,
    expireInSeconds: 900,
    heartbeatSeconds: 10,
  },
  /** /letters: one recommendation letter draft per recommender the case's intake names. */
  'draft-letters': {
    payload: z.object({ lawyerId: z.string().min(1), caseId: z.guid(), lawyer: lawyerTarget }),
    titleKey: 'drafting-job-letters',
    retryLimit: 2,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 60,
    expireInSeconds: 900,
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
