// The handler of each product job kind, and what each tells the lawyer when one of its jobs fails for good:
// what `megaagent worker` (and `megaagent start`) runs.
import { buildPacketFailed, buildPacketJob, type PacketJobServices } from '../packet/job.ts';
import {
  draftBriefFailed,
  draftBriefJob,
  draftingServices,
  draftLettersFailed,
  draftLettersJob,
  type DraftingSources,
} from '../drafting/jobs.ts';
import type { ProductJobKinds } from './kinds.ts';
import { runQueueCheck } from './queue-check.ts';
import type { FailedJobHandlers, JobHandlers } from './worker.ts';

export const PRODUCT_JOB_HANDLERS: JobHandlers<ProductJobKinds> = {
  'queue-check': runQueueCheck,
};

/** What the product's job handlers need from the App (the entry point passes the App itself). */
export type ProductJobServices = PacketJobServices & DraftingSources;

/** Every product handler, those that read the case through the App's services included. */
export function productJobHandlers(services: ProductJobServices): JobHandlers<ProductJobKinds> {
  const drafting = draftingServices(services);
  return {
    ...PRODUCT_JOB_HANDLERS,
    'build-packet': buildPacketJob(services),
    'draft-brief': draftBriefJob(drafting),
    'draft-letters': draftLettersJob(drafting),
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
    'build-packet': buildPacketFailed(failure),
    'draft-brief': draftBriefFailed(failure),
    'draft-letters': draftLettersFailed(failure),
  };
}
