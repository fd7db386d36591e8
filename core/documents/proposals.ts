// Uploads read into proposed exhibits: created when a lawyer's document is accepted (holding the stored
// file), filled in by the reading job, then confirmed into an exhibit, pointed at another criterion, or
// rejected by the lawyer. The analysis never reads proposals: only a confirmed one becomes evidence.
// Documents sent at once share a burst, whose one progress message the reading jobs edit.
import type { Database, Queryable } from '../db/database.ts';
import { isCriterionId, type CriterionId } from '../eb1a/criteria.ts';
import type { FieldValue } from '../eb1a/evidence.ts';
import { NotFoundError } from '../errors.ts';

export type ProposalStatus = 'reading' | 'pending' | 'confirmed' | 'rejected' | 'refused';

export interface ProposedFact {
  key: string;
  value: FieldValue;
  /** The words of the text the value was read from. */
  phrase: string;
}

export interface ProposedTrap {
  /** The analysis finding code (e.g. `award.employer_internal`). */
  code: string;
  phrase: string;
}

export interface DocumentProposal {
  id: string;
  lawyerId: string;
  caseId: string;
  burstId: string | null;
  /** The stored file while the proposal holds it (reading or pending); null once it let it go. */
  sha256: string | null;
  fileName: string;
  mimeType: string;
  status: ProposalStatus;
  criterion: CriterionId | null;
  alternatives: CriterionId[];
  fields: ProposedFact[];
  traps: ProposedTrap[];
  pageCount: number | null;
  language: string | null;
  needsTranslation: boolean | null;
  refusal: string | null;
  evidenceId: string | null;
  createdAt: Date;
}

export interface NewProposal {
  lawyerId: string;
  caseId: string;
  /** Where the lawyer reads the burst's progress. */
  chatId: number;
  /** What caused it (`telegram:<update_id>`): the same key returns the first proposal. */
  sourceKey: string;
  sha256: string;
  fileName: string;
  mimeType: string;
}

export interface CreatedProposal {
  proposal: DocumentProposal;
  /** False when the source key had made this proposal before (a redelivered update). */
  created: boolean;
  /** True when this upload started a burst: its progress message is still to be sent. */
  startsBurst: boolean;
}

export interface ProposalReading {
  criterion: CriterionId | null;
  alternatives: readonly CriterionId[];
  fields: readonly ProposedFact[];
  traps: readonly ProposedTrap[];
  pageCount: number;
  language: string;
  needsTranslation: boolean;
}

export interface BurstProgress {
  chatId: number;
  messageId: number | null;
  /** Documents of the burst read (proposed or refused). */
  done: number;
  total: number;
}

export interface ProposalStore {
  /** Records an accepted upload as a proposal being read, in the lawyer's current burst (or a new one). */
  create(input: NewProposal): Promise<CreatedProposal>;
  /** A proposal of the lawyer's; NotFoundError when it does not exist or is someone else's. */
  get(lawyerId: string, id: string): Promise<DocumentProposal>;
  /** Any proposal, for the reading job (its payload names it). */
  getForJob(id: string): Promise<DocumentProposal | null>;
  /** The reading's outcome, stored once: only a proposal still being read changes. */
  propose(id: string, reading: ProposalReading, q?: Queryable): Promise<boolean>;
  /** A document that could not be read: nothing of it is kept but the reason. */
  refuse(id: string, reason: string): Promise<boolean>;
  /** The lawyer said it is not evidence: the proposal lets its document go. */
  reject(lawyerId: string, id: string): Promise<boolean>;
  /** The exhibit made from it exists (and holds the document): the proposal is done. */
  confirm(lawyerId: string, id: string, evidenceId: string, q?: Queryable): Promise<boolean>;
  /** Remembers the burst's progress message. */
  setBurstMessage(burstId: string, messageId: number): Promise<void>;
  /** How far the burst is. */
  burstProgress(burstId: string): Promise<BurstProgress | null>;
  /**
   * Claims the burst's next progress edit: true at most once per `intervalMs`, so a burst of twenty jobs
   * edits its message at most every ~2 s.
   */
  claimBurstEdit(burstId: string, intervalMs: number): Promise<boolean>;
}

/** Documents arriving within this long of the last one join its burst (an album, a forwarded batch). */
const BURST_GAP_SECONDS = 10;

interface ProposalRow {
  id: string;
  lawyer_id: string;
  case_id: string;
  burst_id: string | null;
  sha256: string | null;
  file_name: string;
  mime_type: string;
  status: ProposalStatus;
  criterion: string | null;
  alternatives: string[];
  fields: ProposedFact[];
  traps: ProposedTrap[];
  page_count: number | null;
  language: string | null;
  needs_translation: boolean | null;
  refusal: string | null;
  evidence_id: string | null;
  created_at: Date;
}

const COLUMNS = `id, lawyer_id::text AS lawyer_id, case_id, burst_id, sha256, file_name, mime_type, status,
  criterion, alternatives, fields, traps, page_count, language, needs_translation, refusal, evidence_id,
  created_at`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toProposal(row: ProposalRow): DocumentProposal {
  return {
    id: row.id,
    lawyerId: row.lawyer_id,
    caseId: row.case_id,
    burstId: row.burst_id,
    sha256: row.sha256,
    fileName: row.file_name,
    mimeType: row.mime_type,
    status: row.status,
    criterion: row.criterion !== null && isCriterionId(row.criterion) ? row.criterion : null,
    alternatives: row.alternatives.filter(isCriterionId),
    fields: row.fields,
    traps: row.traps,
    pageCount: row.page_count,
    language: row.language,
    needsTranslation: row.needs_translation,
    refusal: row.refusal,
    evidenceId: row.evidence_id,
    createdAt: row.created_at,
  };
}

