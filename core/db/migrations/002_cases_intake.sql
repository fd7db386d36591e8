-- Cases (a lawyer's clients), the lawyer's active case, the guided intake (answers and the progress
-- pointer) and the evidence candidates the intake proposes.

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A lawyer is deactivated, never deleted, while they own cases: deleting one would lose client data.
  lawyer_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  client_name text NOT NULL CHECK (char_length(btrim(client_name)) BETWEEN 1 AND 200),
  field_of_endeavor text NOT NULL CHECK (char_length(btrim(field_of_endeavor)) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Lets other tables point at "this case of this lawyer", so ownership is enforced by a foreign key.
  UNIQUE (id, lawyer_id)
);

CREATE INDEX cases_by_lawyer ON cases (lawyer_id, status, updated_at DESC, id);

-- The case a lawyer is working on: kept here, not in a session, so it survives restarts and deploys.
CREATE TABLE lawyer_state (
  user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  active_case_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The active case must be one of the lawyer's own; deleting it clears only the pointer
  -- (column-list SET NULL, Postgres 15+).
  FOREIGN KEY (active_case_id, user_id) REFERENCES cases (id, lawyer_id) ON DELETE SET NULL (active_case_id)
);

-- Where the lawyer is in the guided intake of a case. current_question_id is null once completed.
CREATE TABLE intake_progress (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  current_question_id text,
  status text NOT NULL CHECK (status IN ('in_progress', 'paused', 'completed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'completed') = (current_question_id IS NULL))
);

-- One answer per question; answering again (after Back) replaces it.
CREATE TABLE intake_answers (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  answer text NOT NULL CHECK (char_length(answer) BETWEEN 1 AND 4000),
  answered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, question_id)
);

-- Exhibits the intake answers point to, for the lawyer to complete into evidence later.
CREATE TABLE evidence_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  criterion text NOT NULL CHECK (criterion IN (
    'awards', 'membership', 'published_material', 'judging', 'original_contributions',
    'scholarly_articles', 'exhibitions', 'leading_role', 'high_salary', 'commercial_success'
  )),
  title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 500),
  fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(fields) = 'object'),
  source_question_id text NOT NULL,
  -- The item's place in the answer, so candidates list in the order the lawyer wrote them.
  position integer NOT NULL DEFAULT 0,
  -- open: waiting for the lawyer; completed: turned into an exhibit; dismissed: the lawyer said no.
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'dismissed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX evidence_candidates_by_case ON evidence_candidates (case_id, status, created_at);
