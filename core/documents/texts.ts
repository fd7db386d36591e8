// The text read from each stored document (one row per content), and full-text search over the documents
// of one lawyer's case. `app.documentTexts`: the reading job saves, anything answering questions about a
// case (e.g. /ask) searches.
import type { Queryable } from '../db/database.ts';

export interface StoredDocumentText {
  sha256: string;
  text: string;
  pageCount: number;
  /** Pages (or images) whose text came from OCR. */
  ocrPageCount: number;
  /** ISO 639-3, or 'und' when the text was too short to tell. */
  language: string;
  /** Not English: a certified English translation must be filed with it (8 CFR 103.2(b)(3)). */
  needsTranslation: boolean;
  readAt: Date;
}

export type NewDocumentText = Omit<StoredDocumentText, 'readAt'>;

/** One document of the case that matches a search, best first. */
export interface DocumentSearchHit {
  sha256: string;
  /** The exhibit the document is attached to; null while it is only a proposal waiting for the lawyer. */
  exhibitNumber: number | null;
  fileName: string;
  /** Postgres's ts_rank of the match; only the order means anything. */
  rank: number;
  /** A short passage around the matched words (matches in «»), plain text. */
  excerpt: string;
  pageCount: number;
  language: string;
}

export interface DocumentTextStore {
  /** Stores the text of a stored file; saving the same file again keeps the first text (same bytes, same text). */
  save(text: NewDocumentText, q?: Queryable): Promise<void>;
  /** The text of a stored file, or null when it was never read (or the file is gone). */
  get(sha256: string): Promise<StoredDocumentText | null>;
  /**
   * Documents of the lawyer's case whose text matches `query` (plain words, any order; English stems), at
   * most `limit` (default 10), best first. Only documents attached to the case's exhibits or waiting as its
   * proposals are searched, and only when the case is the lawyer's. `match: 'any'` finds documents with any
   * of the words (ranked by how many), for a question asked in a sentence rather than as search terms.
   */
  search(
    lawyerId: string,
    caseId: string,
    query: string,
    limit?: number,
    match?: 'all' | 'any',
  ): Promise<DocumentSearchHit[]>;
}

interface TextRow {
  sha256: string;
  text: string;
  page_count: number;
  ocr_page_count: number;
  language: string;
  needs_translation: boolean;
  read_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDocumentTextStore(db: Queryable): DocumentTextStore {
  return {
    async save(text, q = db) {
      await q.query(
        `INSERT INTO document_texts (sha256, text, page_count, ocr_page_count, language, needs_translation)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING`,
        [
          text.sha256,
          // Postgres text cannot hold NUL; a PDF's text layer sometimes carries them.
          text.text.replaceAll('\u0000', ''),
          text.pageCount,
          text.ocrPageCount,
          text.language,
          text.needsTranslation,
        ],
      );
    },

    async get(sha256) {
      const { rows } = await db.query<TextRow>(
        `SELECT sha256, text, page_count, ocr_page_count, language, needs_translation, read_at
           FROM document_texts WHERE sha256 = $1`,
        [sha256],
      );
      const row = rows[0];
      return row
        ? {
            sha256: row.sha256,
            text: row.text,
            pageCount: row.page_count,
            ocrPageCount: row.ocr_page_count,
            language: row.language,
            needsTranslation: row.needs_translation,
            readAt: row.read_at,
          }
        : null;
    },

    async search(lawyerId, caseId, query, limit = 10, match = 'all') {
      if (!UUID.test(caseId) || query.trim() === '') return [];
      // A question's words rarely all appear in one document: 'any' turns the ANDs of its query into ORs.
      const tsquery =
        match === 'any'
          ? "replace(plainto_tsquery('english', $3)::text, ' & ', ' | ')::tsquery"
          : "websearch_to_tsquery('english', $3)";
      const { rows } = await db.query<{
        sha256: string;
        exhibit_number: number | null;
        file_name: string;
        rank: number;
        excerpt: string;
        page_count: number;
        language: string;
      }>(
        `WITH q AS (SELECT ${tsquery} AS query),
         case_documents AS (
           SELECT l.sha256, min(e.exhibit_number) AS exhibit_number, min(l.file_name) AS file_name
             FROM evidence e
             JOIN cases c ON c.id = e.case_id
             JOIN evidence_files l ON l.evidence_id = e.id
            WHERE e.case_id = $2 AND c.lawyer_id = $1
            GROUP BY l.sha256
           UNION ALL
           SELECT p.sha256, NULL, min(p.file_name)
             FROM document_proposals p
            WHERE p.case_id = $2 AND p.lawyer_id = $1 AND p.status IN ('reading', 'pending')
              AND p.sha256 IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM evidence_files l JOIN evidence e ON e.id = l.evidence_id
                               WHERE l.sha256 = p.sha256 AND e.case_id = $2)
            GROUP BY p.sha256
         )
         SELECT d.sha256, d.exhibit_number, d.file_name, ts_rank(t.search, q.query)::float8 AS rank,
                ts_headline('english', left(t.text, 200000), q.query,
                            'StartSel=«, StopSel=», MaxWords=35, MinWords=12') AS excerpt,
                t.page_count, t.language
           FROM case_documents d
           JOIN document_texts t ON t.sha256 = d.sha256
           CROSS JOIN q
          WHERE t.search @@ q.query
          ORDER BY rank DESC, d.exhibit_number NULLS LAST
          LIMIT $4`,
        [lawyerId, caseId, query, Math.max(1, Math.min(limit, 100))],
      );
      return rows.map((row) => ({
        sha256: row.sha256,
        exhibitNumber: row.exhibit_number,
        fileName: row.file_name,
        rank: Number(row.rank),
        excerpt: row.excerpt,
        pageCount: row.page_count,
        language: row.language,
      }));
    },
  };
}
