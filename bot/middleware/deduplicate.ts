// Handles each Telegram update once. Telegram delivers an update again when a webhook answer is lost or a
// poller restarts before confirming; the mark lives in the shared cache so every replica sees it. The mark
// is keyed by the bot too: two bots sharing one Redis number their updates independently.
//
// The mark has two states. While an update is handled it reads "started" and expires after a lease (twice
// the per-update time limit); once handled it reads "done" for a day. So an update whose process died half
// way is not lost to its own mark:
//   - polling: the journal (held_updates) still has it and the next start handles it again ("started" is
//     taken over by the replay);
//   - webhook: a delivery that finds "started" is answered with an error, so Telegram delivers it again; once
//     the lease of the dead process has run out, the next delivery handles it.
// What the dead process had already done for that update (a reply sent) may be done again: at least once,
// never zero.
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

/** The mark of an update being handled; "1" (what older releases wrote) and DONE mean handled. */
export const STARTED = 'started';
const DONE = '1';

export function deduplicationKey(botId: number, updateId: number): string {
  return `update:${botId}:${updateId}`;
}

type Claim = 'mine' | 'handled' | 'elsewhere';

export interface DeduplicateOptions {
  /** How long a "started" mark outlives a process that died while handling (default 2 min). */
  leaseMs?: number;
}

export function deduplicateUpdates(
  cache: Cache,
  keeper?: UpdateKeeper,
  options: DeduplicateOptions = {},
): MiddlewareFn<BotContext> {
  const leaseMs = options.leaseMs ?? 120_000;

  async function claim(ctx: BotContext, key: string): Promise<Claim> {
    if (await cache.setIfAbsent(key, STARTED, leaseMs)) return 'mine';
    const mark = await cache.get(key);
    if (mark === null) return (await cache.setIfAbsent(key, STARTED, leaseMs)) ? 'mine' : 'elsewhere';
    if (mark !== STARTED) return 'handled';
    if (keeper?.isReplaying(ctx.update.update_id)) {
      // Left by a process that stopped half way (the journal still had it): handle it again.
      await cache.set(key, STARTED, leaseMs);
      ctx.log.warn('handling again an update whose handling was cut short');
      return 'mine';
    }
    return 'elsewhere';
  }

  /** Marks the update handled, then forgets it from the journal; neither failure may hide the update's own. */
  async function finish(ctx: BotContext, key: string): Promise<void> {
    try {
      await cache.set(key, DONE, DEDUPLICATION_WINDOW_MS);
    } catch (err) {
      ctx.log.warn({ err }, 'could not mark the update handled; its mark expires after the lease');
    }
    await keeper?.release(ctx);
  }

  return async (ctx, next) => {
    if (keeper?.mustKeep(ctx)) {
      await keeper.keep(ctx);
      return;
    }
    const key = deduplicationKey(ctx.me.id, ctx.update.update_id);
    let claimed: Claim;
    try {
      claimed = await claim(ctx, key);
    } catch (err) {
      if (!keeper || !(err instanceof CacheError)) throw err;
      await keeper.keep(ctx);
      return;
    }
    if (claimed === 'handled') {
      ctx.log.info('update already handled; ignoring the redelivery');
      stopUpdate(ctx, 'duplicate');
      await keeper?.release(ctx);
      return;
    }
    if (claimed === 'elsewhere') {
      // Being handled by another process, or by one that died and whose lease has not run out.
      ctx.log.warn('update already being handled elsewhere');
      stopUpdate(ctx, 'duplicate');
      await keeper?.keepElsewhere(ctx);
      return;
    }
    let heldAgain = false;
    try {
      await next();
    } catch (err) {
      // Postgres went away mid-update (polling): kept to be handled again, not reported as a failure.
      heldAgain = (await keeper?.holdAfterFailure(ctx, err)) ?? false;
      if (!heldAgain) throw err;
    } finally {
      if (!heldAgain) await finish(ctx, key);
    }
  };
}
