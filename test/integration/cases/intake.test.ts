import { expect } from 'vitest';
import type { Database, QueryResult, Queryable } from '../../../core/db/database.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import {
  createIntakeStore,
  INTAKE_ANSWER_MAX_LENGTH,
  type IntakeStore,
} from '../../../core/eb1a/intake-store.ts';
import { INTAKE_QUESTIONS, totalQuestions } from '../../../core/eb1a/intake-questions.ts';
import { CaseNotFoundError, DatabaseError } from '../../../core/errors.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from './support.ts';

const jane = { clientName: 'Jane Doe', fieldOfEndeavor: 'Machine learning for medical imaging' };

/** Skips forward until the intake is at `questionId`. */
async function skipTo(
  intake: IntakeStore,
  lawyer: string,
  caseId: string,
  questionId: string,
): Promise<void> {
  for (let guard = 0; guard <= totalQuestions; guard++) {
    const state = await intake.state(lawyer, caseId);
    if (state.question?.id === questionId) return;
    if (!state.question) break;
    await intake.skip(lawyer, caseId, state.question.id);
  }
  throw new Error(`the intake never reached ${questionId}`);
}

/**
 * The same database, except that inside transactions a statement matching `failing` throws, as a dropped
 * connection or a server error would. `ran` records what ran inside transactions before the failure.
 */
function failingInsideTransactions(db: Database, failing: RegExp): Database & { ran: string[] } {
  const ran: string[] = [];
  return {
    kind: db.kind,
    ran,
    query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
      db.query<Row>(sql, params),
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      db.transaction((tx) =>
        work({
          query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
            ran.push(sql.replace(/\s+/g, ' ').trim());
            if (failing.test(sql)) return Promise.reject(new Error('injected failure: the server went away'));
            return tx.query<Row>(sql, params);
          },
        }),
      ),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}

async function rowsOf(db: Database, table: string, caseId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await db.query(`SELECT * FROM ${table} WHERE case_id = $1`, [caseId]);
  return rows;
}

