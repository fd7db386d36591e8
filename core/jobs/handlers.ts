// The handler of each product job kind: what `megaagent worker` (and `megaagent start`) runs.
import type { ProductJobKinds } from './kinds.ts';
import { runQueueCheck } from './queue-check.ts';
import type { JobHandlers } from './worker.ts';

export const PRODUCT_JOB_HANDLERS: JobHandlers<ProductJobKinds> = {
  'queue-check': runQueueCheck,
};
