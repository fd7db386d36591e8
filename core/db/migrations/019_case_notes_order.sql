-- Notes are listed newest first. Two notes saved within the same clock tick had no order between them (the
-- tie-break was their random id), so a lawyer could see them swapped: a sequence gives the order written.
ALTER TABLE case_notes ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY;
