-- Who may call the admin API: accounts that sign in with email and password (for people), and API keys
-- (for services). Neither table ever holds a secret in a form that could be used: passwords as scrypt
-- hashes, keys as SHA-256 digests.

CREATE TABLE admin_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stored lower-case and trimmed, so one person cannot hold two accounts that differ only in case.
  email text NOT NULL UNIQUE CHECK (
    email = lower(btrim(email)) AND char_length(email) BETWEEN 3 AND 254 AND position('@' IN email) > 1
  ),
  -- PHC string: $scrypt$ln=17,r=8,p=1$<salt>$<hash>; the parameters travel with the hash so they can be raised.
  password_hash text NOT NULL CHECK (password_hash LIKE '$scrypt$%'),
  role text NOT NULL CHECK (role IN ('admin', 'service', 'user')),
  -- Deactivated, never deleted: the audit log names accounts by id.
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
  role text NOT NULL CHECK (role IN ('admin', 'service', 'user')),
  -- SHA-256 of the whole key, hex. The key itself is shown once, when it is created, and never stored.
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the key (e.g. mga_Xk3f), so an admin can tell which key a service holds.
  key_prefix text NOT NULL CHECK (key_prefix ~ '^mga_[A-Za-z0-9_-]{4}$'),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  -- Updated at most about once a minute per key: a busy service must not turn every request into a write.
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

CREATE INDEX api_keys_by_created ON api_keys (created_at DESC, id);
