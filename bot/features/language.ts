// /language: the lawyer picks English or Russian; the choice is stored with the lawyer and used from the
// next message on (until then Telegram's language_code decides).
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import { LOCALES, type Locale } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';

const CHOOSE = /^lang:(en|ru)$/;

/** Each language named in itself, so a lawyer finds their own whatever language the bot speaks now. */
const NATIVE_NAME_KEYS: Readonly<Record<Locale, string>> = {
  en: 'language-name-en',
  ru: 'language-name-ru',
};

export function languageFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('language', async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const locale of LOCALES) keyboard.text(ctx.t(NATIVE_NAME_KEYS[locale]), `lang:${locale}`);
    await ctx.reply(ctx.t('language-choose'), { reply_markup: keyboard });
  });

  feature.callbackQuery(CHOOSE, async (ctx) => {
    const locale = ctx.match[1] === 'ru' ? 'ru' : 'en';
    await app.languages.choose(ctx.from.id, locale);
    ctx.i18n.useLocale(locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('language-chosen'));
  });

  return feature;
}
