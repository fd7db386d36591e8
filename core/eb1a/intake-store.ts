// The guided intake of a case, kept in the database: where the lawyer is (the progress pointer), the answers,
// and the evidence candidates the answers point to. Nothing lives in memory, so an intake resumes at the
// same question after a pause, a restart or a deploy; an answer and the pointer move in one transaction.
import type { Database, Queryable } from '../db/database.ts';
import { DatabaseError, isAppError, ValidationError } from '../errors.ts';
import type { CaseProfile } from './analysis.ts';
import { requireOwnedCase, type CaseFact, type CaseSummarySource } from './cases.ts';
import type { CriterionId } from './criteria.ts';
import { parseFieldAnswer, type AnswerProblem } from './evidence.ts';
import {
  answersToProfile,
  answerToEvidenceCandidates,
  choiceOptions,
  firstQuestion,
  INTAKE_BLOCKS,
  isIntakeQuestionId,
  isNoneAnswer,
  nextQuestionId,
  previousQuestionId,
  progressOf,
  questionById,
  questionsOf,
  totalQuestions,
  type IntakeBlockId,
  type IntakeQuestion,
} from './intake-questions.ts';
import { cleanTypedText } from './typed-text.ts';

/** Longest answer kept; Telegram allows 4096 characters per message. */
export const INTAKE_ANSWER_MAX_LENGTH = 4000;

export type IntakeStatus = 'not_started' | 'in_progress' | 'paused' | 'completed';

export interface IntakePosition {
  /** 1-based. */
  position: number;
  total: number;
  block: IntakeBlockId;
}

/** How far one block of questions is answered (the intake's menu of blocks). */
export interface BlockProgress {
  block: IntakeBlockId;
  answered: number;
  total: number;
}

export interface IntakeState {
  caseId: string;
  status: IntakeStatus;
  /** The question to ask now; null when the intake has not started or is completed. */
  question: IntakeQuestion | null;
  position: IntakePosition | null;
  /** What is already stored for `question` (the lawyer went Back, or is going through again). */
  currentAnswer: string | null;
  answered: number;
  total: number;
}

export type AnswerOutcome =
  | { outcome: 'saved'; state: IntakeState; candidatesAdded: number }
  /** The text does not fit the question (a year that is not a year, too long): nothing was written. */
  | { outcome: 'invalid'; problem: AnswerProblem; state: IntakeState }
  /** The intake is not at this question any more (an old button, a paused intake): nothing was written. */
  | { outcome: 'stale'; state: IntakeState }
  /** This update's answer was recorded before (Telegram redelivered it): nothing was written again. */
  | { outcome: 'duplicate'; state: IntakeState };

export type StepOutcome = { moved: boolean; state: IntakeState };

export type CandidateStatus = 'open' | 'completed' | 'dismissed';

export interface StoredEvidenceCandidate {
  id: string;
  caseId: string;
  criterion: CriterionId;
  title: string;
  fields: Record<string, unknown>;
  sourceQuestionId: string;
  status: CandidateStatus;
  createdAt: Date;
}

