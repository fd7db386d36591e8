-- Admin announcements sent as jobs: the text and who sent it, and one row per recipient with what became
-- of their message. The recipients are fixed when the broadcast is queued; a retried job, or a second
-- worker finishing what a dead one started, sends only to rows still pending, so no chat gets it twice.
CREATE TABLE broadcasts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4096),
  actor text NOT NULL,
  job_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE INDEX broadcasts_by_created ON broadcasts (created_at DESC);

-- outcome: pending (not tried yet), sending (handed to Telegram, answer not recorded yet), sent, blocked
-- (the user blocked the bot: 403), failed (refused for another reason), unconfirmed (a worker died while
-- Telegram had it: it may have arrived, so it is never sent again).
CREATE TABLE broadcast_recipients (
  broadcast_id uuid NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  telegram_id bigint NOT NULL,
  position integer NOT NULL,
  outcome text NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'unconfirmed')),
  reason text CHECK (reason IS NULL OR char_length(reason) <= 200),
  attempted_at timestamptz,
  PRIMARY KEY (broadcast_id, telegram_id)
);

CREATE INDEX broadcast_recipients_pending ON broadcast_recipients (broadcast_id, position)
  WHERE outcome = 'pending';
