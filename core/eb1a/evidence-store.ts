// A case's exhibits in Postgres: numbered per case (never reused), each claimed under one or more criteria
// with that criterion's facts (validated by the engine's schema), owned through the case by its lawyer,
// with their documents and the intake's candidates to complete.
import type { Database, Queryable } from '../db/database.ts';
import { AlreadyExistsError, FileNotFoundError, NotFoundError, ValidationError } from '../errors.ts';
import { sha256Hex, type FileContent, type FileStore, type FileUpload, type StoredFile } from '../files.ts';
import type { Locale, Translator } from '../i18n/i18n.ts';
import { isCaseId, requireOwnedCase, type CaseFact, type CaseSummarySource } from './cases.ts';
import { isCriterionId, type CriterionId } from './criteria.ts';
import {
  EVIDENCE_FIELD_SCHEMAS,
  fieldOptionKey,
  supportLetterSchema,
  type Claim,
  type Evidence,
  type FieldValue,
  type SupportLetter,
} from './evidence.ts';

const EXHIBIT_TITLE_MAX_LENGTH = 500;

/** Exhibit titles are English, as the drafts that cite them are (USCIS reads English). */
const TITLE_LOCALE: Locale = 'en';

/** What a lawyer supplies for a new exhibit: its first (primary) claim; the number, id and dates come from the store. */
export interface NewEvidence {
  criterion: CriterionId;
  /** The criterion's facts (EVIDENCE_FIELDS), checked against the engine's schema. */
  fields: Readonly<Record<string, FieldValue>>;
  /** Omitted: made from the primary claim's facts (e.g. "Best Paper Award (IEEE, 2021)"). */
  title?: string;
  letter?: SupportLetter;
  /** Language of the original document; omitted means English. */
  language?: string;
  certifiedTranslation?: boolean;
}

/**
 * A change to an exhibit: a field set to null is cleared (optional fields only). `fields` change the claim
 * under `criterion`, the primary claim when it is omitted.
 */
