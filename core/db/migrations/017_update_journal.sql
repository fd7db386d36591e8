-- held_updates becomes the journal of long polling: every update the poller takes from Telegram is written
-- here before Telegram is told it was received, and removed once it has been handled. An update the
-- process did not finish (killed mid-update, or the cache was down) is still here at the next start and
-- is handled then, in update order.
-- The payload is kept as the JSON text Telegram sent: jsonb refuses some valid JSON strings (\u0000).
ALTER TABLE held_updates ALTER COLUMN payload TYPE text USING payload::text;