for (const { name, needs, it } of databases) {
  integrationSuite(`guided intake on ${name}`, needs, () => {
    async function newCase(db: Database) {
      const lawyer = await addLawyer(db);
      const created = await createCaseService(db).create(lawyer, jane);
      return { lawyer, caseId: created.id, intake: createIntakeStore(db) };
    }

    it('starts at the first question and records each answer while moving to the next', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      expect((await intake.state(lawyer, caseId)).status).toBe('not_started');

      const started = await intake.start(lawyer, caseId);
      expect(started).toMatchObject({ status: 'in_progress', answered: 0, total: INTAKE_QUESTIONS.length });
      expect(started.question?.id).toBe('background.client_name');
      expect(started.position).toEqual({ position: 1, total: totalQuestions, block: 'background' });

      const saved = await intake.answer(lawyer, caseId, 'background.client_name', '  Jane Quinn Doe ');
      expect(saved.outcome).toBe('saved');
      expect(saved.state.question?.id).toBe('background.field');
      expect(saved.state.answered).toBe(1);
      expect(await intake.answers(lawyer, caseId)).toEqual({ 'background.client_name': 'Jane Quinn Doe' });

      // A new store, as after a restart or a deploy, resumes at the exact question.
      const resumed = createIntakeStore(db);
      expect((await resumed.running(lawyer))?.question?.id).toBe('background.field');
    });

    it('records a redelivered update once: the same message never answers the next question too', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      const first = await intake.answer(lawyer, caseId, 'background.client_name', 'Jane Quinn Doe', {
        updateId: 700_000_101,
      });
      expect(first.outcome).toBe('saved');
      // After a crash the cache's de-duplication mark is gone and Telegram sends the same update again,
      // now while the intake waits at the second question.
      const again = await intake.answer(lawyer, caseId, 'background.field', 'Jane Quinn Doe', {
        updateId: 700_000_101,
      });
      expect(again.outcome).toBe('duplicate');
      expect(again.state.question?.id).toBe('background.field');
      expect(await intake.answers(lawyer, caseId)).toEqual({ 'background.client_name': 'Jane Quinn Doe' });
      const next = await intake.answer(lawyer, caseId, 'background.field', 'Medical imaging', {
        updateId: 700_000_102,
      });
      expect(next.outcome).toBe('saved');
    });

    it('refuses an answer that does not fit the question and keeps asking it', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await skipTo(intake, lawyer, caseId, 'career.first_year');

      const notAYear = await intake.answer(lawyer, caseId, 'career.first_year', 'a long time ago');
      expect(notAYear).toMatchObject({
        outcome: 'invalid',
        problem: { key: 'answer-year' },
      });
      expect(notAYear.state.question?.id).toBe('career.first_year');

      const tooLong = await intake.answer(
        lawyer,
        caseId,
        'career.first_year',
        '2'.repeat(INTAKE_ANSWER_MAX_LENGTH + 1),
      );
      expect(tooLong).toMatchObject({ outcome: 'invalid' });
      expect(tooLong.outcome === 'invalid' && tooLong.problem).toEqual({
        key: 'answer-too-long',
        params: { length: 4001, limit: 4000 },
      });

      expect(await rowsOf(db, 'intake_answers', caseId)).toEqual([]);
      expect((await intake.state(lawyer, caseId)).question?.id).toBe('career.first_year');

      const year = await intake.answer(lawyer, caseId, 'career.first_year', '2012');
      expect(year.outcome).toBe('saved');
      const yes = await intake.answer(lawyer, caseId, 'career.top_institution', 'Y');
      expect(yes.outcome).toBe('saved');
      expect(await intake.answers(lawyer, caseId)).toEqual({
        'career.first_year': '2012',
        'career.top_institution': 'yes',
      });
    });

    it('leaves neither the answer nor a moved pointer when the pointer update fails after the answer insert', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await skipTo(intake, lawyer, caseId, 'awards.list');
      const broken = failingInsideTransactions(db, /^\s*UPDATE intake_progress/);

      const attempt = createIntakeStore(broken).answer(
        lawyer,
        caseId,
        'awards.list',
        'Best Paper Award, IEEE, 2021, international',
      );
      await expect(attempt).rejects.toBeInstanceOf(DatabaseError);
      // The answer and its candidates were written inside the transaction before the failure...
      expect(broken.ran.some((sql) => sql.startsWith('INSERT INTO intake_answers'))).toBe(true);
      expect(broken.ran.some((sql) => sql.startsWith('INSERT INTO evidence_candidates'))).toBe(true);
      // ...and rolled back with it.
      expect(await rowsOf(db, 'intake_answers', caseId)).toEqual([]);
      expect(await rowsOf(db, 'evidence_candidates', caseId)).toEqual([]);
      const after = await intake.state(lawyer, caseId);
      expect(after.question?.id).toBe('awards.list');
      expect(after.status).toBe('in_progress');

      // Sent again on a healthy connection, it is saved once.
      const retried = await intake.answer(
        lawyer,
        caseId,
        'awards.list',
        'Best Paper Award, IEEE, 2021, international',
      );
      expect(retried.outcome).toBe('saved');
      expect(await rowsOf(db, 'intake_answers', caseId)).toHaveLength(1);
    });

    it('rolls the answer back when a constraint refuses the progress pointer', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      // The pointer must name a question while in progress (CHECK in the schema): completing through a
      // statement that keeps status 'in_progress' with a null pointer violates it, after the answer insert.
      const violating: Database = {
        ...db,
        transaction: (work) =>
          db.transaction((tx) =>
            work({
              query: (sql, params) =>
                /^\s*UPDATE intake_progress/.test(sql)
                  ? tx.query(`UPDATE intake_progress SET current_question_id = NULL WHERE case_id = $1`, [
                      params?.[0],
                    ])
                  : tx.query(sql, params),
            }),
          ),
      };
      await expect(
        createIntakeStore(violating).answer(lawyer, caseId, 'background.client_name', 'Jane Quinn Doe'),
      ).rejects.toThrow(DatabaseError);
      expect(await rowsOf(db, 'intake_answers', caseId)).toEqual([]);
      expect((await intake.state(lawyer, caseId)).question?.id).toBe('background.client_name');
    });

    it('reports an answer as saved when only the commit acknowledgement was lost', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      const lostAck: Database = {
        ...db,
        transaction: async (work) => {
          await db.transaction(work);
          throw new Error('injected: connection reset after COMMIT');
        },
      };
      const outcome = await createIntakeStore(lostAck).answer(
        lawyer,
        caseId,
        'background.client_name',
        'Jane Doe',
      );
      expect(outcome.outcome).toBe('saved');
      expect(outcome.state.question?.id).toBe('background.field');
    });

    it('goes back to the previous question showing its answer, and skips without erasing it', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await intake.answer(lawyer, caseId, 'background.client_name', 'Jane Quinn Doe');

      const atFirst = await intake.back(lawyer, caseId, 'background.field');
      expect(atFirst.moved).toBe(true);
      expect(atFirst.state.question?.id).toBe('background.client_name');
      expect(atFirst.state.currentAnswer).toBe('Jane Quinn Doe');

      const cannot = await intake.back(lawyer, caseId, 'background.client_name');
      expect(cannot.moved).toBe(false);
      expect(cannot.state.question?.id).toBe('background.client_name');

      const skipped = await intake.skip(lawyer, caseId, 'background.client_name');
      expect(skipped.state.question?.id).toBe('background.field');
      expect(await intake.answers(lawyer, caseId)).toEqual({ 'background.client_name': 'Jane Quinn Doe' });

      // A button from a question the intake has left does nothing.
      const old = await intake.skip(lawyer, caseId, 'background.client_name');
      expect(old.moved).toBe(false);
      expect(old.state.question?.id).toBe('background.field');
      const oldAnswer = await intake.answer(lawyer, caseId, 'background.client_name', 'Someone Else');
      expect(oldAnswer.outcome).toBe('stale');
      expect((await intake.answers(lawyer, caseId))['background.client_name']).toBe('Jane Quinn Doe');
    });

    it('pauses without losing the place and resumes at the same question', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await skipTo(intake, lawyer, caseId, 'career.current_position');

      const paused = await intake.pause(lawyer, caseId);
      expect(paused.status).toBe('paused');
      expect(await intake.running(lawyer)).toBeNull();
      expect(
        (await intake.answer(lawyer, caseId, 'career.current_position', 'CTO, Acme, 2019')).outcome,
      ).toBe('stale');
      expect((await intake.skip(lawyer, caseId, 'career.current_position')).moved).toBe(false);

      const resumed = await createIntakeStore(db).start(lawyer, caseId);
      expect(resumed.status).toBe('in_progress');
      expect(resumed.question?.id).toBe('career.current_position');
      expect(await rowsOf(db, 'intake_answers', caseId)).toEqual([]);
    });

    it('completes after the last question and can be gone through again keeping the answers', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      const last = INTAKE_QUESTIONS[INTAKE_QUESTIONS.length - 1]?.id ?? '';
      await skipTo(intake, lawyer, caseId, last);
      const done = await intake.answer(lawyer, caseId, last, 'Prof. Ada Lovelace, Professor, Oxford');
      expect(done.outcome).toBe('saved');
      expect(done.state).toMatchObject({ status: 'completed', question: null, answered: 1 });
      expect(await intake.running(lawyer)).toBeNull();
      expect((await intake.start(lawyer, caseId)).status).toBe('completed');

      const again = await intake.restart(lawyer, caseId);
      expect(again.status).toBe('in_progress');
      expect(again.question?.id).toBe('background.client_name');
      expect(again.answered).toBe(1);
    });

    it('turns listed items into evidence candidates, replacing open ones when the answer changes', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await skipTo(intake, lawyer, caseId, 'awards.list');
      const saved = await intake.answer(
        lawyer,
        caseId,
        'awards.list',
        'Best Paper Award, IEEE, 2021, international\nEmployee of the Month, Acme, 2019, company',
      );
      expect(saved.outcome === 'saved' && saved.candidatesAdded).toBe(2);
      const candidates = await intake.candidates(lawyer, caseId);
      expect(candidates.map((c) => [c.criterion, c.title, c.sourceQuestionId, c.status])).toEqual([
        ['awards', 'Best Paper Award, IEEE, 2021, international', 'awards.list', 'open'],
        ['awards', 'Employee of the Month, Acme, 2019, company', 'awards.list', 'open'],
      ]);
      expect(candidates[0]?.fields).toEqual({ name: 'Best Paper Award', year: 2021, scope: 'international' });

      // One was already decided by the lawyer; the other is still open.
      await db.query(`UPDATE evidence_candidates SET status = 'dismissed' WHERE id = $1`, [
        candidates[1]?.id,
      ]);
      await intake.back(lawyer, caseId, 'awards.major');
      await intake.answer(
        lawyer,
        caseId,
        'awards.list',
        'Employee of the Month, Acme, 2019, company\nACM Fellow Award, 2023',
      );
      expect((await intake.candidates(lawyer, caseId)).map((c) => [c.title, c.status])).toEqual([
        ['Employee of the Month, Acme, 2019, company', 'dismissed'],
        ['ACM Fellow Award, 2023', 'open'],
      ]);
      expect((await intake.candidates(lawyer, caseId, 'open')).map((c) => c.title)).toEqual([
        'ACM Fellow Award, 2023',
      ]);
    });

    it('builds the case profile from the answers, with the case’s name and field until the intake gives them', async ({
      db,
    }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      expect(await intake.profile(lawyer, caseId)).toEqual({
        clientName: 'Jane Doe',
        field: jane.fieldOfEndeavor,
      });
      await intake.start(lawyer, caseId);
      await intake.answer(lawyer, caseId, 'background.client_name', 'Jane Quinn Doe');
      await skipTo(intake, lawyer, caseId, 'career.first_year');
      await intake.answer(lawyer, caseId, 'career.first_year', '2012');
      await skipTo(intake, lawyer, caseId, 'original_contributions.citations');
      await intake.answer(lawyer, caseId, 'original_contributions.citations', '1,240');
      expect(await intake.profile(lawyer, caseId)).toEqual({
        clientName: 'Jane Quinn Doe',
        field: jane.fieldOfEndeavor,
        firstYearInField: 2012,
        totalCitations: 1240,
      });
    });

    it('accepts "none" for an optional number question and refuses it for a required one', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      await skipTo(intake, lawyer, caseId, 'career.first_year');
      expect((await intake.answer(lawyer, caseId, 'career.first_year', 'none')).outcome).toBe('invalid');
      await skipTo(intake, lawyer, caseId, 'career.invited_talks');
      const none = await intake.answer(lawyer, caseId, 'career.invited_talks', 'None.');
      expect(none.outcome).toBe('saved');
      expect((await intake.answers(lawyer, caseId))['career.invited_talks']).toBe('none');
    });

    it("does not let another lawyer read or answer a lawyer's intake", async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.start(lawyer, caseId);
      const other = await addLawyer(db);
      for (const attempt of [
        () => intake.state(other, caseId),
        () => intake.start(other, caseId),
        () => intake.answer(other, caseId, 'background.client_name', 'Forged'),
        () => intake.skip(other, caseId, 'background.client_name'),
        () => intake.pause(other, caseId),
        () => intake.answers(other, caseId),
        () => intake.candidates(other, caseId),
        () => intake.jump(other, caseId, 'us_plans'),
        () => intake.blocks(other, caseId),
        () => intake.prefill(other, caseId, { 'background.field': 'Forged' }),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(CaseNotFoundError);
      }
      expect(await intake.running(other)).toBeNull();
      expect(await rowsOf(db, 'intake_answers', caseId)).toEqual([]);
      expect((await intake.state(lawyer, caseId)).question?.id).toBe('background.client_name');
    });

    it('starts after the answers /newcase gave, and jumps to any block', async ({ db }) => {
      const { lawyer, caseId, intake } = await newCase(db);
      await intake.prefill(lawyer, caseId, {
        'background.client_name': ' Jane Doe ',
        'background.field': 'Machine learning for medical imaging',
        'career.first_year': 'not a year',
      });
      await intake.prefill(lawyer, caseId, { 'background.field': 'Overwritten?' });
      expect(await intake.answers(lawyer, caseId)).toEqual({
        'background.client_name': 'Jane Doe',
        'background.field': 'Machine learning for medical imaging',
      });
      expect((await intake.start(lawyer, caseId)).question?.id).toBe('background.citizenship');

      const atPlans = await intake.jump(lawyer, caseId, 'us_plans');
      expect(atPlans).toMatchObject({ status: 'in_progress', question: { id: 'us_plans.plans' } });
      await intake.answer(lawyer, caseId, 'us_plans.plans', 'Lead imaging AI at Mayo Clinic');
      const blocks = await intake.blocks(lawyer, caseId);
      expect(blocks.find((block) => block.block === 'background')).toEqual({
        block: 'background',
        answered: 2,
        total: 4,
      });
      expect(blocks.find((block) => block.block === 'us_plans')).toEqual({
        block: 'us_plans',
        answered: 1,
        total: 2,
      });

      // A block whose questions are all answered opens at its first question.
      await intake.answer(lawyer, caseId, 'us_plans.evidence', 'job_offer');
      expect((await intake.jump(lawyer, caseId, 'us_plans')).question?.id).toBe('us_plans.plans');
    });
  });
}
