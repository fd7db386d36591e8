// Who and what the current work is for (request, Telegram update, lawyer, case), carried across awaits by
// AsyncLocalStorage so every log line, audit entry and error report can name it without threading it by hand.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  /** HTTP request id, or the id we give a Telegram update or job run. */
  requestId?: string;
  /** Telegram `update_id`. */
  updateId?: number;
  /** The lawyer or admin acting (Telegram user id or account id). */
  userId?: string | number;
  caseId?: string;
  /** Job queue job id, when the work runs in the worker. */
  jobId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `ctx` as its context. Nested runs start from the enclosing context, so a job started
 * inside an update keeps the update's ids; the enclosing context itself is not changed.
 */
export function runWithContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

/**
 * Adds fields to the current context, visible to everything that runs in it from now on (e.g. the
 * lawyer's id once the allow-list has identified them). Returns false when no context is active, so
 * nothing was recorded: the caller decides whether that matters.
 */
export function addToContext(partial: LogContext): boolean {
  const store = storage.getStore();
  if (!store) return false;
  Object.assign(store, partial);
  return true;
}

/** A copy of the current context ({} outside any), safe to keep or change. */
export function currentContext(): LogContext {
  return { ...storage.getStore() };
}
