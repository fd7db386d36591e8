-- Foundation: who may use the bot, what was done (append-only), feature switches, error counts.
-- Runs unchanged on PGlite and Postgres 15: nothing newer than Postgres 15, no schema names.

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  telegram_id bigint NOT NULL UNIQUE,
  display_name text,
  role text NOT NULL CHECK (role IN ('admin', 'lawyer')),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  outcome text NOT NULL,
  request_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit trail is evidence of who did what: once written, no statement may change or remove it.
-- Statement-level, so even an UPDATE or DELETE that matches no row is refused.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

CREATE TABLE feature_flags (
  name text PRIMARY KEY,
  enabled boolean NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE error_stats (
  code int PRIMARY KEY,
  category text NOT NULL,
  count bigint NOT NULL DEFAULT 0,
  first_seen timestamptz,
  last_seen timestamptz,
  last_message text
);
