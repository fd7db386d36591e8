// Counts every update by kind and outcome, with its duration, into the App's metrics. Runs first, so the
// duration covers the whole chain; the middleware that stops an update (allow-list, de-duplication,
// private chats only, rate limit) or the error report names the outcome with `stopUpdate`.
import { API_CONSTANTS, type MiddlewareFn } from 'grammy';
import type { BotMetrics, BotUpdateOutcome } from '../../core/metrics.ts';
import type { BotContext } from '../context.ts';
import { updateTypeOf } from './update-context.ts';

/** Telegram's update kinds: anything else (a newer kind than this grammY knows) counts as `other`. */
const UPDATE_TYPES: ReadonlySet<string> = new Set(API_CONSTANTS.ALL_UPDATE_TYPES);

/** Records why the chain stopped this update; an error always wins over a refusal set before it failed. */
export function stopUpdate(ctx: BotContext, outcome: NonNullable<BotContext['stoppedAs']>): void {
  if (ctx.stoppedAs !== 'error') ctx.stoppedAs = outcome;
}

export function updateMetrics(metrics: BotMetrics): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    const kind = updateTypeOf(ctx.update);
    // Stays 'error' when something below throws past the error boundary (the update context itself failed).
    let outcome: BotUpdateOutcome = 'error';
    try {
      await next();
      outcome = ctx.stoppedAs ?? 'handled';
    } finally {
      metrics.recordBotUpdate(
        UPDATE_TYPES.has(kind) ? kind : 'other',
        outcome,
        (performance.now() - started) / 1000,
      );
    }
  };
}
