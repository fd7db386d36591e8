-- Telegram updates taken from Telegram by long polling while the cache (Redis) was down. Telegram has
-- already forgotten them, so they are kept here and handled, in update order, once the cache is back.
CREATE TABLE IF NOT EXISTS held_updates (
  bot_id bigint NOT NULL,
  update_id bigint NOT NULL,
  payload jsonb NOT NULL,
  held_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bot_id, update_id)
);
