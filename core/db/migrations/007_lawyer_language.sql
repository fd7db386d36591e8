-- The language each bot user chose with /language. Keyed by Telegram id, so the bot can speak the right
-- language from the first middleware on, before the allow-list has loaded the user; gone with the user.
CREATE TABLE IF NOT EXISTS user_languages (
  telegram_id bigint PRIMARY KEY REFERENCES users (telegram_id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('en', 'ru')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
