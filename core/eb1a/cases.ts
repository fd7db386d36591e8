// A lawyer's cases: creating, listing, opening (the active case), archiving and deleting, each checked
// against the lawyer who owns the case, and the case summary other modules add facts to.
import type { Database, Queryable } from '../db/database.ts';
import { CaseNotFoundError, ValidationError } from '../errors.ts';
import { cleanTypedText } from './typed-text.ts';

export type CaseStatus = 'open' | 'archived';

export interface Case {
  id: string;
  /** users.id of the lawyer who owns the case. */
  lawyerId: string;
  clientName: string;
  fieldOfEndeavor: string;
  status: CaseStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCase {
  clientName: string;
  fieldOfEndeavor: string;
}

export interface CasePage {
  items: Case[];
  /** Zero-based, clamped to the pages that exist. */
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/**
 * One line of a case summary: a message key of cases.ftl with its parameters, worded per language by the
 * door that shows it (e.g. { key: 'cases-fact-intake', params: { status: 'paused', answered: 7, … } }).
 * A `label`/`value` pair is shown as it is.
 */
export type CaseFact =
  { key: string; params?: Readonly<Record<string, string | number>> } | { label: string; value: string };

/**
 * Something that knows a fact about a case (the intake, the evidence, the analysis) and adds it to the
 * summary. Sources are handed to the case service by the composition root, so a new module adds a line
 * to `/case` without this file knowing about it.
 */
export interface CaseSummarySource {
  readonly name: string;
  factsAbout(caseId: string): Promise<CaseFact[]>;
}

export interface CaseSummary {
  case: Case;
  /** True when this is the lawyer's active case. */
  active: boolean;
  facts: CaseFact[];
}

export interface CaseService {
  /** Creates a case for the lawyer and makes it their active case. */
  create(lawyerId: string, input: NewCase): Promise<Case>;
  /** The lawyer's case; CaseNotFoundError when it does not exist or belongs to someone else. */
  get(lawyerId: string, caseId: string): Promise<Case>;
  /** The lawyer's own cases, open ones first, newest first. */
  list(lawyerId: string, options?: { page?: number; pageSize?: number }): Promise<CasePage>;
  /** Makes the case the lawyer's active one (reopening it if archived). */
  open(lawyerId: string, caseId: string): Promise<Case>;
  /** Archives the case; if it was the active case, the lawyer has none until they open one. */
  archive(lawyerId: string, caseId: string): Promise<Case>;
  /** Takes the case out of the archive; it does not become the active case. */
  unarchive(lawyerId: string, caseId: string): Promise<Case>;
  /** Deletes the case with its intake and candidates; returns what was deleted. */
  delete(lawyerId: string, caseId: string): Promise<Case>;
  /** The active case, or null when the lawyer has none. */
  active(lawyerId: string): Promise<Case | null>;
  /** Summary of the given case, or of the active case when `caseId` is omitted (null if there is none). */
  summary(lawyerId: string, caseId?: string): Promise<CaseSummary | null>;
}

const CASE_TEXT_MAX_LENGTH = 200;
const DEFAULT_CASES_PAGE_SIZE = 5;
const MAX_CASES_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the text has the shape of a case id; anything else cannot name a case. */
export function isCaseId(text: string): boolean {
  return UUID.test(text);
}

/** The two texts a lawyer types to open a case. */
export type CaseTextField = 'clientName' | 'fieldOfEndeavor';

/** What is wrong with a typed client name or field: a message key of cases.ftl and its parameters. */
export interface CaseTextProblem {
  readonly key:
    'cases-client-name-empty' | 'cases-client-name-too-long' | 'cases-field-empty' | 'cases-field-too-long';
  readonly params?: Readonly<Record<string, number>>;
}

export type CleanedText = { ok: true; value: string } | { ok: false; problem: CaseTextProblem };

/** Tidies a client name or field of endeavour typed by the lawyer, or says what is wrong. */
export function cleanCaseText(field: CaseTextField, text: string): CleanedText {
  const value = cleanTypedText(text).replace(/\s+/g, ' ');
  const name = field === 'clientName';
  if (value === '')
    return { ok: false, problem: { key: name ? 'cases-client-name-empty' : 'cases-field-empty' } };
  if (value.length > CASE_TEXT_MAX_LENGTH) {
    return {
      ok: false,
      problem: {
        key: name ? 'cases-client-name-too-long' : 'cases-field-too-long',
        params: { length: value.length, limit: CASE_TEXT_MAX_LENGTH },
      },
    };
  }
  return { ok: true, value };
}

interface CaseRow {
  id: string;
  lawyer_id: string | number;
  client_name: string;
  field_of_endeavor: string;
  status: CaseStatus;
  created_at: Date;
  updated_at: Date;
}

const CASE_COLUMNS = 'id, lawyer_id, client_name, field_of_endeavor, status, created_at, updated_at';

function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    lawyerId: String(row.lawyer_id),
    clientName: row.client_name,
    fieldOfEndeavor: row.field_of_endeavor,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The lawyer's case, or CaseNotFoundError: the one ownership check every case-scoped store uses
 * (intake, evidence, drafting). `forUpdate` locks the row for the rest of the transaction.
 */
export async function requireOwnedCase(
  q: Queryable,
  lawyerId: string,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Case> {
  // A malformed id names no case; checking here also keeps it away from a uuid cast error.
  if (!isCaseId(caseId)) throw new CaseNotFoundError({ caseId, lawyerId, reason: 'malformed id' });
  const { rows } = await q.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 AND lawyer_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [caseId, lawyerId],
  );
  const row = rows[0];
  if (!row) throw new CaseNotFoundError({ caseId, lawyerId });
  return toCase(row);
}

async function activeCaseId(q: Queryable, lawyerId: string): Promise<string | null> {
  const { rows } = await q.query<{ active_case_id: string | null }>(
    'SELECT active_case_id FROM lawyer_state WHERE user_id = $1 FOR UPDATE',
    [lawyerId],
  );
  return rows[0]?.active_case_id ?? null;
}

/**
 * Points the lawyer at `caseId` (or at no case). Leaving a case pauses any running intake of the
 * lawyer's, so free text is only ever taken as an intake answer for the case the lawyer has in front
 * of them; /intake resumes it.
 */
async function setActiveCase(tx: Queryable, lawyerId: string, caseId: string | null): Promise<void> {
  const previous = await activeCaseId(tx, lawyerId);
  if (previous === caseId) return;
  await tx.query(
    `UPDATE intake_progress SET status = 'paused', updated_at = now()
      WHERE status = 'in_progress' AND case_id IN (SELECT id FROM cases WHERE lawyer_id = $1)`,
    [lawyerId],
  );
  await tx.query(
    `INSERT INTO lawyer_state (user_id, active_case_id) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET active_case_id = EXCLUDED.active_case_id, updated_at = now()`,
    [lawyerId, caseId],
  );
}

/** The cleaned text, or a ValidationError naming the field (`path`) and the problem's key (`message`). */
function requireText(field: CaseTextField, text: string): string {
  const cleaned = cleanCaseText(field, text);
  if (!cleaned.ok) {
    throw new ValidationError(
      [{ path: field, message: cleaned.problem.key }],
      { field, ...cleaned.problem.params },
      { message: `${field}: ${cleaned.problem.key}` },
    );
  }
  return cleaned.value;
}

export interface CaseServiceOptions {
  /** Modules that add lines to the case summary, in the order shown. */
  summarySources?: readonly CaseSummarySource[];
}

export function createCaseService(db: Database, options: CaseServiceOptions = {}): CaseService {
  const summarySources = options.summarySources ?? [];

  async function active(lawyerId: string): Promise<Case | null> {
    const { rows } = await db.query<CaseRow>(
      `SELECT ${CASE_COLUMNS.split(', ')
        .map((column) => `c.${column}`)
        .join(', ')}
         FROM lawyer_state s JOIN cases c ON c.id = s.active_case_id AND c.lawyer_id = s.user_id
        WHERE s.user_id = $1`,
      [lawyerId],
    );
    return rows[0] ? toCase(rows[0]) : null;
  }

  return {
    async create(lawyerId, input) {
      const clientName = requireText('clientName', input.clientName);
      const fieldOfEndeavor = requireText('fieldOfEndeavor', input.fieldOfEndeavor);
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<CaseRow>(
          `INSERT INTO cases (lawyer_id, client_name, field_of_endeavor) VALUES ($1, $2, $3)
           RETURNING ${CASE_COLUMNS}`,
          [lawyerId, clientName, fieldOfEndeavor],
        );
        const created = toCase(rows[0] as CaseRow);
        await setActiveCase(tx, lawyerId, created.id);
        return created;
      });
    },

