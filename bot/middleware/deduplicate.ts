// Handles each Telegram update once. Telegram redelivers an update when a webhook answer is lost or a
// poller restarts before confirming; the mark lives in the shared cache so every replica sees it.
import type { MiddlewareFn } from 'grammy';
import type { Cache } from '../../core/cache/cache.ts';
import type { BotContext } from '../context.ts';
import { stopUpdate } from './update-metrics.ts';

/** Telegram gives up redelivering well within a day. */
export const DEDUPLICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

export function deduplicateUpdates(cache: Cache): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const key = `update:${ctx.me.id}:${ctx.update.update_id}`;
    if (!(await cache.setIfAbsent(key, '1', DEDUPLICATION_WINDOW_MS))) {
      ctx.log.info('update already handled; ignoring the redelivery');
      stopUpdate(ctx, 'duplicate');
      return;
    }
    await next();
  };
}
