// The queue check job: proves that a worker takes jobs, reports progress and records a result once,
// even when the worker that started it dies half-way (another worker finishes it).
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProductJobKinds } from './kinds.ts';
import type { KindHandler } from './worker.ts';

export interface QueueCheckResult {
  /** `host:pid` of the worker that finished the job. */
  finishedBy: string;
  /** The attempt that finished it (0 = the first). */
  attempt: number;
}

const STEPS = 4;

export const runQueueCheck: KindHandler<ProductJobKinds, 'queue-check'> = async (job, context) => {
  for (let step = 0; step < STEPS; step++) {
    await context.progress.step('jobs-step-queue-check', step, STEPS);
    await sleep(job.data.holdMs / STEPS, undefined, { signal: job.signal });
  }
  await context.progress.step('jobs-step-queue-check', STEPS, STEPS);
  const { value } = await context.results.record<QueueCheckResult>(job.id, job.kind, {
    finishedBy: `${hostname()}:${process.pid}`,
    attempt: job.attempt,
  });
  await context.deliverOnce(() =>
    context.progress.finish('jobs-done-queue-check', { attempt: value.attempt + 1 }),
  );
};
