-- A document a lawyer sends while an exhibit's questions are still being answered is downloaded, checked
-- and stored once when it arrives, and held here until the saved exhibit links it (the hold goes in the
-- same transaction). A hold nobody used (the questions cancelled or abandoned) is let go after a day.
CREATE TABLE IF NOT EXISTS held_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lawyer_id bigint NOT NULL,
  sha256 text NOT NULL REFERENCES files (sha256),
  held_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS held_files_by_file ON held_files (sha256);
CREATE INDEX IF NOT EXISTS held_files_by_age ON held_files (held_at);

-- A file still held for an exhibit being made must stay, like one an exhibit or a proposal uses.
CREATE OR REPLACE FUNCTION files_delete_when_unused() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    DELETE FROM files f
     WHERE f.sha256 = OLD.sha256
       AND NOT EXISTS (SELECT 1 FROM evidence_files l WHERE l.sha256 = OLD.sha256)
       AND NOT EXISTS (SELECT 1 FROM document_proposals p WHERE p.sha256 = OLD.sha256)
       AND NOT EXISTS (SELECT 1 FROM held_files h WHERE h.sha256 = OLD.sha256);
  EXCEPTION WHEN foreign_key_violation THEN
    -- Linked again meanwhile by a concurrent upload: still in use, so it stays.
    NULL;
  END;
  RETURN NULL;
END;
$$;

-- A hold let go (used by its exhibit, or expired) deletes its file when nothing else uses it.
CREATE OR REPLACE TRIGGER held_files_release_file
  AFTER DELETE ON held_files
  FOR EACH ROW EXECUTE FUNCTION files_delete_when_unused();
