// The bot's messages in English outside a lawyer's update: Telegram's default command menu, and the
// English texts other modules compare replies with. Inside an update, handlers use ctx.t.
import {
  createTranslator,
  DEFAULT_LOCALE,
  type TranslationParams,
  type Translator,
} from '../core/i18n/i18n.ts';

let translator: Translator | undefined;

export function english(key: string, params?: TranslationParams): string {
  translator ??= createTranslator();
  return translator.t(DEFAULT_LOCALE, key, params);
}
