-- What a job produced, recorded once per job whatever the number of attempts or workers that ran it
-- (pg-boss hands a job whose worker died to another worker), and whether the lawyer was told.
CREATE TABLE IF NOT EXISTS job_results (
  job_id uuid PRIMARY KEY,
  kind text NOT NULL,
  result jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