export function createProposalStore(db: Database): ProposalStore {
  async function byId(id: string, q: Queryable = db): Promise<DocumentProposal | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await q.query<ProposalRow>(`SELECT ${COLUMNS} FROM document_proposals WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toProposal(rows[0]) : null;
  }

  return {
    create(input) {
      return db.transaction(async (tx) => {
        const existing = await tx.query<ProposalRow>(
          `SELECT ${COLUMNS} FROM document_proposals WHERE lawyer_id = $1 AND source_key = $2`,
          [input.lawyerId, input.sourceKey],
        );
        if (existing.rows[0])
          return { proposal: toProposal(existing.rows[0]), created: false, startsBurst: false };
        // One lawyer's uploads join bursts one at a time, so twenty at once make one burst, not several.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`document-burst:${input.lawyerId}`]);
        const open = await tx.query<{ id: string }>(
          `UPDATE document_bursts SET last_added_at = now()
            WHERE id = (SELECT id FROM document_bursts
                         WHERE lawyer_id = $1 AND chat_id = $2
                           AND last_added_at > now() - make_interval(secs => $3)
                         ORDER BY last_added_at DESC LIMIT 1)
            RETURNING id`,
          [input.lawyerId, input.chatId, BURST_GAP_SECONDS],
        );
        let burstId = open.rows[0]?.id;
        const startsBurst = burstId === undefined;
        if (burstId === undefined) {
          const made = await tx.query<{ id: string }>(
            'INSERT INTO document_bursts (lawyer_id, chat_id) VALUES ($1, $2) RETURNING id',
            [input.lawyerId, input.chatId],
          );
          burstId = made.rows[0]?.id;
        }
        const { rows } = await tx.query<ProposalRow>(
          `INSERT INTO document_proposals (lawyer_id, case_id, burst_id, source_key, sha256, file_name, mime_type)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
          [
            input.lawyerId,
            input.caseId,
            burstId,
            input.sourceKey,
            input.sha256,
            input.fileName.trim().slice(0, 255) || 'document',
            input.mimeType,
          ],
        );
        const row = rows[0];
        if (!row) throw new Error('a new document proposal returned no row');
        return { proposal: toProposal(row), created: true, startsBurst };
      });
    },

    async get(lawyerId, id) {
      const proposal = await byId(id);
      if (!proposal || proposal.lawyerId !== lawyerId) throw new NotFoundError({ proposalId: id });
      return proposal;
    },

    getForJob: (id) => byId(id),

    async propose(id, reading, q = db) {
      const { rowCount } = await q.query(
        `UPDATE document_proposals
            SET status = 'pending', criterion = $2, alternatives = $3, fields = $4, traps = $5,
                page_count = $6, language = $7, needs_translation = $8, updated_at = now()
          WHERE id = $1 AND status = 'reading'`,
        [
          id,
          reading.criterion,
          JSON.stringify(reading.alternatives),
          JSON.stringify(reading.fields),
          JSON.stringify(reading.traps),
          reading.pageCount,
          reading.language,
          reading.needsTranslation,
        ],
      );
      return rowCount === 1;
    },

    async refuse(id, reason) {
      const { rowCount } = await db.query(
        `UPDATE document_proposals SET status = 'refused', refusal = $2, sha256 = NULL, updated_at = now()
          WHERE id = $1 AND status = 'reading'`,
        [id, reason],
      );
      return rowCount === 1;
    },

    async reject(lawyerId, id) {
      if (!UUID.test(id)) return false;
      const { rowCount } = await db.query(
        `UPDATE document_proposals SET status = 'rejected', sha256 = NULL, updated_at = now()
          WHERE id = $1 AND lawyer_id = $2 AND status = 'pending'`,
        [id, lawyerId],
      );
      return rowCount === 1;
    },

    async confirm(lawyerId, id, evidenceId, q = db) {
      const { rowCount } = await q.query(
        `UPDATE document_proposals
            SET status = 'confirmed', evidence_id = $3, sha256 = NULL, updated_at = now()
          WHERE id = $1 AND lawyer_id = $2 AND status = 'pending'`,
        [id, lawyerId, evidenceId],
      );
      return rowCount === 1;
    },

    async setBurstMessage(burstId, messageId) {
      await db.query('UPDATE document_bursts SET message_id = $2 WHERE id = $1', [burstId, messageId]);
    },

    async burstProgress(burstId) {
      const { rows } = await db.query<{
        chat_id: string;
        message_id: number | null;
        done: number;
        total: number;
      }>(
        `SELECT b.chat_id::text AS chat_id, b.message_id,
                count(p.id) FILTER (WHERE p.status <> 'reading')::int AS done, count(p.id)::int AS total
           FROM document_bursts b LEFT JOIN document_proposals p ON p.burst_id = b.id
          WHERE b.id = $1 GROUP BY b.id`,
        [burstId],
      );
      const row = rows[0];
      return row
        ? { chatId: Number(row.chat_id), messageId: row.message_id, done: row.done, total: row.total }
        : null;
    },

    async claimBurstEdit(burstId, intervalMs) {
      const { rowCount } = await db.query(
        `UPDATE document_bursts SET last_edit_at = clock_timestamp()
          WHERE id = $1
            AND (last_edit_at IS NULL OR last_edit_at <= clock_timestamp() - make_interval(secs => $2))`,
        [burstId, intervalMs / 1000],
      );
      return rowCount === 1;
    },
  };
}
