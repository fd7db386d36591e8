-- API keys a lawyer holds for their own cases (a firm's case-management system): role 'lawyer', tied to
-- the lawyer's bot user. Such a key reads and writes only that lawyer's cases and is gone with the user.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'service', 'user', 'lawyer'));
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS lawyer_id bigint REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_lawyer_owner;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_lawyer_owner CHECK ((role = 'lawyer') = (lawyer_id IS NOT NULL));
CREATE INDEX IF NOT EXISTS api_keys_by_lawyer ON api_keys (lawyer_id) WHERE lawyer_id IS NOT NULL;
