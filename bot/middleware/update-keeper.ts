// What happens to a lawyer's update that cannot be handled now: it is kept, never lost, and handled later,
// exactly once and in order. The lawyer is told plainly, once, that the service is briefly unavailable and
// that nothing they sent was lost.
//
// How it is kept depends on the transport:
//   - webhook ('redelivery'): the update is not handled and the webhook answers Telegram with an error, so
//     Telegram delivers it again later (and holds the chat's next updates until then: order is kept).
//   - long polling ('durable'): the runner confirms updates to Telegram, which will never send them again,
//     so every polled update is first written to a journal in Postgres (held_updates, see
//     transports/update-journal.ts) and removed once handled. An update that could not be handled (the
//     cache was down) stays there and is handled in update order once the cache answers again; so are the
//     updates a killed process left unfinished, at the next start. While any are held, newer updates are
//     held behind them, so none overtakes.
// Exactly once: a replayed update goes through the de-duplication mark like any other (deduplicate.ts).
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { createHeldUpdates, type HeldUpdates } from '../../core/cache/held-updates.ts';
import { DatabaseConnectionError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { stopUpdate } from './update-metrics.ts';

export type KeepingMode = 'redelivery' | 'durable';

/** The lawyer is told once per chat within this period, however many updates are kept or redelivered. */
export const TELL_AGAIN_AFTER_MS = 5 * 60 * 1000;
const REPLAY_BATCH = 20;

export interface UpdateKeeper {
  readonly mode: KeepingMode;
  readonly journal: HeldUpdates;
  /** True when this update must be kept instead of handled now. */
  mustKeep(ctx: BotContext): boolean;
  /** Keeps the update (see the mode) and tells the lawyer, once, that nothing was lost. */
  keep(ctx: BotContext): Promise<void>;
  /** The update is being handled by another process, or one that died: keep it without telling anyone. */
  keepElsewhere(ctx: BotContext): Promise<void>;
  /** Polling: these updates were written to the journal as they were taken from Telegram. */
  journaled(updateIds: readonly number[]): void;
  /**
   * Polling: the update failed because Postgres went away while it was handled. Puts its conversation
   * back, keeps it in the journal to be handled again, and tells the lawyer once; true when kept (the
   * failure is then not the lawyer's to see), false when it cannot be (another failure, or not journaled).
   */
  holdAfterFailure(ctx: BotContext, err: unknown): Promise<boolean>;
  /** True while the update is being handled again from the journal. */
  isReplaying(updateId: number): boolean;
  /** Polling: the update was handled (or found handled before); it leaves the journal. Never throws. */
  release(ctx: BotContext): Promise<void>;
  /** Webhook: the update was kept, not handled; Telegram must deliver it again (asking clears the mark). */
  mustRedeliver(update: object): boolean;
  /** Polling: reads which updates an earlier run left in the journal (call once the bot knows its id). */
  loadHeld(botId: number): Promise<void>;
  /** Polling: updates held and not yet handled. */
  heldCount(): number;
  /**
   * Polling: handles the held updates in order while the cache answers; resolves with how many were
   * handled, when none are left or the cache failed again (those stay held).
   */
  replayHeld(bot: Bot<BotContext>): Promise<number>;
}

/** Tells a chat, at most once per TELL_AGAIN_AFTER_MS, that the service is briefly unavailable. */
export function oncePerChat(): (chatId: number, now?: number) => boolean {
  const toldAt = new Map<number, number>();
  return (chatId, now = Date.now()) => {
    const last = toldAt.get(chatId);
    if (last !== undefined && now - last < TELL_AGAIN_AFTER_MS) return false;
    toldAt.set(chatId, now);
    if (toldAt.size > 10_000)
      for (const [id, at] of toldAt) if (now - at >= TELL_AGAIN_AFTER_MS) toldAt.delete(id);
    return true;
  };
}

export interface UpdateKeeperOptions {
  journal?: HeldUpdates;
  /** Puts the chat's conversation state back as the update found it (see conversation-storage.ts). */
  rewind?: (ctx: BotContext) => Promise<void>;
}

export function createUpdateKeeper(
  app: App,
  mode: KeepingMode,
  options: UpdateKeeperOptions = {},
): UpdateKeeper {
  const journal = options.journal ?? createHeldUpdates(app.db);
  /** Update ids written to the journal by the poller and not yet released. */
  const inJournal = new Set<number>();
  const forRedelivery = new WeakSet<object>();
  const firstTime = oncePerChat();
  /** Update ids held in the journal to be handled later, not by the update that brought them. */
  const held = new Set<number>();
  /** Update ids being replayed right now, and those of them that had to be kept again. */
  const replaying = new Set<number>();
  const heldAgain = new Set<number>();

  async function tellOnce(ctx: BotContext): Promise<void> {
    const chat = ctx.chat;
    if (chat?.type !== 'private' || !firstTime(chat.id)) return;
    try {
      if (ctx.callbackQuery)
        await ctx.answerCallbackQuery({ text: ctx.t('service-briefly-unavailable'), show_alert: true });
      else await ctx.reply(ctx.t('service-briefly-unavailable'));
    } catch (err) {
      // The update itself is safe; only the notice did not reach the lawyer.
      ctx.log.warn({ err }, 'could not tell the lawyer that the service is briefly unavailable');
    }
  }

  /** Keeps the update in the journal, to be replayed; false when it is being replayed (it stays held). */
  async function holdForReplay(ctx: BotContext): Promise<boolean> {
    const updateId = ctx.update.update_id;
    if (replaying.has(updateId)) {
      heldAgain.add(updateId);
      return false;
    }
    // Polled updates are in the journal already; this covers any other way in.
    if (!inJournal.has(updateId)) await journal.hold(ctx.me.id, [ctx.update]);
    held.add(updateId);
    return true;
  }

  return {
    mode,
    journal,

    mustKeep(ctx) {
      if (!app.cache.available()) return true;
      return mode === 'durable' && held.size > 0 && !replaying.has(ctx.update.update_id);
    },

    async keep(ctx) {
      stopUpdate(ctx, 'held');
      if (mode === 'redelivery') {
        forRedelivery.add(ctx.update);
        ctx.log.warn('update left for Telegram to deliver again');
      } else if (await holdForReplay(ctx)) {
        ctx.log.warn({ held: held.size }, 'update held to be handled in order later');
      } else {
        ctx.log.warn('cache unavailable again; the held update stays held');
        return;
      }
      if (!app.cache.available()) await tellOnce(ctx);
    },

    async keepElsewhere(ctx) {
      if (mode === 'redelivery') forRedelivery.add(ctx.update);
      else await holdForReplay(ctx);
    },

    journaled(updateIds) {
      for (const id of updateIds) inJournal.add(id);
    },

    async holdAfterFailure(ctx, err) {
      const updateId = ctx.update.update_id;
      if (mode !== 'durable' || !(err instanceof DatabaseConnectionError)) return false;
      if (!inJournal.has(updateId) && !replaying.has(updateId)) return false;
      await options.rewind?.(ctx);
      stopUpdate(ctx, 'held');
      ctx.log.warn(
        { err },
        'Postgres went away while the update was handled; it is held to be handled again',
      );
      if (await holdForReplay(ctx)) await tellOnce(ctx);
      return true;
    },

    isReplaying: (updateId) => replaying.has(updateId),

    async release(ctx) {
      if (mode !== 'durable') return;
      inJournal.delete(ctx.update.update_id);
      try {
        await journal.release(ctx.me.id, ctx.update.update_id);
      } catch (err) {
        // Handled and marked so; the next start finds the row, sees the mark and only removes it.
        ctx.log.warn({ err }, 'could not remove a handled update from the journal');
      }
    },

    mustRedeliver: (update) => forRedelivery.delete(update),

    async loadHeld(botId) {
      for (const id of await journal.ids(botId)) held.add(id);
      if (held.size > 0)
        app.log.warn(
          { held: held.size },
          'updates left unfinished or held by an earlier run; handling them first',
        );
    },

    heldCount: () => held.size,

    async replayHeld(bot) {
      const botId = bot.botInfo.id;
      let handled = 0;
      while (held.size > 0 && app.cache.available()) {
        const next = [...held].sort((a, b) => a - b).slice(0, REPLAY_BATCH);
        const batch = await journal.read(botId, next);
        const found = new Set(batch.map((row) => row.updateId));
        for (const id of next) if (!found.has(id)) held.delete(id); // removed since: nothing to do
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
          held.delete(updateId);
          handled++;
        }
      }
      if (handled > 0) app.log.info({ handled, stillHeld: held.size }, 'held updates handled');
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
