// Last in the chain: anything no feature handled gets an answer that says what to do next, so the lawyer
// is never left wondering whether the bot is alive.
import { Composer } from 'grammy';
import { answerCallbackOnce } from '../callback-answers.ts';
import type { BotContext } from '../context.ts';

export const NOT_UNDERSTOOD_TEXT =
  "I didn't understand that. Send /help to see what I can do, or /start for the menu.";
export const STALE_BUTTON_TEXT = 'That button is no longer active. Send /start for the menu.';

export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on('callback_query', async (ctx) => {
    // A button nobody handles would otherwise spin until Telegram gives up on it.
    await answerCallbackOnce(ctx, { text: STALE_BUTTON_TEXT });
  });

  feature.on('inline_query', async (ctx) => {
    // Case data is never offered inline (it could be posted into any chat).
    await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
  });

  feature.on('message', async (ctx) => {
    await ctx.reply(NOT_UNDERSTOOD_TEXT);
  });

  return feature;
}
