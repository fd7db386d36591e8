// Case memory: what a lawyer asks the product to remember about a case (/note), kept with the case, read
// and searched only through the owning lawyer. /ask quotes notes, and drafting can read them as material
// (never as instructions).
import type { Database } from '../db/database.ts';
import { requireOwnedCase } from '../eb1a/cases.ts';
import { cleanTypedText } from '../eb1a/typed-text.ts';
import { ValidationError } from '../errors.ts';
import { anyWordQuery, questionLanguage, QUESTION_MAX_LENGTH } from './search.ts';

export const NOTE_MAX_LENGTH = 2000;

export interface CaseNote {
  id: string;
  caseId: string;
  text: string;
  createdAt: Date;
}

export interface FoundNote extends CaseNote {
  score: number;
}

/** What is wrong with a typed note: a message key of ask.ftl and its parameters. */
export interface NoteTextProblem {
  readonly key: 'ask-note-empty' | 'ask-note-too-long';
  readonly params?: Readonly<Record<string, number>>;
}

export type CheckedNote = { ok: true; value: string } | { ok: false; problem: NoteTextProblem };

/** Tidies a typed note (control characters out, ends trimmed), or says what is wrong with it. */
export function checkNoteText(text: string): CheckedNote {
  const value = cleanTypedText(text);
  if (value === '') return { ok: false, problem: { key: 'ask-note-empty' } };
  if (value.length > NOTE_MAX_LENGTH) {
    return {
      ok: false,
      problem: { key: 'ask-note-too-long', params: { length: value.length, limit: NOTE_MAX_LENGTH } },
    };
  }
  return { ok: true, value };
}

export interface NoteStore {
  /** Adds a note to the lawyer's case (CaseNotFoundError when it is not theirs; ValidationError for bad text). */
  add(lawyerId: string, caseId: string, text: string): Promise<CaseNote>;
  /** The case's notes, newest first; CaseNotFoundError when the case is not the lawyer's. */
  list(lawyerId: string, caseId: string, limit?: number): Promise<CaseNote[]>;
  /** The notes matching the question best (English or Russian full text), best first. */
  search(lawyerId: string, caseId: string, question: string, limit?: number): Promise<FoundNote[]>;
}

interface NoteRow {
  id: string;
  case_id: string;
  text: string;
  created_at: Date;
  score?: number;
}

const toNote = (row: NoteRow): CaseNote => ({
  id: row.id,
  caseId: row.case_id,
  text: row.text,
  createdAt: row.created_at,
});

export function createNoteStore(db: Database): NoteStore {
  return {
    async add(lawyerId, caseId, text) {
      const checked = checkNoteText(text);
      if (!checked.ok) {
        throw new ValidationError(
          [{ path: 'text', message: checked.problem.key }],
          { ...checked.problem.params },
          { message: `note: ${checked.problem.key}` },
        );
      }
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<NoteRow>(
        `INSERT INTO case_notes (case_id, lawyer_id, text) VALUES ($1, $2, $3)
         RETURNING id, case_id, text, created_at`,
        [caseId, lawyerId, checked.value],
      );
      const row = rows[0];
      if (!row) throw new Error('unreachable: INSERT … RETURNING returned no row');
      return toNote(row);
    },

    async list(lawyerId, caseId, limit = 50) {
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<NoteRow>(
        `SELECT id, case_id, text, created_at FROM case_notes
          WHERE case_id = $1 AND lawyer_id = $2 ORDER BY created_at DESC, seq DESC LIMIT $3`,
        [caseId, lawyerId, limit],
      );
      return rows.map(toNote);
    },

    async search(lawyerId, caseId, question, limit = 5) {
      const language = questionLanguage(question);
      // The lawyer and the case are in the WHERE clause itself: another lawyer's notes are never read.
      const { rows } = await db.query<NoteRow>(
        `WITH q AS (SELECT ${anyWordQuery(language, '$3')} AS query)
         SELECT id, case_id, text, created_at, ts_rank(to_tsvector('${language}', text), q.query) AS score
           FROM case_notes, q
          WHERE case_id = $1 AND lawyer_id = $2 AND to_tsvector('${language}', text) @@ q.query
          ORDER BY score DESC, created_at DESC, seq DESC
          LIMIT $4`,
        [caseId, lawyerId, question.slice(0, QUESTION_MAX_LENGTH), limit],
      );
      return rows.map((row) => ({ ...toNote(row), score: Number(row.score) }));
    },
  };
}