export interface EvidenceChange {
  title?: string;
  criterion?: CriterionId;
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

/** One criterion the exhibit is claimed under, with its facts. */
export type StoredClaim = Claim & {
  /** Where the exhibit index lists the exhibit; exactly one claim of an exhibit is primary. */
  readonly primary: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/** An exhibit as stored: one number, one title, one set of documents, and its claims (the primary first). */
export interface StoredEvidence {
  readonly id: string;
  readonly caseId: string;
  readonly exhibitNumber: number;
  /** What the exhibit is, as it will appear in the exhibit index (English, as drafts are). */
  readonly title: string;
  readonly claims: readonly StoredClaim[];
  /** Present when the exhibit is a letter. */
  readonly letter?: SupportLetter;
  /** Language of the original document; absent means English. */
  readonly language?: string;
  readonly certifiedTranslation?: boolean;
  readonly candidateId: string | null;
  readonly files: readonly AttachedFile[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One claim of an exhibit as the analysis reads it, with how many documents the exhibit has. */
export type AnalysisItem = Evidence & { readonly documentCount: number };

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
  /**
   * Documents already in the file store (a confirmed proposal's), linked in the same transaction without
   * their bytes being read or written again.
   */
  storedFiles?: readonly StoredDocument[];
}

/** A document already in the file store, by content, with the name the lawyer gave it. */
export interface StoredDocument {
  sha256: string;
  fileName: string;
}

export interface AddEvidenceResult {
  evidence: StoredEvidence;
  /** False when `sourceKey` matched an exhibit added before. */
  created: boolean;
}

export interface EvidenceStore {
  /** Adds an exhibit with the next exhibit number of the case (allocated in the insert's transaction); its claim is primary. */
  add(
    lawyerId: string,
    caseId: string,
    input: NewEvidence,
    options?: AddEvidenceOptions,
  ): Promise<AddEvidenceResult>;
  /** Claims the exhibit under another criterion as well; AlreadyExistsError when it is claimed there already. */
  addClaim(
    lawyerId: string,
    evidenceId: string,
    criterion: CriterionId,
    fields: Readonly<Record<string, FieldValue>>,
  ): Promise<StoredEvidence>;
  /**
   * Withdraws one claim; the exhibit, its number and documents stay. The last claim cannot go (remove the
   * exhibit instead); removing the primary one makes the oldest remaining claim primary.
   */
  removeClaim(lawyerId: string, evidenceId: string, criterion: CriterionId): Promise<StoredEvidence>;
  /** Makes the claim under `criterion` the one the exhibit index lists the exhibit under. */
  setPrimary(lawyerId: string, evidenceId: string, criterion: CriterionId): Promise<StoredEvidence>;
  /** The case's exhibits by exhibit number; CaseNotFoundError when the case is not the lawyer's. */
  list(lawyerId: string, caseId: string): Promise<StoredEvidence[]>;
  /** How many exhibits the case holds, without reading them; CaseNotFoundError when not the lawyer's. */
  count(lawyerId: string, caseId: string): Promise<number>;
  /** One exhibit; NotFoundError when it does not exist or its case is not the lawyer's. */
  get(lawyerId: string, evidenceId: string): Promise<StoredEvidence>;
  /** Applies the change and validates the result; the exhibit number never changes. */
  update(lawyerId: string, evidenceId: string, change: EvidenceChange): Promise<StoredEvidence>;
  /** Removes the exhibit, its claims and its links to documents; its number is not given out again. */
  remove(lawyerId: string, evidenceId: string): Promise<StoredEvidence>;
  /** Stores the document (once per content) and links it; `attached` is false when it was linked already. */
  attachFile(
    lawyerId: string,
    evidenceId: string,
    upload: FileUpload,
  ): Promise<{ file: AttachedFile; attached: boolean; evidence: StoredEvidence }>;
  /**
   * Links a document already in the file store (a proposal's) without reading or storing its bytes again;
   * `attached` is false when it was linked already. FileNotFoundError when the store no longer holds it.
   */
  attachStoredFile(
    lawyerId: string,
    evidenceId: string,
    document: StoredDocument,
  ): Promise<{ file: AttachedFile; attached: boolean; evidence: StoredEvidence }>;
  /**
   * Stores a document sent before its exhibit exists (once per content) and holds it for the lawyer until
   * `attachHeldFile` links it; a hold not used within a day is let go, and its file unless something else
   * uses it. Throws FileTooLargeError or InvalidFileTypeError as `attachFile` does.
   */
  holdFile(lawyerId: string, upload: FileUpload): Promise<{ holdId: string; file: StoredFile }>;
  /**
   * Links the held document to the exhibit and lets the hold go, in one transaction. FileNotFoundError
   * when the hold is not the lawyer's or was let go (unused for a day).
   */
  attachHeldFile(
    lawyerId: string,
    evidenceId: string,
    hold: { holdId: string; fileName: string },
  ): Promise<{ file: AttachedFile; attached: boolean; evidence: StoredEvidence }>;
  /** A document of the exhibit, with the name the lawyer gave it. */
  readFile(lawyerId: string, evidenceId: string, sha256: string): Promise<FileContent & { fileName: string }>;
  /** Adds "Evidence: 4 exhibits under 3 criteria" to the case summary. */
  readonly summarySource: CaseSummarySource;
}

/** The case's exhibits as the analysis reads them: one item per claim, each citing its exhibit's number. */
export function analysisItems(exhibits: readonly StoredEvidence[]): AnalysisItem[] {
  return exhibits.flatMap((exhibit) =>
    exhibit.claims.map(
      (claim) =>
        withoutUndefined({
          id: exhibit.id,
          exhibitNumber: exhibit.exhibitNumber,
          criterion: claim.criterion,
          title: exhibit.title,
          fields: claim.fields,
          letter: exhibit.letter,
          language: exhibit.language,
          certifiedTranslation: exhibit.certifiedTranslation,
          createdAt: exhibit.createdAt,
          documentCount: exhibit.files.length,
        }) as AnalysisItem,
    ),
  );
}

/** The primary claim (the store keeps one on every exhibit). */
export function primaryClaim(exhibit: Pick<StoredEvidence, 'claims' | 'id'>): StoredClaim {
  const primary = exhibit.claims.find((claim) => claim.primary) ?? exhibit.claims[0];
  if (!primary) throw new Error(`exhibit ${exhibit.id} has no claim`);
  return primary;
}

// ---------------------------------------------------------------------------------------------
// Titles and validation
// ---------------------------------------------------------------------------------------------

function clip(text: string, max = EXHIBIT_TITLE_MAX_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/**
 * The exhibit-index title made from the primary claim's facts, used when the lawyer gives none. Titles are
 * English, as the drafts that cite them are: option labels come from the English messages.
 */
function defaultExhibitTitle(
  translator: Translator,
  criterion: CriterionId,
  fields: Readonly<Record<string, unknown>>,
): string {
  const text = (key: string): string => {
    const value = fields[key];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
  };
  const optionLabel = (key: string): string =>
    translator.t(TITLE_LOCALE, fieldOptionKey(criterion, key, text(key))).toLowerCase();
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
    case 'judging': {
      const kind = optionLabel('kind');
      title = `${kind.charAt(0).toUpperCase()}${kind.slice(1)} for ${text('venue')}${inYear('year')}`;
      break;
    }
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

type Issues = ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>;

/**
 * A ValidationError whose `fields` name the facts by path (`fields.year`, `letter.writerName`, `title`) and
 * whose context names the criterion, so each door can name the questions in the lawyer's language.
 */
function invalid(criterion: CriterionId | undefined, prefix: string, issues: Issues, cause: unknown) {
  const fields = issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
  const named = [...new Set(fields.map((field) => field.path))].join(', ');
  return new ValidationError(fields, criterion === undefined ? {} : { criterion }, {
    cause,
    userMessage: `Some answers are missing or not valid: ${named}.`,
  });
}

/** The claim's facts as the engine's schema accepts them, or a ValidationError naming the fields. */
function validatedClaim(criterion: CriterionId, fields: Readonly<Record<string, unknown>>): Claim {
  const result = EVIDENCE_FIELD_SCHEMAS[criterion].safeParse(withoutUndefined({ ...fields }));
  if (!result.success) throw invalid(criterion, 'fields', result.error.issues, result.error);
  return { criterion, fields: result.data } as Claim;
}

interface ExhibitFacts {
  title: string;
  letter?: SupportLetter;
  language?: string;
  certifiedTranslation?: boolean;
}

function validatedExhibit(facts: ExhibitFacts): ExhibitFacts {
  const issues: Array<{ path: string[]; message: string }> = [];
  if (facts.title.trim() === '') issues.push({ path: ['title'], message: 'Required' });
  if (facts.language !== undefined && facts.language.trim() === '')
    issues.push({ path: ['language'], message: 'Required' });
  if (issues.length > 0) throw invalid(undefined, '', issues, undefined);
  if (facts.letter !== undefined) {
    const letter = supportLetterSchema.safeParse(facts.letter);
    if (!letter.success) throw invalid(undefined, 'letter', letter.error.issues, letter.error);
    return { ...facts, letter: letter.data };
  }
  return facts;
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
  title: string;
  letter: SupportLetter | null;
  language: string | null;
  certified_translation: boolean | null;
  candidate_id: string | null;
  created_at: Date;
  updated_at: Date;
}

interface ClaimRow {
  evidence_id: string;
  criterion: string;
  fields: Record<string, FieldValue>;
  is_primary: boolean;
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
  'e.id, e.case_id, e.exhibit_number, e.title, e.letter, e.language, e.certified_translation, e.candidate_id, e.created_at, e.updated_at';

const CLAIM_COLUMNS = 'k.evidence_id, k.criterion, k.fields, k.is_primary, k.created_at, k.updated_at';

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

function toClaim(row: ClaimRow): StoredClaim {
  if (!isCriterionId(row.criterion))
    throw new Error(`a claim of evidence ${row.evidence_id} has an unknown criterion ${row.criterion}`);
  // Claims were validated by the schema when written; the cast restores the narrowing the column loses.
  return {
    criterion: row.criterion,
    fields: row.fields,
    primary: row.is_primary,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  } as StoredClaim;
}

function toStoredEvidence(
  row: EvidenceRow,
  claims: readonly StoredClaim[],
  files: readonly AttachedFile[],
): StoredEvidence {
  return withoutUndefined({
    id: row.id,
    caseId: row.case_id,
    exhibitNumber: row.exhibit_number,
    title: row.title,
    claims,
    letter: row.letter ?? undefined,
    language: row.language ?? undefined,
    certifiedTranslation: row.certified_translation ?? undefined,
    candidateId: row.candidate_id,
    files,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function evidenceNotFound(context: Record<string, unknown>): NotFoundError {
  return new NotFoundError(context, { userMessage: 'That exhibit does not exist or is not yours.' });
}

function claimNotFound(context: Record<string, unknown>): NotFoundError {
  return new NotFoundError(context, { userMessage: 'That exhibit is not claimed under that criterion.' });
}

const FOREIGN_KEY_VIOLATION = '23503';

function isForeignKeyViolation(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { code?: unknown }).code === FOREIGN_KEY_VIOLATION
  );
}

function groupBy<R extends { evidence_id: string }, T>(
  rows: readonly R[],
  map: (row: R) => T,
): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.evidence_id) ?? [];
    list.push(map(row));
    grouped.set(row.evidence_id, list);
  }
  return grouped;
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

export function createEvidenceStore(db: Database, files: FileStore, translator: Translator): EvidenceStore {
  /** The claims and documents of the exhibits `where` selects (on `e`), by exhibit id. */
  async function partsOf(q: Queryable, where: string, param: string) {
    const claims = await q.query<ClaimRow>(
      `SELECT ${CLAIM_COLUMNS} FROM evidence_claims k JOIN evidence e ON e.id = k.evidence_id
        WHERE ${where} ORDER BY k.is_primary DESC, k.created_at, k.criterion`,
      [param],
    );
    const links = await q.query<FileLinkRow>(
      `SELECT ${FILE_LINK_COLUMNS} FROM evidence_files l JOIN files f ON f.sha256 = l.sha256
         JOIN evidence e ON e.id = l.evidence_id
        WHERE ${where} ORDER BY l.attached_at, l.file_name`,
      [param],
    );
    return { claims: groupBy(claims.rows, toClaim), files: groupBy(links.rows, toAttachedFile) };
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
    const parts = await partsOf(q, 'e.id = $1', evidenceId);
    return toStoredEvidence(row, parts.claims.get(evidenceId) ?? [], parts.files.get(evidenceId) ?? []);
  }

  async function link(tx: Queryable, evidenceId: string, upload: FileUpload): Promise<boolean> {
    const stored = await files.put(upload, tx);
    return linkStored(tx, evidenceId, {
      sha256: stored.sha256,
      fileName: upload.originalName || stored.originalName,
    });
  }

  async function linkStored(tx: Queryable, evidenceId: string, document: StoredDocument): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO evidence_files (evidence_id, sha256, file_name) VALUES ($1, $2, $3)
       ON CONFLICT (evidence_id, sha256) DO NOTHING`,
      [evidenceId, document.sha256, clip(document.fileName, 255)],
    );
    return rowCount > 0;
  }

  /** The exhibit just given a document, touched, with that document as it is linked. */
  async function linkedTo(
    tx: Queryable,
    evidenceId: string,
    sha256: string,
    attached: boolean,
  ): Promise<{ file: AttachedFile; attached: boolean; evidence: StoredEvidence }> {
    await tx.query('UPDATE evidence SET updated_at = now() WHERE id = $1', [evidenceId]);
    const evidence = await load(tx, evidenceId);
    const file = evidence.files.find((candidate) => candidate.sha256 === sha256);
    if (!file) throw new Error(`the document linked to exhibit ${evidenceId} is missing right after linking`);
    return { file, attached, evidence };
  }

  /** Links a stored document, holding its row until commit so the last holder letting it go cannot delete it. */
  async function linkExisting(tx: Queryable, evidenceId: string, document: StoredDocument): Promise<boolean> {
    const { rowCount } = await tx.query('SELECT 1 FROM files WHERE sha256 = $1 FOR KEY SHARE', [
      document.sha256,
    ]);
    if (rowCount === 0) throw new FileNotFoundError({ sha256: document.sha256, evidenceId });
    return linkStored(tx, evidenceId, document);
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

  /** A title the store made follows the primary claim's facts; one the lawyer typed stays as typed. */
  function followingTitle(before: StoredEvidence, beforePrimary: Claim, afterPrimary: Claim): string {
    const wasDefault =
      before.title === defaultExhibitTitle(translator, beforePrimary.criterion, beforePrimary.fields);
    return wasDefault
      ? defaultExhibitTitle(translator, afterPrimary.criterion, afterPrimary.fields)
      : before.title;
  }

  async function saveTitle(tx: Queryable, evidenceId: string, title: string): Promise<void> {
    await tx.query('UPDATE evidence SET title = $2, updated_at = now() WHERE id = $1', [evidenceId, title]);
  }

  return {
    async add(lawyerId, caseId, input, options = {}) {
      const claim = validatedClaim(input.criterion, input.fields);
      const exhibit = validatedExhibit(
        withoutUndefined({
          title: clip(input.title?.trim() || defaultExhibitTitle(translator, claim.criterion, claim.fields)),
          letter: input.letter,
          language: input.language,
          certifiedTranslation: input.certifiedTranslation,
        }),
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
          `INSERT INTO evidence (case_id, exhibit_number, title, letter, language, certified_translation,
                                 candidate_id, source_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            caseId,
            exhibitNumber,
            exhibit.title,
            exhibit.letter === undefined ? null : JSON.stringify(exhibit.letter),
            exhibit.language ?? null,
            exhibit.certifiedTranslation ?? null,
            options.candidateId ?? null,
            options.sourceKey ?? null,
          ],
        );
        const id = (rows[0] as { id: string }).id;
        await tx.query(
          `INSERT INTO evidence_claims (evidence_id, criterion, fields, is_primary) VALUES ($1, $2, $3, true)`,
          [id, claim.criterion, JSON.stringify(claim.fields)],
        );
        for (const upload of options.files ?? []) await link(tx, id, upload);
        for (const document of options.storedFiles ?? []) await linkExisting(tx, id, document);
        return { evidence: await load(tx, id), created: true };
      });
    },

    async addClaim(lawyerId, evidenceId, criterion, fields) {
      const claim = validatedClaim(criterion, fields);
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const { rowCount } = await tx.query(
          `INSERT INTO evidence_claims (evidence_id, criterion, fields, is_primary) VALUES ($1, $2, $3, false)
           ON CONFLICT (evidence_id, criterion) DO NOTHING`,
          [row.id, claim.criterion, JSON.stringify(claim.fields)],
        );
        if (rowCount === 0) {
          throw new AlreadyExistsError(
            { evidenceId, criterion },
            { userMessage: 'The exhibit is already claimed under that criterion.' },
          );
        }
        await tx.query('UPDATE evidence SET updated_at = now() WHERE id = $1', [row.id]);
        return load(tx, row.id);
      });
    },

    async removeClaim(lawyerId, evidenceId, criterion) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const before = await load(tx, row.id);
        const removed = before.claims.find((claim) => claim.criterion === criterion);
        if (!removed) throw claimNotFound({ evidenceId, criterion });
        const remaining = before.claims.filter((claim) => claim.criterion !== criterion);
        const next = remaining[0];
        if (!next) {
          throw new ValidationError(
            [{ path: 'claims', message: 'last claim' }],
            { evidenceId, criterion },
            {
              userMessage: 'An exhibit needs at least one criterion; remove the exhibit instead.',
            },
          );
        }
        await tx.query('DELETE FROM evidence_claims WHERE evidence_id = $1 AND criterion = $2', [
          row.id,
          criterion,
        ]);
        if (removed.primary) {
          // Claims come oldest first after the primary one, so the oldest remaining claim takes its place.
          await tx.query(
            'UPDATE evidence_claims SET is_primary = true WHERE evidence_id = $1 AND criterion = $2',
            [row.id, next.criterion],
          );
          await saveTitle(tx, row.id, followingTitle(before, removed, next));
        } else {
          await tx.query('UPDATE evidence SET updated_at = now() WHERE id = $1', [row.id]);
        }
        return load(tx, row.id);
      });
    },

    async setPrimary(lawyerId, evidenceId, criterion) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const before = await load(tx, row.id);
        const chosen = before.claims.find((claim) => claim.criterion === criterion);
        if (!chosen) throw claimNotFound({ evidenceId, criterion });
        if (chosen.primary) return before;
        const current = primaryClaim(before);
        // Cleared first: the partial unique index allows one primary claim at any moment.
        await tx.query('UPDATE evidence_claims SET is_primary = false WHERE evidence_id = $1', [row.id]);
        await tx.query(
          'UPDATE evidence_claims SET is_primary = true WHERE evidence_id = $1 AND criterion = $2',
          [row.id, criterion],
        );
        await saveTitle(tx, row.id, followingTitle(before, current, chosen));
        return load(tx, row.id);
      });
    },

    async list(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<EvidenceRow>(
        `SELECT ${EVIDENCE_COLUMNS} FROM evidence e WHERE e.case_id = $1 ORDER BY e.exhibit_number`,
        [caseId],
      );
      const parts = await partsOf(db, 'e.case_id = $1', caseId);
      return rows.map((row) =>
        toStoredEvidence(row, parts.claims.get(row.id) ?? [], parts.files.get(row.id) ?? []),
      );
    },

    async count(lawyerId, caseId) {
      await requireOwnedCase(db, lawyerId, caseId);
      const { rows } = await db.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM evidence WHERE case_id = $1',
        [caseId],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async get(lawyerId, evidenceId) {
      const row = await ownedRow(db, lawyerId, evidenceId);
      return load(db, row.id);
    },

    async update(lawyerId, evidenceId, change) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const current = await load(tx, row.id);
        const primary = primaryClaim(current);
        const target =
          change.criterion === undefined
            ? primary
            : current.claims.find((claim) => claim.criterion === change.criterion);
        if (!target) throw claimNotFound({ evidenceId, criterion: change.criterion });
        const fields: Record<string, unknown> = { ...target.fields };
        for (const [key, value] of Object.entries(change.fields ?? {})) {
          if (value === null) delete fields[key];
          else fields[key] = value;
        }
        const changedClaim = validatedClaim(target.criterion, fields);
        const nextPrimary = target.primary ? changedClaim : primary;
        const title = change.title?.trim() || followingTitle(current, primary, nextPrimary);
        const pick = <T>(changed: T | null | undefined, kept: T | undefined): T | undefined =>
          changed === null ? undefined : (changed ?? kept);
        const next = validatedExhibit(
          withoutUndefined({
            title: clip(title),
            letter: pick(change.letter, current.letter),
            language: pick(change.language, current.language),
            certifiedTranslation: pick(change.certifiedTranslation, current.certifiedTranslation),
          }),
        );
        if (change.fields !== undefined) {
          await tx.query(
            `UPDATE evidence_claims SET fields = $3, updated_at = now() WHERE evidence_id = $1 AND criterion = $2`,
            [row.id, changedClaim.criterion, JSON.stringify(changedClaim.fields)],
          );
        }
        await tx.query(
          `UPDATE evidence SET title = $2, letter = $3, language = $4, certified_translation = $5,
                  updated_at = now()
            WHERE id = $1`,
          [
            row.id,
            next.title,
            next.letter === undefined ? null : JSON.stringify(next.letter),
            next.language ?? null,
            next.certifiedTranslation ?? null,
          ],
        );
        return load(tx, row.id);
      });
    },

    async remove(lawyerId, evidenceId) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const removed = await load(tx, row.id);
        // The claims go with the exhibit; the documents go with their last exhibit (trigger on
        // evidence_files); the number stays taken because cases.next_exhibit_number only ever grows.
        await tx.query('DELETE FROM evidence WHERE id = $1', [row.id]);
        return removed;
      });
    },

    async attachFile(lawyerId, evidenceId, upload) {
      return withFileRetry(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const attached = await link(tx, row.id, upload);
        return linkedTo(tx, row.id, sha256Hex(upload.bytes), attached);
      });
    },

    async attachStoredFile(lawyerId, evidenceId, document) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        const attached = await linkExisting(tx, row.id, document);
        return linkedTo(tx, row.id, document.sha256, attached);
      });
    },

    async holdFile(lawyerId, upload) {
      return withFileRetry(async (tx) => {
        // Holds of questions never finished go first, so abandoned documents do not pile up.
        await tx.query(`DELETE FROM held_files WHERE held_at < now() - interval '1 day'`);
        const file = await files.put(upload, tx);
        const { rows } = await tx.query<{ id: string }>(
          'INSERT INTO held_files (lawyer_id, sha256) VALUES ($1, $2) RETURNING id',
          [lawyerId, file.sha256],
        );
        const holdId = rows[0]?.id;
        if (holdId === undefined) throw new Error('the hold of a document was not recorded');
        return { holdId, file };
      });
    },

    async attachHeldFile(lawyerId, evidenceId, hold) {
      return db.transaction(async (tx) => {
        const row = await ownedRow(tx, lawyerId, evidenceId, true);
        // The link is made before the hold goes, so the file is never unused in between.
        const { rows } = await tx.query<{ sha256: string }>(
          'SELECT sha256 FROM held_files WHERE id = $1 AND lawyer_id = $2 FOR UPDATE',
          [hold.holdId, lawyerId],
        );
        const held = rows[0];
        if (!held) throw new FileNotFoundError({ holdId: hold.holdId, evidenceId, reason: 'hold let go' });
        const attached = await linkStored(tx, row.id, { sha256: held.sha256, fileName: hold.fileName });
        await tx.query('DELETE FROM held_files WHERE id = $1', [hold.holdId]);
        return linkedTo(tx, row.id, held.sha256, attached);
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
          `SELECT count(*) AS exhibits,
                  (SELECT count(DISTINCT k.criterion) FROM evidence_claims k JOIN evidence x ON x.id = k.evidence_id
                    WHERE x.case_id = $1) AS criteria,
                  (SELECT count(*) FROM evidence_files l JOIN evidence x ON x.id = l.evidence_id WHERE x.case_id = $1) AS documents
             FROM evidence WHERE case_id = $1`,
          [caseId],
        );
        const exhibits = Number(rows[0]?.exhibits ?? 0);
        const criteria = Number(rows[0]?.criteria ?? 0);
        const documents = Number(rows[0]?.documents ?? 0);
        if (exhibits === 0) return [{ key: 'evidence-fact-none' }];
        return [{ key: 'evidence-fact-summary', params: { exhibits, criteria, documents } }];
      },
    },
  };
}
