// The handler of each product job kind: what `megaagent worker` (and `megaagent start`) runs.
import { buildPacketJob, type PacketJobServices } from '../packet/job.ts';
import { draftBriefJob, draftingServices, draftLettersJob, type DraftingSources } from '../drafting/jobs.ts';
import type { ProductJobKinds } from './kinds.ts';
import { runQueueCheck } from './queue-check.ts';
import type { JobHandlers } from './worker.ts';

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
