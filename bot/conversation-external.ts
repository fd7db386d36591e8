// Work a conversation does outside its replay (`conversation.external`) and the errors it throws. The
// conversations plugin passes a failure through structuredClone, which turns every error class into a
// plain Error: the lawyer would read "something went wrong" instead of a ValidationError's own words, and
// a Postgres outage would look like any failure (see middleware/update-keeper.ts). The error is kept aside
// here for the moment the plugin hands it back, in the same update; what the plugin stores is only its
// message, for a replay that cannot happen (a conversation that threw has ended).
import { randomUUID } from 'node:crypto';
import type { ExternalOp } from '@grammyjs/conversations';
import type { Context } from 'grammy';

interface KeptError {
  keptError: string;
  message: string;
}

const kept = new Map<string, unknown>();

function isKept(value: unknown): value is KeptError {
  return typeof value === 'object' && value !== null && 'keptError' in value && 'message' in value;
}

/** `conversation.external(keepingErrors(task))`: as `external(task)`, with the task's errors intact. */
export function keepingErrors<OC extends Context, R>(task: (ctx: OC) => R | Promise<R>): ExternalOp<OC, R> {
  return {
    task,
    beforeStoreError(err: unknown): KeptError {
      const id = randomUUID();
      kept.set(id, err);
      return { keptError: id, message: err instanceof Error ? err.message : String(err) };
    },
    afterLoadError(stored: unknown): unknown {
      if (!isKept(stored)) return stored;
      const original = kept.get(stored.keptError);
      kept.delete(stored.keptError);
      return original ?? new Error(stored.message);
    },
  };
}
