// A case's exhibits in Postgres: numbered per case (never reused), validated by the engine's schema,
// owned through the case by its lawyer, with their documents and the intake's candidates to complete.
import type { Database, Queryable } from '../db/database.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { sha256Hex, type FileContent, type FileStore, type FileUpload } from '../files.ts';
import { isCaseId, requireOwnedCase, type CaseFact, type CaseSummarySource } from './cases.ts';
import { isCriterionId, type CriterionId } from './criteria.ts';
import {
  EVIDENCE_FIELDS,
  evidenceSchema,
  type Evidence,
  type FieldSpec,
  type FieldValue,
  type SupportLetter,
} from './evidence.ts';

export const EXHIBIT_TITLE_MAX_LENGTH = 500;

/** What a lawyer supplies for a new exhibit; the number, id and dates come from the store. */
export interface NewEvidence {
  criterion: CriterionId;
  /** The criterion's facts (EVIDENCE_FIELDS), checked against the engine's schema. */
  fields: Readonly<Record<string, FieldValue>>;
  /** Omitted: made from the facts (e.g. "Best Paper Award (IEEE, 2021)"). */
  title?: string;
  letter?: SupportLetter;
  /** Language of the original document; omitted means English. */
  language?: string;
  certifiedTranslation?: boolean;
}

/** A change to an exhibit: a field set to null is cleared (optional fields only). */
export interface EvidenceChange {
  title?: string;
  fields?: Readonly<Record<string, FieldValue | null>>;
  letter?: SupportLetter | null;
  language?: string | null;
  certifiedTranslation?: boolean | null;
}

export interface AttachedFile {
  sha256: string;
  /** The name this lawyer sent it under. */
  fileName: string;
  size: number;
  mimeType: string;
  attachedAt: Date;
}

