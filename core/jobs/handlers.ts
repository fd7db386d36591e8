// The handler of each product job kind: what `megaagent worker` (and `megaagent start`) runs.
import { draftBriefJob, draftingServices, draftLettersJob, type DraftingSources } from '../drafting/jobs.ts';
import type { ProductJobKinds } from './kinds.ts';
import { runQueueCheck } from './queue-check.ts';
import type { JobHandlers } from './worker.ts';

export const PRODUCT_JOB_HANDLERS: JobHandlers<ProductJobKinds> = {
  'queue-check': runQueueCheck,
};

/** Every handler, with the services the drafting jobs need (the entry point passes the App). */
export function productJobHandlers(sources: DraftingSources): JobHandlers<ProductJobKinds> {
  const drafting = draftingServices(sources);
  return {
    ...PRODUCT_JOB_HANDLERS,
    'draft-brief': draftBriefJob(drafting),
    'draft-letters': draftLettersJob(drafting),
  };
}