export interface IntakeStore {
  state(lawyerId: string, caseId: string): Promise<IntakeState>;
  /** Starts the intake at the first question, or resumes it where it stopped. A completed intake stays completed. */
  start(lawyerId: string, caseId: string): Promise<IntakeState>;
  /**
   * Records answers the lawyer gave elsewhere (the client name and field at /newcase) so the intake does
   * not ask them again; an answer already stored, or one that does not fit its question, is left alone.
   */
  prefill(lawyerId: string, caseId: string, answers: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Records answers given outside the guided intake (the lawyer API), replacing earlier ones, all or none:
   * ValidationError naming each unknown question or invalid answer (its message a key of answers.ftl).
   * Returns every answer of the case.
   */
  recordAnswers(
    lawyerId: string,
    caseId: string,
    answers: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>>;
  /** Goes through the questions again from the first, keeping the answers already given. */
  restart(lawyerId: string, caseId: string): Promise<IntakeState>;
  /** Records the answer to `questionId` (which must be the current question) and moves to the next one. */
  /** `updateId`: the Telegram update carrying the answer; the same update never answers twice. */
  answer(
    lawyerId: string,
    caseId: string,
    questionId: string,
    text: string,
    source?: { updateId: number },
  ): Promise<AnswerOutcome>;
  /** Moves past `questionId` without answering; an answer given earlier stays. */
  skip(lawyerId: string, caseId: string, questionId: string): Promise<StepOutcome>;
  /** Moves to the question before `questionId`; does not move at the first question. */
  back(lawyerId: string, caseId: string, questionId: string): Promise<StepOutcome>;
  /** Stops taking free text as answers until the lawyer resumes; the place is kept. */
  pause(lawyerId: string, caseId: string): Promise<IntakeState>;
  /**
   * Goes to a block of questions: its first question without an answer, or its first question when all are
   * answered. Starts or resumes the intake (even a completed one) there.
   */
  jump(lawyerId: string, caseId: string, block: IntakeBlockId): Promise<IntakeState>;
  /** Each block with how many of its questions are answered, in the order they are asked. */
  blocks(lawyerId: string, caseId: string): Promise<BlockProgress[]>;
  /** The intake the lawyer is answering now (their active case's, in progress), or null. */
  running(lawyerId: string): Promise<IntakeState | null>;
  answers(lawyerId: string, caseId: string): Promise<Record<string, string>>;
  /** The case profile built from the answers (what the analysis and drafting read). */
  profile(lawyerId: string, caseId: string): Promise<CaseProfile>;
  candidates(lawyerId: string, caseId: string, status?: CandidateStatus): Promise<StoredEvidenceCandidate[]>;
}

// ---------------------------------------------------------------------------------------------
// Checking a typed answer against its question
// ---------------------------------------------------------------------------------------------

export type CheckedAnswer = { ok: true; value: string } | { ok: false; problem: AnswerProblem };

/**
 * Turns the text a lawyer typed into the answer stored for `question`, or says what is wrong (a message
 * key of answers.ftl). Stored answers are normalised ("1,200" → "1200", "Y" → "yes", a choice → its value) so the
 * profile reads them back the same way whatever the lawyer typed.
 */
function checkIntakeAnswer(question: IntakeQuestion, text: string): CheckedAnswer {
  const trimmed = cleanTypedText(text);
  if (trimmed === '') return { ok: false, problem: { key: 'answer-empty' } };
  if (trimmed.length > INTAKE_ANSWER_MAX_LENGTH) {
    return {
      ok: false,
      problem: {
        key: 'answer-too-long',
        params: { length: trimmed.length, limit: INTAKE_ANSWER_MAX_LENGTH },
      },
    };
  }
  if (question.kind === 'text') return { ok: true, value: trimmed };
  const parsed = parseFieldAnswer({ kind: question.kind, options: choiceOptions(question.options) }, trimmed);
  if (parsed.ok) {
    const value = parsed.value;
    return { ok: true, value: typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value) };
  }
  if (question.optional && isNoneAnswer(trimmed)) return { ok: true, value: 'none' };
  return { ok: false, problem: parsed.problem };
}

// ---------------------------------------------------------------------------------------------
// Reading state
// ---------------------------------------------------------------------------------------------

interface ProgressRow {
  current_question_id: string | null;
  status: Exclude<IntakeStatus, 'not_started'>;
}

function positionOf(questionId: string): IntakePosition {
  const { position, total, block } = progressOf(questionId);
  return { position, total, block };
}

async function readAnswers(q: Queryable, caseId: string): Promise<Map<string, string>> {
  const { rows } = await q.query<{ question_id: string; answer: string }>(
    'SELECT question_id, answer FROM intake_answers WHERE case_id = $1',
    [caseId],
  );
  return new Map(rows.map((row) => [row.question_id, row.answer]));
}

async function readProgress(q: Queryable, caseId: string, forUpdate = false): Promise<ProgressRow | null> {
  const { rows } = await q.query<ProgressRow>(
    `SELECT current_question_id, status FROM intake_progress WHERE case_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  return rows[0] ?? null;
}

/** The first question from `fromId` on without an answer; null when every one after it is answered. */
function firstUnanswered(answers: ReadonlyMap<string, string>, fromId: string): string | null {
  for (let id: string | null = fromId; id !== null; id = nextQuestionId(id)) {
    if (!answers.has(id)) return id;
  }
  return null;
}

/**
 * The question the intake is at. A stored id the questionnaire no longer has (it changed under a running
 * intake) resumes at the first question without an answer rather than failing the lawyer.
 */
function currentQuestionOf(
  progress: ProgressRow,
  answers: ReadonlyMap<string, string>,
): IntakeQuestion | null {
  if (progress.status === 'completed' || progress.current_question_id === null) return null;
  const stored = questionById(progress.current_question_id);
  if (stored) return stored;
  const unanswered = firstUnanswered(answers, firstQuestion().id);
  return unanswered === null ? firstQuestion() : (questionById(unanswered) ?? firstQuestion());
}

async function loadState(q: Queryable, caseId: string, forUpdate = false): Promise<IntakeState> {
  const progress = await readProgress(q, caseId, forUpdate);
  const answers = await readAnswers(q, caseId);
  const answered = [...answers.keys()].filter(isIntakeQuestionId).length;
  const base = { caseId, answered, total: totalQuestions };
  if (!progress)
    return { ...base, status: 'not_started', question: null, position: null, currentAnswer: null };
  const question = currentQuestionOf(progress, answers);
  return {
    ...base,
    status: question ? progress.status : 'completed',
    question,
    position: question ? positionOf(question.id) : null,
    currentAnswer: question ? (answers.get(question.id) ?? null) : null,
  };
}

/** Points the intake at `questionId`, or marks it completed when there is no next question. */
async function movePointer(tx: Queryable, caseId: string, questionId: string | null): Promise<void> {
  await tx.query(
    `UPDATE intake_progress
        SET current_question_id = $2, status = CASE WHEN $2::text IS NULL THEN 'completed' ELSE 'in_progress' END,
            updated_at = now()
      WHERE case_id = $1`,
    [caseId, questionId],
  );
}

/** Replaces the open candidates an earlier answer to this question proposed; decided ones stay as decided. */
async function recordCandidates(
  tx: Queryable,
  caseId: string,
  questionId: string,
  answer: string,
): Promise<number> {
  await tx.query(
    `DELETE FROM evidence_candidates WHERE case_id = $1 AND source_question_id = $2 AND status = 'open'`,
    [caseId, questionId],
  );
  let added = 0;
  for (const [position, candidate] of answerToEvidenceCandidates(questionId, answer).entries()) {
    const { rowCount } = await tx.query(
      `INSERT INTO evidence_candidates (case_id, criterion, title, fields, source_question_id, position)
       SELECT $1, $2, $3, $4::jsonb, $5, $6
        WHERE NOT EXISTS (SELECT 1 FROM evidence_candidates
                           WHERE case_id = $1 AND source_question_id = $5 AND criterion = $2 AND title = $3)`,
      [
        caseId,
        candidate.criterion,
        candidate.title.slice(0, 500),
        JSON.stringify(candidate.fields),
        questionId,
        position,
      ],
    );
    added += rowCount;
  }
  return added;
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export function createIntakeStore(db: Database): IntakeStore {
  /** Runs a pointer move for the lawyer's case when the intake is at `questionId` and running. */
  async function step(
    lawyerId: string,
    caseId: string,
    questionId: string,
    target: (current: IntakeQuestion) => string | null | undefined,
  ): Promise<StepOutcome> {
    return db.transaction(async (tx) => {
      await requireOwnedCase(tx, lawyerId, caseId);
      const state = await loadState(tx, caseId, true);
      if (state.status !== 'in_progress' || state.question?.id !== questionId) return { moved: false, state };
      const destination = target(state.question);
      // undefined: nowhere to go (Back at the first question).
      if (destination === undefined) return { moved: false, state };
      await movePointer(tx, caseId, destination);
      return { moved: true, state: await loadState(tx, caseId) };
    });
  }

  /**
   * After a failed answer write: was it committed after all (the commit's acknowledgement lost on the
   * way back)? Only then is the lawyer told it was saved; otherwise the original failure stands.
   */
  async function committedDespite(
    caseId: string,
    questionId: string,
    value: string,
  ): Promise<IntakeState | null> {
    const { rows } = await db.query<{ answer: string }>(
      'SELECT answer FROM intake_answers WHERE case_id = $1 AND question_id = $2',
      [caseId, questionId],
    );
    if (rows[0]?.answer !== value) return null;
    const state = await loadState(db, caseId);
    return state.question?.id === questionId ? null : state;
  }

  return {
    async state(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      return loadState(db, caseId);
    },

    async start(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        // A new intake begins at the first question without an answer (some come with the case).
        const answers = await readAnswers(tx, caseId);
        await tx.query(
          `INSERT INTO intake_progress (case_id, current_question_id, status) VALUES ($1, $2, 'in_progress')
           ON CONFLICT (case_id) DO UPDATE SET status = 'in_progress', updated_at = now()
            WHERE intake_progress.status = 'paused'`,
          [caseId, firstUnanswered(answers, firstQuestion().id) ?? firstQuestion().id],
        );
        return loadState(tx, caseId);
      });
    },

    async prefill(lawyerId, caseId, given) {
      await db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        for (const [questionId, text] of Object.entries(given)) {
          const question = questionById(questionId);
          const checked = question ? checkIntakeAnswer(question, text) : undefined;
          if (!checked?.ok) continue;
          await tx.query(
            `INSERT INTO intake_answers (case_id, question_id, answer) VALUES ($1, $2, $3)
             ON CONFLICT (case_id, question_id) DO NOTHING`,
            [caseId, questionId, checked.value],
          );
        }
      });
    },

    async recordAnswers(lawyerId, caseId, given) {
      const checked: [string, string][] = [];
      const problems: { path: string; message: string }[] = [];
      for (const [questionId, text] of Object.entries(given)) {
        const question = questionById(questionId);
        if (!question) {
          problems.push({ path: questionId, message: 'intake-unknown-question' });
          continue;
        }
        const answer = checkIntakeAnswer(question, text);
        if (answer.ok) checked.push([questionId, answer.value]);
        else problems.push({ path: questionId, message: answer.problem.key });
      }
      if (problems.length > 0) throw new ValidationError(problems, { caseId });
      await db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        for (const [questionId, value] of checked) {
          await tx.query(
            `INSERT INTO intake_answers (case_id, question_id, answer) VALUES ($1, $2, $3)
             ON CONFLICT (case_id, question_id) DO UPDATE SET answer = EXCLUDED.answer`,
            [caseId, questionId, value],
          );
        }
      });
      return this.answers(lawyerId, caseId);
    },

    async restart(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        await tx.query(
          `INSERT INTO intake_progress (case_id, current_question_id, status) VALUES ($1, $2, 'in_progress')
           ON CONFLICT (case_id) DO UPDATE SET current_question_id = EXCLUDED.current_question_id,
             status = 'in_progress', updated_at = now()`,
          [caseId, firstQuestion().id],
        );
        return loadState(tx, caseId);
      });
    },

    async answer(lawyerId, caseId, questionId, text, source) {
      const updateId = source?.updateId ?? null;
      const question = questionById(questionId);
      // Set once the answer passed its checks, so a failure after it can be told apart from a refusal.
      const written: { value: string | null } = { value: null };
      try {
        return await db.transaction(async (tx): Promise<AnswerOutcome> => {
          await requireOwnedCase(tx, lawyerId, caseId);
          const state = await loadState(tx, caseId, true);
          if (updateId !== null) {
            const seen = await tx.query(
              'SELECT 1 FROM intake_answers WHERE case_id = $1 AND update_id = $2',
              [caseId, updateId],
            );
            if (seen.rowCount > 0) return { outcome: 'duplicate', state };
          }
          if (!question || state.status !== 'in_progress' || state.question?.id !== questionId) {
            return { outcome: 'stale', state };
          }
          const checked = checkIntakeAnswer(question, text);
          if (!checked.ok) return { outcome: 'invalid', problem: checked.problem, state };
          const value = checked.value;
          written.value = value;
          await tx.query(
            `INSERT INTO intake_answers (case_id, question_id, answer, update_id) VALUES ($1, $2, $3, $4)
             ON CONFLICT (case_id, question_id)
             DO UPDATE SET answer = EXCLUDED.answer, update_id = EXCLUDED.update_id, answered_at = now()`,
            [caseId, questionId, value, updateId],
          );
          const candidatesAdded = await recordCandidates(tx, caseId, questionId, value);
          // Last, so a failure anywhere above leaves the pointer where the lawyer still sees it.
          await movePointer(tx, caseId, nextQuestionId(questionId));
          return { outcome: 'saved', state: await loadState(tx, caseId), candidatesAdded };
        });
      } catch (err) {
        if (isAppError(err)) throw err;
        let checkFailure: unknown;
        if (written.value !== null) {
          try {
            const saved = await committedDespite(caseId, questionId, written.value);
            if (saved) return { outcome: 'saved', state: saved, candidatesAdded: 0 };
          } catch (checkErr) {
            checkFailure = checkErr;
          }
        }
        throw new DatabaseError(
          {
            caseId,
            questionId,
            checkedWhetherCommitted: written.value !== null && checkFailure === undefined,
          },
          {
            cause:
              checkFailure === undefined
                ? err
                : new AggregateError([err, checkFailure], 'write and check both failed'),
            message: 'the intake answer and its progress pointer were not saved',
          },
        );
      }
    },

    skip: (lawyerId, caseId, questionId) =>
      step(lawyerId, caseId, questionId, (current) => nextQuestionId(current.id)),

    back: (lawyerId, caseId, questionId) =>
      step(lawyerId, caseId, questionId, (current) => previousQuestionId(current.id) ?? undefined),

    async pause(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        await tx.query(
          `UPDATE intake_progress SET status = 'paused', updated_at = now() WHERE case_id = $1 AND status = 'in_progress'`,
          [caseId],
        );
        return loadState(tx, caseId);
      });
    },

    async jump(lawyerId, caseId, block) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId);
        const answers = await readAnswers(tx, caseId);
        const questions = questionsOf(block);
        const target = questions.find((question) => !answers.has(question.id)) ?? questions[0];
        if (!target) return loadState(tx, caseId);
        await tx.query(
          `INSERT INTO intake_progress (case_id, current_question_id, status) VALUES ($1, $2, 'in_progress')
           ON CONFLICT (case_id) DO UPDATE SET current_question_id = EXCLUDED.current_question_id,
             status = 'in_progress', updated_at = now()`,
          [caseId, target.id],
        );
        return loadState(tx, caseId);
      });
    },

    async blocks(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      const answers = await readAnswers(db, caseId);
      return INTAKE_BLOCKS.map(({ id }) => {
        const questions = questionsOf(id);
        return {
          block: id,
          answered: questions.filter((question) => answers.has(question.id)).length,
          total: questions.length,
        };
      });
    },

    async running(lawyerId) {
      const { rows } = await db.query<{ case_id: string }>(
        `SELECT p.case_id FROM lawyer_state s
           JOIN cases c ON c.id = s.active_case_id AND c.lawyer_id = s.user_id
           JOIN intake_progress p ON p.case_id = c.id
          WHERE s.user_id = $1 AND p.status = 'in_progress'`,
        [lawyerId],
      );
      const caseId = rows[0]?.case_id;
      if (caseId === undefined) return null;
      const state = await loadState(db, caseId);
      return state.status === 'in_progress' ? state : null;
    },

    async answers(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      return Object.fromEntries(await readAnswers(db, caseId));
    },

    async profile(lawyerId, caseId) {
      const owned = await requireOwnedCase(db, lawyerId, caseId);
      const fromAnswers = answersToProfile(Object.fromEntries(await readAnswers(db, caseId)));
      // The case's own name and field stand in until the intake gives the full legal name and a narrower field.
      return { clientName: owned.clientName, field: owned.fieldOfEndeavor, ...fromAnswers };
    },

    async candidates(lawyerId, caseId, status) {
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<{
        id: string;
        case_id: string;
        criterion: CriterionId;
        title: string;
        fields: Record<string, unknown>;
        source_question_id: string;
        status: CandidateStatus;
        created_at: Date;
      }>(
        `SELECT id, case_id, criterion, title, fields, source_question_id, status, created_at
           FROM evidence_candidates WHERE case_id = $1 AND ($2::text IS NULL OR status = $2)
          ORDER BY created_at, source_question_id, position, id`,
        [caseId, status ?? null],
      );
      return rows.map((row) => ({
        id: row.id,
        caseId: row.case_id,
        criterion: row.criterion,
        title: row.title,
        fields: row.fields,
        sourceQuestionId: row.source_question_id,
        status: row.status,
        createdAt: row.created_at,
      }));
    },
  };
}

/** The intake's lines in the case summary: how far it is, and how many possible exhibits it found. */
export function intakeSummarySource(db: Database): CaseSummarySource {
  return {
    name: 'intake',
    async factsAbout(caseId): Promise<CaseFact[]> {
      const state = await loadState(db, caseId);
      const facts: CaseFact[] = [
        {
          key: 'cases-fact-intake',
          params: {
            status: state.status,
            answered: state.answered,
            total: state.total,
            position: state.position?.position ?? 0,
          },
        },
      ];
      const { rows } = await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM evidence_candidates WHERE case_id = $1 AND status = 'open'`,
        [caseId],
      );
      const open = Number(rows[0]?.n ?? 0);
      if (open > 0) facts.push({ key: 'cases-fact-intake-candidates', params: { count: open } });
      return facts;
    },
  };
}
