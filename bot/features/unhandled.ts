// Last in the chain: anything no feature handled gets an answer that says what to do next, so the lawyer
// is never left wondering whether the bot is alive. An unknown command is named in the answer.
import { Composer } from 'grammy';
import { answerCallbackOnce } from '../callback-answers.ts';
import type { BotContext } from '../context.ts';
import { english } from '../english.ts';

/** The English texts, for modules and tests that compare replies with them. */
export const NOT_UNDERSTOOD_TEXT = english('start-not-understood');
export const STALE_BUTTON_TEXT = english('start-stale-button');

/** "/foo" of "/foo bar" or "/foo@SomeBot"; undefined when the text is not a command. */
export function commandOf(text: string): string | undefined {
  return /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)/.exec(text)?.[1];
}

export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on('callback_query', async (ctx) => {
    // A button nobody handles would otherwise spin until Telegram gives up on it.
    await answerCallbackOnce(ctx, { text: ctx.t('start-stale-button') });
  });

  feature.on('inline_query', async (ctx) => {
    // Case data is never offered inline (it could be posted into any chat).
    await ctx.answerInlineQuery([], { cache_time: 0, is_personal: true });
  });

  feature.on('message', async (ctx) => {
    const command = commandOf(ctx.message.text ?? '');
    await ctx.reply(
      command === undefined
        ? ctx.t('start-not-understood')
        : ctx.t('start-unknown-command', { command: `/${command}` }),
    );
  });

  return feature;
}
