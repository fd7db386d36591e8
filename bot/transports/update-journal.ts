// Long polling writes every batch of updates to the journal (held_updates) before the runner may confirm
// it to Telegram, which happens when it asks for the next batch. So an update is either still at Telegram
// or in the journal until it has been handled, whatever happens to the process (see
// middleware/update-keeper.ts for what is done with journaled updates).
//
// Postgres down: the batch cannot be written, so it is not handed on and not confirmed. It waits here, and
// is written and handled, in order, once Postgres answers; if the process stops meanwhile, Telegram still
// has it. Each lawyer who wrote is told once that the service is briefly unavailable and nothing is lost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { DatabaseConnectionError } from '../../core/errors.ts';
import { resolveLocale } from '../../core/i18n/i18n.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { BotContext } from '../context.ts';
import { oncePerChat, type UpdateKeeper } from '../middleware/update-keeper.ts';

export interface JournalOptions {
  /** How often writing a batch is tried again while Postgres is unavailable (default 1 s). */
  retryMs?: number;
}

/** The private chat an update comes from, the sender's language, and a callback query to answer. */
function senderOf(update: Update): { chatId: number; languageCode?: string; callbackId?: string } | null {
  const message = update.message ?? update.edited_message;
  if (message?.chat.type === 'private')
    return {
      chatId: message.chat.id,
      ...(message.from?.language_code && { languageCode: message.from.language_code }),
    };
  const query = update.callback_query;
  if (query?.message?.chat.type === 'private')
    return {
      chatId: query.message.chat.id,
      callbackId: query.id,
      ...(query.from.language_code && { languageCode: query.from.language_code }),
    };
  return null;
}

export function journalPolledUpdates(
  bot: Bot<BotContext>,
  app: App,
  keeper: UpdateKeeper,
  log: Logger,
  options: JournalOptions = {},
): void {
  const retryMs = options.retryMs ?? 1_000;
  const firstTime = oncePerChat();

  async function tellWaiting(updates: readonly Update[]): Promise<void> {
    for (const update of updates) {
      const sender = senderOf(update);
      if (!sender || !firstTime(sender.chatId)) continue;
      const text = app.translator.t(resolveLocale(sender.languageCode), 'service-briefly-unavailable');
      try {
        if (sender.callbackId)
          await bot.api.answerCallbackQuery(sender.callbackId, { text, show_alert: true });
        else await bot.api.sendMessage(sender.chatId, text);
      } catch (err) {
        // The update itself is safe at Telegram; only the notice did not reach the lawyer.
        log.warn({ err }, 'could not tell the lawyer that the service is briefly unavailable');
      }
    }
  }

  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method !== 'getUpdates' || !result.ok) return result;
    const updates = result.result as Update[];
    if (updates.length === 0) return result;
    let waitingSince: number | null = null;
    for (;;) {
      try {
        await keeper.journal.hold(bot.botInfo.id, updates);
        keeper.journaled(updates.map((u) => u.update_id));
        if (waitingSince !== null)
          log.info(
            { updates: updates.length, waitedMs: Date.now() - waitingSince },
            'Postgres is back; the updates that waited are handled now',
          );
        return result;
      } catch (err) {
        if (!(err instanceof DatabaseConnectionError)) {
          log.error({ err }, 'could not write polled updates to the journal; Telegram keeps them');
          throw err;
        }
        if (waitingSince === null) {
          waitingSince = Date.now();
          log.warn(
            { err, updates: updates.length },
            'Postgres unavailable; the updates wait, unconfirmed, until it is back',
          );
          await tellWaiting(updates);
        }
      }
      // grammY types its signal with a narrower shim of its own; at run time it is the runner's AbortSignal,
      // which stops this wait when polling stops (the batch then stays at Telegram).
      await sleep(retryMs, undefined, signal ? { signal: signal as unknown as AbortSignal } : {});
    }
  });
}
