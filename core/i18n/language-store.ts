// The language a bot user chose with /language, in Postgres. Read on every update, so answers are
// remembered briefly per process (bounded, like the allow-list's); a change is seen at once by the process
// that made it and within LOOKUP_TTL_MS by the others.
import type { Database } from '../db/database.ts';
import { isLocale, type Locale } from './i18n.ts';

const LOOKUP_TTL_MS = 5_000;
const MAX_REMEMBERED = 10_000;

export interface LanguageStore {
  /** The chosen language, or null when the user never chose one (Telegram's language_code decides then). */
  chosen(telegramId: number): Promise<Locale | null>;
  /** Stores the choice; the user must be on the allow-list (the row references it). */
  choose(telegramId: number, locale: Locale): Promise<void>;
}

export function createLanguageStore(db: Database): LanguageStore {
  const remembered = new Map<number, { locale: Locale | null; until: number }>();
  const remember = (telegramId: number, locale: Locale | null): void => {
    remembered.delete(telegramId);
    remembered.set(telegramId, { locale, until: Date.now() + LOOKUP_TTL_MS });
    if (remembered.size > MAX_REMEMBERED) {
      const oldest = remembered.keys().next();
      if (!oldest.done) remembered.delete(oldest.value);
    }
  };

  return {
    async chosen(telegramId) {
      const hit = remembered.get(telegramId);
      if (hit && hit.until > Date.now()) return hit.locale;
      const { rows } = await db.query<{ language: string }>(
        'SELECT language FROM user_languages WHERE telegram_id = $1',
        [telegramId],
      );
      const language = rows[0]?.language;
      const locale = isLocale(language) ? language : null;
      remember(telegramId, locale);
      return locale;
    },
    async choose(telegramId, locale) {
      await db.query(
        `INSERT INTO user_languages (telegram_id, language) VALUES ($1, $2)
         ON CONFLICT (telegram_id) DO UPDATE SET language = EXCLUDED.language, updated_at = now()`,
        [telegramId, locale],
      );
      remember(telegramId, locale);
    },
  };
}