/** An exhibit as stored: the engine's Evidence plus where it lives and what is attached. */
export type StoredEvidence = Evidence & {
  readonly caseId: string;
  readonly candidateId: string | null;
  readonly files: readonly AttachedFile[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

export interface AddEvidenceOptions {
  /**
   * What caused this add (e.g. `telegram:<update_id>`): adding again with the same key in the same case
   * returns the first exhibit instead of creating a second one.
   */
  sourceKey?: string;
  /** The intake candidate this exhibit completes; it is marked completed in the same transaction. */
  candidateId?: string;
  /** Documents stored and linked in the same transaction. */
  files?: readonly FileUpload[];
}

export interface AddEvidenceResult {
  evidence: StoredEvidence;
  /** False when `sourceKey` matched an exhibit added before. */
  created: boolean;
}

export interface EvidenceStore {
  /** Adds an exhibit with the next exhibit number of the case (allocated in the insert's transaction). */
  add(
    lawyerId: string,
    caseId: string,
    input: NewEvidence,
    options?: AddEvidenceOptions,
  ): Promise<AddEvidenceResult>;
  /** The case's exhibits by exhibit number; CaseNotFoundError when the case is not the lawyer's. */
  list(lawyerId: string, caseId: string): Promise<StoredEvidence[]>;
  /** One exhibit; NotFoundError when it does not exist or its case is not the lawyer's. */
  get(lawyerId: string, evidenceId: string): Promise<StoredEvidence>;
  /** Applies the change and validates the result; the exhibit number never changes. */
  update(lawyerId: string, evidenceId: string, change: EvidenceChange): Promise<StoredEvidence>;
  /** Removes the exhibit and its links to documents; its number is not given out again. */
  remove(lawyerId: string, evidenceId: string): Promise<StoredEvidence>;
  /** Stores the document (once per content) and links it; `attached` is false when it was linked already. */
  attachFile(
    lawyerId: string,
    evidenceId: string,
    upload: FileUpload,
  ): Promise<{ file: AttachedFile; attached: boolean; evidence: StoredEvidence }>;
  /** A document of the exhibit, with the name the lawyer gave it. */
  readFile(lawyerId: string, evidenceId: string, sha256: string): Promise<FileContent & { fileName: string }>;
  /** Adds "Evidence: 4 exhibits under 3 criteria" to the case summary. */
  readonly summarySource: CaseSummarySource;
}

// ---------------------------------------------------------------------------------------------
// Titles and validation
// ---------------------------------------------------------------------------------------------

function optionLabel(spec: FieldSpec | undefined, value: unknown): string {
  return spec?.options?.find((option) => option.value === value)?.label ?? String(value);
}

function specOf(criterion: CriterionId, key: string): FieldSpec | undefined {
  const specs: readonly FieldSpec[] = EVIDENCE_FIELDS[criterion];
  return specs.find((spec) => spec.key === key);
}

function clip(text: string, max = EXHIBIT_TITLE_MAX_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** The exhibit-index title made from the facts, used when the lawyer gives none. */
export function defaultExhibitTitle(
  criterion: CriterionId,
  fields: Readonly<Record<string, unknown>>,
): string {
  const text = (key: string): string => {
    const value = fields[key];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
  };
  const inYear = (key: string): string => (fields[key] === undefined ? '' : ` (${text(key)})`);
  let title: string;
  switch (criterion) {
    case 'awards':
      title = `${text('name')} (${text('issuer')}, ${text('year')})`;
      break;
    case 'membership':
      title = `${text('level')}, ${text('association')}`;
      break;
    case 'published_material':
      title =
        fields.headline === undefined
          ? `Article in ${text('outlet')}`
          : `“${text('headline')}”, ${text('outlet')}`;
      break;
    case 'judging':
      title = `${optionLabel(specOf('judging', 'kind'), fields.kind)} for ${text('venue')}${inYear('year')}`;
      break;
    case 'original_contributions':
      title = `Contribution: ${text('description')}`;
      break;
    case 'scholarly_articles':
      title = `“${text('articleTitle')}”, ${text('venue')}${inYear('year')}`;
      break;
    case 'exhibitions':
      title = `${fields.exhibitionName === undefined ? 'Exhibition' : text('exhibitionName')} at ${text('venue')}${inYear('year')}`;
      break;
    case 'leading_role':
      title = `${text('jobTitle')}, ${text('organization')}`;
      break;
    case 'high_salary':
      title = `Pay of ${Number(fields.amount).toLocaleString('en-US')} ${text('currency')} per ${text('period')}`;
      break;
    case 'commercial_success':
      title = `Commercial success of ${text('work')}`;
      break;
  }
  return clip(title);
}

/** Says, in the words of the questions, which answers are missing or wrong. */
function validationProblem(
  criterion: CriterionId,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>,
): string {
  const described = issues.map((issue) => {
    const [first, key] = issue.path.map(String);
    if (first === 'fields' && key !== undefined) return specOf(criterion, key)?.prompt ?? key;
    return first ?? 'the exhibit';
  });
  return `Some answers are missing or not valid: ${[...new Set(described)].join(' ')}`;
}

/** Validates the whole exhibit with the engine's schema, or throws ValidationError naming the questions. */
function validated(candidate: Evidence): Evidence {
  const result = evidenceSchema.safeParse(candidate);
  if (result.success) return result.data;
  const error = ValidationError.fromIssues(result.error, { criterion: candidate.criterion });
  throw new ValidationError(error.fields, error.context, {
    cause: result.error,
    userMessage: validationProblem(candidate.criterion, result.error.issues),
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

interface EvidenceRow {
  id: string;
  case_id: string;
  exhibit_number: number;
  criterion: string;
  title: string;
  fields: Record<string, FieldValue>;
  letter: SupportLetter | null;
  language: string | null;
  certified_translation: boolean | null;
  candidate_id: string | null;
  created_at: Date;
  updated_at: Date;
}

interface FileLinkRow {
  evidence_id: string;
  sha256: string;
  file_name: string;
  size: number;
  mime_type: string;
  attached_at: Date;
}

const EVIDENCE_COLUMNS =
  'e.id, e.case_id, e.exhibit_number, e.criterion, e.title, e.fields, e.letter, e.language, e.certified_translation, e.candidate_id, e.created_at, e.updated_at';

const FILE_LINK_COLUMNS = 'l.evidence_id, l.sha256, l.file_name, f.size, f.mime_type, l.attached_at';

function toAttachedFile(row: FileLinkRow): AttachedFile {
  return {
    sha256: row.sha256,
    fileName: row.file_name,
    size: row.size,
    mimeType: row.mime_type,
    attachedAt: row.attached_at,
  };
}

function toStoredEvidence(row: EvidenceRow, files: readonly AttachedFile[]): StoredEvidence {
  if (!isCriterionId(row.criterion))
    throw new Error(`evidence ${row.id} has an unknown criterion ${row.criterion}`);
  // Rows were validated by the schema when written; the cast restores the narrowing the column loses.
  return withoutUndefined({
    id: row.id,
    caseId: row.case_id,
    exhibitNumber: row.exhibit_number,
    criterion: row.criterion,
    title: row.title,
    fields: row.fields,
    letter: row.letter ?? undefined,
    language: row.language ?? undefined,
    certifiedTranslation: row.certified_translation ?? undefined,
    candidateId: row.candidate_id,
    files,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }) as unknown as StoredEvidence;
}

function evidenceNotFound(context: Record<string, unknown>): NotFoundError {
  return new NotFoundError(context, { userMessage: 'That exhibit does not exist or is not yours.' });
}

const FOREIGN_KEY_VIOLATION = '23503';

function isForeignKeyViolation(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { code?: unknown }).code === FOREIGN_KEY_VIOLATION
  );
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export function createEvidenceStore(db: Database, files: FileStore): EvidenceStore {
  async function filesOf(q: Queryable, where: string, param: string): Promise<Map<string, AttachedFile[]>> {
    const { rows } = await q.query<FileLinkRow>(
      `SELECT ${FILE_LINK_COLUMNS} FROM evidence_files l JOIN files f ON f.sha256 = l.sha256
         JOIN evidence e ON e.id = l.evidence_id
        WHERE ${where} ORDER BY l.attached_at, l.file_name`,
      [param],
    );
    const byEvidence = new Map<string, AttachedFile[]>();
    for (const row of rows) {
      const list = byEvidence.get(row.evidence_id) ?? [];
      list.push(toAttachedFile(row));
      byEvidence.set(row.evidence_id, list);
    }
    return byEvidence;
  }

  /** The exhibit if its case belongs to the lawyer; `forUpdate` locks the exhibit row. */
  async function ownedRow(
    q: Queryable,
    lawyerId: string,
    evidenceId: string,
    forUpdate = false,
  ): Promise<EvidenceRow> {
    if (!isCaseId(evidenceId)) throw evidenceNotFound({ evidenceId, lawyerId, reason: 'malformed id' });
    const { rows } = await q.query<EvidenceRow>(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence e JOIN cases c ON c.id = e.case_id
        WHERE e.id = $1 AND c.lawyer_id = $2${forUpdate ? ' FOR UPDATE OF e' : ''}`,
      [evidenceId, lawyerId],
    );
    const row = rows[0];
    if (!row) throw evidenceNotFound({ evidenceId, lawyerId });
    return row;
  }

  async function load(q: Queryable, evidenceId: string): Promise<StoredEvidence> {
    const { rows } = await q.query<EvidenceRow>(
      `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.id = $1`,
      [evidenceId],
    );
    const row = rows[0];
    if (!row) throw evidenceNotFound({ evidenceId });
    const attached = await filesOf(q, 'e.id = $1', evidenceId);
    return toStoredEvidence(row, attached.get(evidenceId) ?? []);
  }

  async function link(tx: Queryable, evidenceId: string, upload: FileUpload): Promise<boolean> {
    const stored = await files.put(upload, tx);
    const { rowCount } = await tx.query(
      `INSERT INTO evidence_files (evidence_id, sha256, file_name) VALUES ($1, $2, $3)
       ON CONFLICT (evidence_id, sha256) DO NOTHING`,
      [evidenceId, stored.sha256, clip(upload.originalName || stored.originalName, 255)],
    );
    return rowCount > 0;
  }

  /**
   * Runs a transaction that links documents again if a concurrent removal released the same content
   * between our insert and our link (the foreign key refuses the link; a second attempt stores it anew).
   */
  async function withFileRetry<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (!isForeignKeyViolation(err)) throw err;
      return db.transaction(work);
    }
  }

  /** Marks the intake's candidate completed by this add; it must belong to the same case. */
  async function completeCandidate(tx: Queryable, caseId: string, candidateId: string): Promise<void> {
    const { rowCount } = isCaseId(candidateId)
      ? await tx.query(
          `UPDATE evidence_candidates SET status = 'completed', updated_at = now() WHERE id = $1 AND case_id = $2`,
          [candidateId, caseId],
        )
      : { rowCount: 0 };
    if (rowCount === 0) {
      throw new NotFoundError(
        { candidateId, caseId },
        { userMessage: 'That suggested exhibit no longer exists in this case.' },
      );
    }
  }

  return {
    async add(lawyerId, caseId, input, options = {}) {
      const fields = withoutUndefined({ ...input.fields });
      const exhibit = validated(
        withoutUndefined({
          id: 'new',
          exhibitNumber: 1,
          criterion: input.criterion,
          title: clip(input.title?.trim() || defaultExhibitTitle(input.criterion, fields)),
          fields,
          letter: input.letter,
          language: input.language,
          certifiedTranslation: input.certifiedTranslation,
        }) as Evidence,
      );
      return withFileRetry(async (tx) => {
        // The case row lock serialises adds to one case: the number check-and-take below cannot interleave.
        await requireOwnedCase(tx, lawyerId, caseId, { forUpdate: true });
        if (options.sourceKey !== undefined) {
          const { rows } = await tx.query<{ id: string }>(
            'SELECT id FROM evidence WHERE case_id = $1 AND source_key = $2',
            [caseId, options.sourceKey],
          );
          if (rows[0]) return { evidence: await load(tx, rows[0].id), created: false };
        }
        if (options.candidateId !== undefined) await completeCandidate(tx, caseId, options.candidateId);
        const taken = await tx.query<{ exhibit_number: number }>(
          `UPDATE cases SET next_exhibit_number = next_exhibit_number + 1 WHERE id = $1
           RETURNING next_exhibit_number - 1 AS exhibit_number`,
          [caseId],
        );
        const exhibitNumber = taken.rows[0]?.exhibit_number;
        if (exhibitNumber === undefined) throw new Error(`case ${caseId} vanished under its own lock`);
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO evidence (case_id, exhibit_number, criterion, title, fields, letter, language,
                                 certified_translation, candidate_id, source_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            caseId,
            exhibitNumber,
            exhibit.criterion,
            exhibit.title,
            JSON.stringify(exhibit.fields),
            exhibit.letter === undefined ? null : JSON.stringify(exhibit.letter),
            exhibit.language ?? null,
            exhibit.certifiedTranslation ?? null,
            options.candidateId ?? null,
            options.sourceKey ?? null,
          ],
        );
        const id = (rows[0] as { id: string }).id;
        for (const upload of options.files ?? []) await link(tx, id, upload);
        return { evidence: await load(tx, id), created: true };
      });
    },

    async list(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<EvidenceRow>(
        `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.case_id = $1 ORDER BY e.exhibit_number`,
        [caseId],
      );
      const attached = await filesOf(db, 'e.case_id = $1', caseId);
      return rows.map((row) => toStoredEvidence(row, attached.get(row.id) ?? []));
    },

    async get(lawyerId, evidenceId) {
      const row = await ownedRow(db, lawyerId, evidenceId);
      return load(db, row.id);
    },

    async update(lawyerId, evidenceId, change) {
      return db.transaction(async (tx) => {
        const current = toStoredEvidence(await ownedRow(tx, lawyerId, evidenceId, true), []);
        const fields: Record<string, unknown> = { ...current.fields };
        for (const [key, value] of Object.entries(change.fields ?? {})) {
          if (value === null) delete fields[key];
          else fields[key] = value;
        }
        // A title the store made follows the facts; one the lawyer typed stays as typed.
        const titleWasDefault = current.title === defaultExhibitTitle(current.criterion, current.fields);
        const title =
          change.title?.trim() ||
          (titleWasDefault ? defaultExhibitTitle(current.criterion, fields) : current.title);
        const pick = <T>(changed: T | null | undefined, kept: T | undefined): T | undefined =>
          changed === null ? undefined : (changed ?? kept);
        const next = validated(
          withoutUndefined({
            id: current.id,
            exhibitNumber: current.exhibitNumber,
            criterion: current.criterion,
            title: clip(title),
            fields,
            letter: pick(change.letter, current.letter),
            language: pick(change.language, current.language),
            certifiedTranslation: pick(change.certifiedTranslation, current.certifiedTranslation),
          }) as Evidence,
        );
        await tx.query(
          `UPDATE evidence SET title = $2, fields = $3, letter = $4, language = $5, certified_translation = $6,
                  updated_at = now()
            WHERE id = $1`,
          [
            current.id,
            next.title,
            JSON.stringify(next.fields),
            next.letter === undefined ? null : JSON.stringify(next.letter),
            next.language ?? null,
            next.certifiedTranslation ?? null,
          ],
        );
        return load(tx, current.id);
      });
    },

    async remove(lawyerId, evidenceId) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const removed = await load(tx, row.id);
        // The documents go with their last exhibit (trigger on evidence_files); the number stays taken
        // because cases.next_exhibit_number only ever grows.
        await tx.query('DELETE FROM evidence WHERE id = $1', [row.id]);
        return removed;
      });
    },

    async attachFile(lawyerId, evidenceId, upload) {
      return withFileRetry(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const attached = await link(tx, row.id, upload);
        await tx.query('UPDATE evidence SET updated_at = now() WHERE id = $1', [row.id]);
        const evidence = await load(tx, row.id);
        const sha256 = sha256Hex(upload.bytes);
        const file = evidence.files.find((candidate) => candidate.sha256 === sha256);
        if (!file) throw new Error(`the document linked to exhibit ${row.id} is missing right after linking`);
        return { file, attached, evidence };
      });
    },

    async readFile(lawyerId, evidenceId, sha256) {
      const row = await ownedRow(db, lawyerId, evidenceId);
      const { rows } = await db.query<{ file_name: string }>(
        'SELECT file_name FROM evidence_files WHERE evidence_id = $1 AND sha256 = $2',
        [row.id, sha256],
      );
      const linked = rows[0];
      if (!linked) throw evidenceNotFound({ evidenceId, sha256, reason: 'file not attached' });
      return { ...(await files.read(sha256)), fileName: linked.file_name };
    },

    summarySource: {
      name: 'evidence',
      async factsAbout(caseId: string): Promise<CaseFact[]> {
        const { rows } = await db.query<{
          exhibits: string | number;
          criteria: string | number;
          documents: string | number;
        }>(
          `SELECT count(*) AS exhibits, count(DISTINCT criterion) AS criteria,
                  (SELECT count(*) FROM evidence_files l JOIN evidence x ON x.id = l.evidence_id WHERE x.case_id = $1) AS documents
             FROM evidence WHERE case_id = $1`,
          [caseId],
        );
        const exhibits = Number(rows[0]?.exhibits ?? 0);
        const criteria = Number(rows[0]?.criteria ?? 0);
        const documents = Number(rows[0]?.documents ?? 0);
        if (exhibits === 0) return [{ label: 'Evidence', value: 'none yet' }];
        return [
          {
            label: 'Evidence',
            value: `${plural(exhibits, 'exhibit')} under ${plural(criteria, 'criterion', 'criteria')}, ${plural(documents, 'document')}`,
          },
        ];
      },
    },
  };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}
