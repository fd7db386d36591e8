-- The Telegram update that carried each intake answer. The de-duplication marks live in the cache, which
-- can be lost (a crash on embedded storage, a Redis flush); this makes a redelivered answer a no-op anyway.
ALTER TABLE intake_answers ADD COLUMN update_id bigint;
CREATE UNIQUE INDEX intake_answers_case_update ON intake_answers (case_id, update_id) WHERE update_id IS NOT NULL;
