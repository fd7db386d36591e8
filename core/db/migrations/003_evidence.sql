-- Evidence: the exhibits of a case (numbered per case, never renumbered), uploaded documents stored once
-- by content, and the link between them.

-- The next exhibit number of the case. Taken and incremented under the case row's lock in the same
-- transaction as the insert, so numbers are unique, gap-free under concurrency, and never reused after
-- an exhibit is removed (a petition's exhibit index and the brief cite them).
ALTER TABLE cases ADD COLUMN next_exhibit_number integer NOT NULL DEFAULT 1 CHECK (next_exhibit_number > 0);

CREATE TABLE evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  exhibit_number integer NOT NULL CHECK (exhibit_number > 0),
  criterion text NOT NULL CHECK (criterion IN (
    'awards', 'membership', 'published_material', 'judging', 'original_contributions',
    'scholarly_articles', 'exhibitions', 'leading_role', 'high_salary', 'commercial_success'
  )),
  title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 500),
  -- The criterion's facts, validated by the engine's zod schema before they get here.
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  letter jsonb CHECK (letter IS NULL OR jsonb_typeof(letter) = 'object'),
  -- Language of the original document; null means English.
  language text CHECK (language IS NULL OR char_length(btrim(language)) BETWEEN 1 AND 100),
  certified_translation boolean,
  -- The intake's candidate this exhibit completes, if any.
  candidate_id uuid REFERENCES evidence_candidates (id) ON DELETE SET NULL,
  -- What caused the insert (e.g. the Telegram update that finished the questions): a second delivery of
  -- the same request finds the first exhibit instead of creating another.
  source_key text CHECK (source_key IS NULL OR char_length(source_key) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, exhibit_number),
  UNIQUE (case_id, source_key)
);

-- Uploaded bytes, once per content. Telegram lets bots download at most 20 MB, so rows stay bounded.
-- A row with no link left is deleted when its last exhibit goes.
CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  mime_type text NOT NULL,
  -- The name the first uploader gave it; each link keeps the name its own lawyer used.
  original_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(bytes) = size)
);

CREATE TABLE evidence_files (
  evidence_id uuid NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  sha256 text NOT NULL REFERENCES files (sha256),
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
  attached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evidence_id, sha256)
);

CREATE INDEX evidence_files_by_file ON evidence_files (sha256);

-- A document leaves the database with the last exhibit that uses it, however that exhibit goes (removed,
-- or its case deleted), so a lawyer's "remove" really removes the client's document. If another
-- transaction has just linked the same content, the foreign key refuses the delete and the file stays.
CREATE FUNCTION files_delete_when_unused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    DELETE FROM files f
     WHERE f.sha256 = OLD.sha256
       AND NOT EXISTS (SELECT 1 FROM evidence_files l WHERE l.sha256 = OLD.sha256);
  EXCEPTION WHEN foreign_key_violation THEN
    -- Linked again meanwhile by a concurrent upload: still in use, so it stays.
    NULL;
  END;
  RETURN NULL;
END;
$$;
CREATE TRIGGER evidence_files_release_file
  AFTER DELETE ON evidence_files
  FOR EACH ROW EXECUTE FUNCTION files_delete_when_unused();
