// What happens to a lawyer's update when the cache (Redis) is down: it is kept, never lost, and handled
// once the cache is back, exactly once and in order. The lawyer is told plainly, once, that the service is
// briefly unavailable and that nothing they sent was lost.
//
// How it is kept depends on the transport:
//   - webhook ('redelivery'): the update is not handled and the webhook answers Telegram with an error, so
//     Telegram delivers it again later (and holds the chat's next updates until then: order is kept).
//   - long polling ('durable'): the runner has already confirmed the update to Telegram, which will never
//     send it again, and pausing the poller would not bring back a batch already fetched. So the update is
//     stored in Postgres (held_updates) and the poller replays the held updates in update order once the
//     cache answers again. While any are held, newer updates are held behind them, so none overtakes.
// Exactly once: a replayed update goes through the de-duplication mark like any other; a replay cut short
// by a crash finds the mark set and only releases the row.
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { createHeldUpdates, type HeldUpdates } from '../../core/cache/held-updates.ts';
import type { BotContext } from '../context.ts';
import { stopUpdate } from './update-metrics.ts';

export type KeepingMode = 'redelivery' | 'durable';

/** The lawyer is told once per chat within this period, however many updates are kept or redelivered. */
const TELL_AGAIN_AFTER_MS = 5 * 60 * 1000;
const REPLAY_BATCH = 20;

export interface UpdateKeeper {
  readonly mode: KeepingMode;
  /** True when this update must be kept instead of handled now. */
  mustKeep(ctx: BotContext): boolean;
  /** Keeps the update (see the mode) and tells the lawyer, once, that nothing was lost. */
  keep(ctx: BotContext): Promise<void>;
  /** Webhook: the update was kept, not handled; Telegram must deliver it again (asking clears the mark). */
  mustRedeliver(update: object): boolean;
  /** Polling: reads how many updates an earlier run left held (call once the bot knows its id). */
  loadHeld(botId: number): Promise<void>;
  /** Polling: updates held and not yet handled. */
  heldCount(): number;
  /**
   * Polling: handles the held updates in order while the cache answers; resolves with how many were
   * handled, when none are left or the cache failed again (those stay held).
   */
  replayHeld(bot: Bot<BotContext>): Promise<number>;
}

export function createUpdateKeeper(
  app: App,
  mode: KeepingMode,
  held: HeldUpdates = createHeldUpdates(app.db),
): UpdateKeeper {
  const forRedelivery = new WeakSet<object>();
  const toldAt = new Map<number, number>();
  /** Update ids being replayed right now, and those of them the cache failed on again. */
  const replaying = new Set<number>();
  const heldAgain = new Set<number>();
  let backlog = 0;

  async function tellOnce(ctx: BotContext): Promise<void> {
    const chat = ctx.chat;
    if (chat?.type !== 'private') return;
    const now = Date.now();
    const last = toldAt.get(chat.id);
    if (last !== undefined && now - last < TELL_AGAIN_AFTER_MS) return;
    toldAt.set(chat.id, now);
    if (toldAt.size > 10_000)
      for (const [id, at] of toldAt) if (now - at >= TELL_AGAIN_AFTER_MS) toldAt.delete(id);
    try {
      if (ctx.callbackQuery)
        await ctx.answerCallbackQuery({ text: ctx.t('service-briefly-unavailable'), show_alert: true });
      else await ctx.reply(ctx.t('service-briefly-unavailable'));
    } catch (err) {
      // The update itself is safe; only the notice did not reach the lawyer.
      ctx.log.warn({ err }, 'could not tell the lawyer that the service is briefly unavailable');
    }
  }

  return {
    mode,

    mustKeep(ctx) {
      if (!app.cache.available()) return true;
      return mode === 'durable' && backlog > 0 && !replaying.has(ctx.update.update_id);
    },

    async keep(ctx) {
      stopUpdate(ctx, 'held');
      const updateId = ctx.update.update_id;
      if (mode === 'redelivery') {
        forRedelivery.add(ctx.update);
        ctx.log.warn('cache unavailable; the update is left for Telegram to deliver again');
      } else if (replaying.has(updateId)) {
        heldAgain.add(updateId); // still in held_updates: it stays there
        ctx.log.warn('cache unavailable again; the held update stays held');
        return;
      } else {
        await held.hold(ctx.me.id, ctx.update);
        backlog++;
        ctx.log.warn({ held: backlog }, 'update held until the cache is back');
      }
      if (!app.cache.available()) await tellOnce(ctx);
    },

    mustRedeliver: (update) => forRedelivery.delete(update),

    async loadHeld(botId) {
      backlog = await held.count(botId);
      if (backlog > 0)
        app.log.warn({ held: backlog }, 'updates held from an earlier run; handling them first');
    },

    heldCount: () => backlog,

    async replayHeld(bot) {
      const botId = bot.botInfo.id;
      let handled = 0;
      while (backlog > 0 && app.cache.available()) {
        const batch = await held.oldest(botId, REPLAY_BATCH);
        if (batch.length === 0) {
          backlog = 0;
          break;
        }
        for (const { updateId, payload } of batch) {
          if (!app.cache.available()) return handled;
          replaying.add(updateId);
          try {
            await bot.handleUpdate(payload as Update);
          } catch (err) {
            // As the runner does: failures past the error boundary go to the bot's own error handler.
            if (!(err instanceof BotError)) throw err;
            await bot.errorHandler(err as BotError<BotContext>);
          } finally {
            replaying.delete(updateId);
          }
          if (heldAgain.delete(updateId)) return handled;
          await held.release(botId, updateId);
          backlog = Math.max(0, backlog - 1);
          handled++;
        }
      }
      if (handled > 0) app.log.info({ handled, stillHeld: backlog }, 'held updates handled');
      return handled;
    },
  };
}

const keepers = new WeakMap<object, UpdateKeeper>();

/** The keeper `createBot` installed in this bot's chain; the transports ask for it. */
export function updateKeeperOf(bot: object): UpdateKeeper | undefined {
  return keepers.get(bot);
}

export function attachUpdateKeeper(bot: object, keeper: UpdateKeeper): void {
  keepers.set(bot, keeper);
}
