// The handler of each product job kind, and what each tells the lawyer when one of its jobs fails for good:
// what `megaagent worker` (and `megaagent start`) runs.
import type { PacketJobServices } from '../packet/job.ts';
import type { DraftingSources } from '../drafting/jobs.ts';
import type { ProductJobKinds } from './kinds.ts';
import type { JobKindName } from './queue.ts';
import { runQueueCheck } from './queue-check.ts';
import type { FailedJobHandlers, FailedKindHandler, JobHandlers, KindHandler } from './worker.ts';

export const PRODUCT_JOB_HANDLERS: JobHandlers<ProductJobKinds> = {
  'queue-check': runQueueCheck,
};

/** What the product's job handlers need from the App (the entry point passes the App itself). */
export type ProductJobServices = PacketJobServices & DraftingSources;

/** Every product handler, those that read the case through the App's services included. */
export function productJobHandlers(services: ProductJobServices): JobHandlers<ProductJobKinds> {
  return {
    ...PRODUCT_JOB_HANDLERS,
    'build-packet': loadedOnFirstJob(async () => (await import('../packet/job.ts')).buildPacketJob(services)),
    'draft-brief': loadedOnFirstJob(async () => {
      const { draftBriefJob, draftingServices } = await import('../drafting/jobs.ts');
      return draftBriefJob(draftingServices(services));
    }),
    'draft-letters': loadedOnFirstJob(async () => {
      const { draftLettersJob, draftingServices } = await import('../drafting/jobs.ts');
      return draftLettersJob(draftingServices(services));
    }),
  };
}

/**
 * A handler whose module (and the PDF and Word libraries behind it) is loaded when its first job arrives,
 * not when the worker starts: start-up stays short and a process that never drafts never pays for them.
 * A failed load is not kept, so the next job tries again.
 */
function loadedOnFirstJob<N extends JobKindName<ProductJobKinds>>(
  load: () => Promise<KindHandler<ProductJobKinds, N>>,
): KindHandler<ProductJobKinds, N> {
  let handler: Promise<KindHandler<ProductJobKinds, N>> | undefined;
  return async (job, context) => {
    handler ??= load().catch((err: unknown) => {
      handler = undefined;
      throw err;
    });
    return (await handler)(job, context);
  };
}

/**
 * What the lawyer is told when a job they asked for about a case failed for good: that the work for that
 * client was not done and which command asks for it again.
 */
export function productFailedJobHandlers(services: ProductJobServices): FailedJobHandlers<ProductJobKinds> {
  const log = services.log.child({ component: 'jobs' });
  const failure = { cases: services.cases, log };
  return {
    'build-packet': failedLoadedOnFirstUse(async () =>
      (await import('../packet/job.ts')).buildPacketFailed(failure),
    ),
    'draft-brief': failedLoadedOnFirstUse(async () =>
      (await import('../drafting/jobs.ts')).draftBriefFailed(failure),
    ),
    'draft-letters': failedLoadedOnFirstUse(async () =>
      (await import('../drafting/jobs.ts')).draftLettersFailed(failure),
    ),
  };
}

/** As loadedOnFirstJob, for what a kind tells the lawyer when one of its jobs failed for good. */
function failedLoadedOnFirstUse<N extends JobKindName<ProductJobKinds>>(
  load: () => Promise<FailedKindHandler<ProductJobKinds, N>>,
): FailedKindHandler<ProductJobKinds, N> {
  let handler: Promise<FailedKindHandler<ProductJobKinds, N>> | undefined;
  return async (failed, context) => {
    handler ??= load().catch((err: unknown) => {
      handler = undefined;
      throw err;
    });
    return (await handler)(failed, context);
  };
}