    get: (lawyerId, caseId) => requireOwnedCase(db, lawyerId, caseId),

    async list(lawyerId, { page = 0, pageSize = DEFAULT_CASES_PAGE_SIZE } = {}) {
      const size = Math.min(Math.max(1, Math.trunc(pageSize)), MAX_CASES_PAGE_SIZE);
      const counted = await db.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM cases WHERE lawyer_id = $1',
        [lawyerId],
      );
      const total = Number(counted.rows[0]?.n ?? 0);
      const pageCount = Math.max(1, Math.ceil(total / size));
      const current = Math.min(Math.max(0, Math.trunc(Number.isFinite(page) ? page : 0)), pageCount - 1);
      // Ordered by creation, not by last use, so buttons do not move between pages while the lawyer pages.
      const { rows } = await db.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases WHERE lawyer_id = $1
          ORDER BY status = 'archived', created_at DESC, id LIMIT $2 OFFSET $3`,
        [lawyerId, size, current * size],
      );
      return { items: rows.map(toCase), page: current, pageSize: size, pageCount, total };
    },

    async open(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        let opened = await requireOwnedCase(tx, lawyerId, caseId, { forUpdate: true });
        if (opened.status === 'archived') {
          const { rows } = await tx.query<CaseRow>(
            `UPDATE cases SET status = 'open', updated_at = now() WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
            [caseId],
          );
          opened = toCase(rows[0] as CaseRow);
        }
        await setActiveCase(tx, lawyerId, opened.id);
        return opened;
      });
    },

    async archive(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId, { forUpdate: true });
        const { rows } = await tx.query<CaseRow>(
          `UPDATE cases SET status = 'archived', updated_at = now() WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
          [caseId],
        );
        if ((await activeCaseId(tx, lawyerId)) === caseId) await setActiveCase(tx, lawyerId, null);
        return toCase(rows[0] as CaseRow);
      });
    },

    async unarchive(lawyerId, caseId) {
      return db.transaction(async (tx) => {
        await requireOwnedCase(tx, lawyerId, caseId, { forUpdate: true });
        const { rows } = await tx.query<CaseRow>(
          `UPDATE cases SET status = 'open', updated_at = now() WHERE id = $1 RETURNING ${CASE_COLUMNS}`,
          [caseId],
        );
        return toCase(rows[0] as CaseRow);
      });
    },

    async delete(lawyerId, caseId) {
      if (!isCaseId(caseId)) throw new CaseNotFoundError({ caseId, lawyerId, reason: 'malformed id' });
      // The intake, candidates and the active-case pointer go with the case (ON DELETE in the schema).
      const { rows } = await db.query<CaseRow>(
        `DELETE FROM cases WHERE id = $1 AND lawyer_id = $2 RETURNING ${CASE_COLUMNS}`,
        [caseId, lawyerId],
      );
      const deleted = rows[0];
      if (!deleted) throw new CaseNotFoundError({ caseId, lawyerId });
      return toCase(deleted);
    },

    active,

    async summary(lawyerId, caseId) {
      const current = await active(lawyerId);
      const subject = caseId === undefined ? current : await requireOwnedCase(db, lawyerId, caseId);
      if (!subject) return null;
      const facts: CaseFact[] = [];
      for (const source of summarySources) facts.push(...(await source.factsAbout(subject.id)));
      return { case: subject, active: current?.id === subject.id, facts };
    },
  };
}
