-- What the product drafts and builds for a case (the brief, the cover letter, the exhibit index,
-- recommendation letters, the exhibit packet), kept with the case and versioned, so a lawyer can list
-- them and have any version sent again.
CREATE TABLE deliverables (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  lawyer_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('brief', 'cover-letter', 'exhibit-index', 'letter', 'packet')),
  -- What the file is about within its kind: the recommender of a letter; '' for the others.
  subject text NOT NULL DEFAULT '' CHECK (char_length(subject) <= 200),
  version integer NOT NULL CHECK (version > 0),
  file_name text NOT NULL CHECK (char_length(btrim(file_name)) BETWEEN 1 AND 255),
  mime_type text NOT NULL,
  bytes bytea NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  -- How the prose was written: templates only, an LLM (checked), both, or no prose at all (a packet).
  source text NOT NULL CHECK (source IN ('template', 'llm', 'mixed', 'none')),
  -- What the lawyer should know about this version (exhibits left out and why, missing documents...).
  summary jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(summary) = 'object'),
  -- The job that made it: a retried or redelivered job finds its file instead of adding a version.
  job_id text CHECK (job_id IS NULL OR char_length(job_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, lawyer_id) REFERENCES cases (id, lawyer_id) ON DELETE CASCADE,
  CHECK (octet_length(bytes) = size),
  UNIQUE (case_id, kind, subject, version),
  UNIQUE (job_id, kind, subject)
);

CREATE INDEX deliverables_by_case ON deliverables (case_id, created_at DESC);
