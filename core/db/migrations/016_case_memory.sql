-- Answers with citations and case memory: the legal corpus shipped with the product (regulation text,
-- policy points and case law, one row per paragraph with its citation), and the notes a lawyer keeps on a
-- case. Both are searched with Postgres full-text search, the same on PGlite.

-- The corpus as loaded: replaced as a whole when the shipped text changes (its hash in corpus_versions).
CREATE TABLE IF NOT EXISTS corpus_chunks (
  id integer PRIMARY KEY,
  -- What an answer cites, as written in brackets: "8 CFR 204.5(h)(3)(iii)", "Kazarian v. USCIS".
  citation text NOT NULL CHECK (char_length(btrim(citation)) BETWEEN 1 AND 200),
  -- regulation: quoted word for word; policy and case-law: the product's own summaries; practice: lore, not law.
  kind text NOT NULL CHECK (kind IN ('regulation', 'policy', 'case-law', 'practice')),
  text text NOT NULL CHECK (char_length(btrim(text)) BETWEEN 1 AND 4000),
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', citation || ' ' || text)) STORED
);

CREATE INDEX IF NOT EXISTS corpus_chunks_search ON corpus_chunks USING gin (search_vector);

-- In how many passages each word (as stemmed) appears, computed at load: a question is searched by its
-- rarer words, since a word found in most passages says little and would make every passage a match.
CREATE TABLE IF NOT EXISTS corpus_terms (
  word text PRIMARY KEY,
  documents integer NOT NULL CHECK (documents > 0)
);

-- Which shipped corpus is loaded: one row, so every process loading at start agrees whether to reload.
CREATE TABLE IF NOT EXISTS corpus_versions (
  name text PRIMARY KEY,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  chunk_count integer NOT NULL CHECK (chunk_count >= 0),
  loaded_at timestamptz NOT NULL DEFAULT now()
);

-- What the lawyer wants remembered about a case (/note): facts, client preferences, strategy. Owned through
-- the case by its lawyer; deleting the case deletes its notes.
CREATE TABLE IF NOT EXISTS case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL,
  lawyer_id bigint NOT NULL,
  text text NOT NULL CHECK (char_length(btrim(text)) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (case_id, lawyer_id) REFERENCES cases (id, lawyer_id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS case_notes_by_case ON case_notes (case_id, lawyer_id, created_at DESC);
-- Notes are written in English or Russian; a question is searched with the configuration of its language.
CREATE INDEX IF NOT EXISTS case_notes_search_english ON case_notes USING gin (to_tsvector('english', text));
CREATE INDEX IF NOT EXISTS case_notes_search_russian ON case_notes USING gin (to_tsvector('russian', text));
