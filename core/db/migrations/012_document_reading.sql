-- What the product read from each uploaded document, and the exhibit it proposes from it.

-- The text of a stored file (one row per content), with its page counts and language, searchable with
-- Postgres full-text search. It goes with the file: when the last exhibit or proposal holding the file
-- lets it go, the text is deleted too.
CREATE TABLE IF NOT EXISTS document_texts (
  sha256 text PRIMARY KEY REFERENCES files (sha256) ON DELETE CASCADE,
  text text NOT NULL,
  page_count integer NOT NULL CHECK (page_count >= 0),
  ocr_page_count integer NOT NULL CHECK (ocr_page_count >= 0 AND ocr_page_count <= page_count),
  -- ISO 639-3 ('eng', 'rus'...) or 'und' when the text is too short to tell.
  language text NOT NULL CHECK (language ~ '^[a-z]{3}$'),
  -- A foreign-language document needs a certified English translation (8 CFR 103.2(b)(3)).
  needs_translation boolean NOT NULL,
  -- English stemming finds "awarded" for "award"; a tsvector holds at most 1 MB, so long texts are cut.
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', left(text, 200000))) STORED,
  read_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS document_texts_search ON document_texts USING GIN (search);

-- Documents sent at once (an album, or twenty forwarded together): one progress message per burst,
-- edited as each document is read, at most every ~2 s.
CREATE TABLE IF NOT EXISTS document_bursts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lawyer_id bigint NOT NULL,
  chat_id bigint NOT NULL,
  -- The progress message, once the bot has sent it.
  message_id integer,
  last_added_at timestamptz NOT NULL DEFAULT now(),
  last_edit_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS document_bursts_by_lawyer ON document_bursts (lawyer_id, last_added_at DESC);

-- An upload read into a proposed exhibit. The analysis never reads this table: only a confirmed
-- proposal becomes evidence (an exhibit the lawyer saw). While it is being read or waits for the
-- lawyer, the proposal holds its document; refused or rejected, it lets the document go.
CREATE TABLE IF NOT EXISTS document_proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lawyer_id bigint NOT NULL,
  case_id uuid NOT NULL,
  burst_id uuid REFERENCES document_bursts (id) ON DELETE SET NULL,
  -- What caused it (`telegram:<update_id>`): a redelivered update finds the same proposal.
  source_key text NOT NULL CHECK (char_length(source_key) BETWEEN 1 AND 200),
  sha256 text REFERENCES files (sha256),
  file_name text NOT NULL CHECK (char_length(btrim(file_name)) BETWEEN 1 AND 255),
  mime_type text NOT NULL,
  status text NOT NULL DEFAULT 'reading'
    CHECK (status IN ('reading', 'pending', 'confirmed', 'rejected', 'refused')),
  -- The criterion the text points to first (null when it points to none), the others best first.
  criterion text,
  alternatives jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(alternatives) = 'array'),
  -- Facts of `criterion` the text states: [{ key, value, phrase }].
  fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fields) = 'array'),
  -- Step-1 traps the text gives away: [{ code, phrase }].
  traps jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(traps) = 'array'),
  page_count integer CHECK (page_count >= 0),
  language text,
  needs_translation boolean,
  -- Why a refused document could not be read (core/documents/refusal.ts reasons).
  refusal text,
  evidence_id uuid REFERENCES evidence (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, lawyer_id) REFERENCES cases (id, lawyer_id) ON DELETE CASCADE,
  UNIQUE (lawyer_id, source_key),
  CHECK (status <> 'refused' OR refusal IS NOT NULL),
  CHECK (status IN ('refused', 'rejected', 'confirmed') OR sha256 IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS document_proposals_by_case ON document_proposals (case_id, created_at);
CREATE INDEX IF NOT EXISTS document_proposals_by_burst ON document_proposals (burst_id);
CREATE INDEX IF NOT EXISTS document_proposals_by_file ON document_proposals (sha256);

-- The evidence trigger deletes a file with its last exhibit; a file a proposal still holds must stay.
CREATE OR REPLACE FUNCTION files_delete_when_unused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    DELETE FROM files f
     WHERE f.sha256 = OLD.sha256
       AND NOT EXISTS (SELECT 1 FROM evidence_files l WHERE l.sha256 = OLD.sha256)
       AND NOT EXISTS (SELECT 1 FROM document_proposals p WHERE p.sha256 = OLD.sha256);
  EXCEPTION WHEN foreign_key_violation THEN
    -- Linked again meanwhile by a concurrent upload: still in use, so it stays.
    NULL;
  END;
  RETURN NULL;
END;
$$;

-- A proposal that lets its document go (refused, rejected, confirmed into an exhibit) deletes it
-- when nothing else holds it, so a refused or rejected upload leaves nothing behind.
CREATE OR REPLACE TRIGGER document_proposals_release_file
  AFTER UPDATE OF sha256 ON document_proposals
  FOR EACH ROW WHEN (OLD.sha256 IS NOT NULL AND NEW.sha256 IS DISTINCT FROM OLD.sha256)
  EXECUTE FUNCTION files_delete_when_unused();

CREATE OR REPLACE TRIGGER document_proposals_release_file_on_delete
  AFTER DELETE ON document_proposals
  FOR EACH ROW WHEN (OLD.sha256 IS NOT NULL)
  EXECUTE FUNCTION files_delete_when_unused();
