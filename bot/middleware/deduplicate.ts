// Handles each Telegram update once. Telegram redelivers an update when a webhook answer is lost or a
// poller restarts before confirming; the mark lives in the shared cache so every replica sees it. The mark
// is keyed by the bot too: two bots sharing one Redis number their updates independently.
//
// Without the cache no update can be handled safely (no mark, no conversation state): then the update is
// kept by the `keeper` (see update-keeper.ts) instead of being started or dropped.
import type { MiddlewareFn } from 'grammy';
import type { Cache } from '../../core/cache/cache.ts';
import { CacheError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import type { UpdateKeeper } from './update-keeper.ts';
import { stopUpdate } from './update-metrics.ts';

/** Telegram gives up redelivering well within a day. */
export const DEDUPLICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

function deduplicationKey(botId: number, updateId: number): string {
  return `update:${botId}:${updateId}`;
}

export function deduplicateUpdates(cache: Cache, keeper?: UpdateKeeper): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (keeper?.mustKeep(ctx)) {
      await keeper.keep(ctx);
      return;
    }
    let first: boolean;
    try {
      first = await cache.setIfAbsent(
        deduplicationKey(ctx.me.id, ctx.update.update_id),
        '1',
        DEDUPLICATION_WINDOW_MS,
      );
    } catch (err) {
      if (!keeper || !(err instanceof CacheError)) throw err;
      await keeper.keep(ctx);
      return;
    }
    if (!first) {
      ctx.log.info('update already handled; ignoring the redelivery');
      stopUpdate(ctx, 'duplicate');
      return;
    }
    await next();
  };
}
