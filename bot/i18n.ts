// The bot's two languages through @grammyjs/i18n: `ctx.t(key, params)` in the lawyer's language — the one
// chosen with /language, else Telegram's language_code, else English. The messages are core's Fluent files.
import { I18n } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { App } from '../core/app.ts';
import {
  DEFAULT_LOCALE,
  FLUENT_BUNDLE_OPTIONS,
  LOCALES_DIR,
  resolveLocale,
  type Locale,
} from '../core/i18n/i18n.ts';

export function createBotI18n<C extends Context>(app: App): I18n<C> {
  return new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    fluentBundleOptions: FLUENT_BUNDLE_OPTIONS,
    // A message missing from the files is a defect the locale tests catch; at run time it is logged loudly.
    fluentOptions: {
      warningHandler: (warning) =>
        app.log.error(
          { path: warning.path, locales: warning.locales },
          'a bot message is missing a translation',
        ),
    },
    localeNegotiator: (ctx) => lawyerLocale(app, ctx.from),
  });
}

/** The locale the bot speaks to this Telegram user. */
export async function lawyerLocale(
  app: App,
  from: { id: number; language_code?: string } | undefined,
): Promise<Locale> {
  if (!from) return DEFAULT_LOCALE;
  return (await app.languages.chosen(from.id)) ?? resolveLocale(from.language_code);
}
