// What the product drafts and builds for a case, kept with the case and versioned: each save of a kind
// (and subject, for letters) is the next version. Every read goes through the owning lawyer.
import type { Database, Queryable } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';

export const DELIVERABLE_KINDS = ['brief', 'cover-letter', 'exhibit-index', 'letter', 'packet'] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

export type DeliverableSource = 'template' | 'llm' | 'mixed' | 'none';

export interface NewDeliverable {
  lawyerId: string;
  caseId: string;
  kind: DeliverableKind;
  /** The recommender of a letter; omitted for the other kinds. */
  subject?: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  source: DeliverableSource;
  /** What the lawyer should know about this version; stored as JSON. */
  summary?: Record<string, unknown>;
  /** The job that made it: saving again from the same job returns the first save. */
  jobId?: string;
}

export interface Deliverable {
  id: string;
  caseId: string;
  kind: DeliverableKind;
  subject: string;
  version: number;
  fileName: string;
  mimeType: string;
  size: number;
  source: DeliverableSource;
  summary: Record<string, unknown>;
  createdAt: Date;
}

export interface DeliverableContent extends Deliverable {
  bytes: Buffer;
}

export interface DeliverableStore {
  /**
   * Stores the next version of its kind for the case. The case must be the lawyer's (NotFoundError
   * otherwise). With a `jobId` already saved for this kind and subject, returns that save instead.
   */
  save(deliverable: NewDeliverable, q?: Queryable): Promise<Deliverable>;
  /** The case's deliverables, newest first (metadata only); empty for a case that is not the lawyer's. */
  list(lawyerId: string, caseId: string): Promise<Deliverable[]>;
  /** One deliverable with its bytes; NotFoundError when it does not exist or is not the lawyer's. */
  get(lawyerId: string, id: string): Promise<DeliverableContent>;
}

interface Row {
  id: string;
  case_id: string;
  kind: DeliverableKind;
  subject: string;
  version: number;
  file_name: string;
  mime_type: string;
  size: number;
  source: DeliverableSource;
  summary: Record<string, unknown>;
  created_at: Date;
  bytes?: Buffer;
}

const COLUMNS =
  'id, case_id, kind, subject, version, file_name, mime_type, size, source, summary, created_at';

function toDeliverable(row: Row): Deliverable {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind,
    subject: row.subject,
    version: row.version,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    source: row.source,
    summary: row.summary,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function notFound(id: string): NotFoundError {
  return new NotFoundError({ deliverableId: id }, { message: `deliverable ${id} not found for this lawyer` });
}

export function createDeliverableStore(db: Database): DeliverableStore {
  async function saveIn(tx: Queryable, item: NewDeliverable): Promise<Deliverable> {
    const subject = item.subject ?? '';
    // The case row's lock orders concurrent saves of the same case, so versions never collide.
    const owned = await tx.query(`SELECT 1 FROM cases WHERE id = $1 AND lawyer_id = $2 FOR UPDATE`, [
      item.caseId,
      item.lawyerId,
    ]);
    if (owned.rowCount === 0) throw notFound(item.caseId);
    if (item.jobId !== undefined) {
      const { rows } = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM deliverables WHERE job_id = $1 AND kind = $2 AND subject = $3`,
        [item.jobId, item.kind, subject],
      );
      if (rows[0]) return toDeliverable(rows[0]);
    }
    const { rows } = await tx.query<Row>(
      `INSERT INTO deliverables
         (case_id, lawyer_id, kind, subject, version, file_name, mime_type, bytes, size, source, summary, job_id)
       SELECT $1, $2, $3, $4, coalesce(max(version), 0) + 1, $5, $6, $7, $8, $9, $10, $11
         FROM deliverables WHERE case_id = $1 AND kind = $3 AND subject = $4
       RETURNING ${COLUMNS}`,
      [
        item.caseId,
        item.lawyerId,
        item.kind,
        subject,
        item.fileName,
        item.mimeType,
        item.bytes,
        item.bytes.length,
        item.source,
        JSON.stringify(item.summary ?? {}),
        item.jobId ?? null,
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('unreachable: INSERT … RETURNING returned no row');
    return toDeliverable(row);
  }

  return {
    save: (item, q) => (q ? saveIn(q, item) : db.transaction((tx) => saveIn(tx, item))),

    async list(lawyerId, caseId) {
      if (!UUID.test(caseId)) return [];
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM deliverables WHERE case_id = $1 AND lawyer_id = $2
          ORDER BY created_at DESC, kind, subject, version DESC`,
        [caseId, lawyerId],
      );
      return rows.map(toDeliverable);
    },

    async get(lawyerId, id) {
      if (!UUID.test(id)) throw notFound(id);
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, bytes FROM deliverables WHERE id = $1 AND lawyer_id = $2`,
        [id, lawyerId],
      );
      const row = rows[0];
      if (!row?.bytes) throw notFound(id);
      return { ...toDeliverable(row), bytes: row.bytes };
    },
  };
}
