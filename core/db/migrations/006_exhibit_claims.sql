-- One exhibit, several criteria: an exhibit keeps its number, title and documents, and is claimed under one
-- or more criteria, each claim with that criterion's own facts. One claim is the primary one (where the
-- exhibit index lists it). Every existing exhibit becomes an exhibit with one primary claim.
-- Safe to run again: each step checks what is already there.

CREATE TABLE IF NOT EXISTS evidence_claims (
  evidence_id uuid NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
  criterion text NOT NULL CHECK (criterion IN (
    'awards', 'membership', 'published_material', 'judging', 'original_contributions',
    'scholarly_articles', 'exhibitions', 'leading_role', 'high_salary', 'commercial_success'
  )),
  -- The criterion's facts, validated by the engine's zod schema before they get here.
  fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evidence_id, criterion)
);

-- At most one primary claim per exhibit; the store keeps exactly one (the last claim is never removed).
CREATE UNIQUE INDEX IF NOT EXISTS evidence_claims_one_primary ON evidence_claims (evidence_id) WHERE is_primary;
CREATE INDEX IF NOT EXISTS evidence_claims_by_criterion ON evidence_claims (criterion);

-- Today's exhibits carry their criterion and facts on the exhibit row: each becomes the exhibit's primary
-- claim, and the columns go. Run again, the columns are gone and there is nothing left to move.
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'evidence' AND column_name = 'fields'
  ) THEN
    EXECUTE $move$
      INSERT INTO evidence_claims (evidence_id, criterion, fields, is_primary, created_at, updated_at)
      SELECT id, criterion, fields, true, created_at, updated_at FROM evidence
      ON CONFLICT (evidence_id, criterion) DO NOTHING
    $move$;
    ALTER TABLE evidence DROP COLUMN criterion;
    ALTER TABLE evidence DROP COLUMN fields;
  END IF;
END;
$$;
