// The shipped legal corpus in the database: loaded at start when its text changed (by content hash, so
// every process and every restart agrees), and searched by full text for the passages that answer a question.
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { CORPUS, type CorpusKind, type CorpusPassage } from './corpus.ts';
import { QUESTION_MAX_LENGTH } from './search.ts';

const CORPUS_NAME = 'legal';

export interface FoundCorpusPassage extends CorpusPassage {
  readonly score: number;
}

export interface CorpusSearch {
  /** Loads the shipped corpus unless the same text is loaded already; returns whether it (re)loaded. */
  load(): Promise<{ loaded: boolean; passages: number }>;
  /**
   * The best passages for the question (English full text), best first; empty when nothing matches. The
   * rank is divided by the passage's length, so a short paragraph on the point (a regulation's own words)
   * comes before a long summary that merely mentions the same words.
   */
  search(question: string, limit: number): Promise<FoundCorpusPassage[]>;
}

export function corpusHash(passages: readonly CorpusPassage[]): string {
  const hash = createHash('sha256');
  for (const passage of passages) hash.update(JSON.stringify([passage.citation, passage.kind, passage.text]));
  return hash.digest('hex');
}

async function replacePassages(tx: Queryable, passages: readonly CorpusPassage[]): Promise<void> {
  await tx.query('DELETE FROM corpus_terms');
  await tx.query('DELETE FROM corpus_chunks');
  // One statement for the whole corpus: arrays of columns unnested into rows.
  await tx.query(
    `INSERT INTO corpus_chunks (id, citation, kind, text)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])`,
    [
      passages.map((_, index) => index + 1),
      passages.map((p) => p.citation),
      passages.map((p) => p.kind),
      passages.map((p) => p.text),
    ],
  );
  await tx.query(
    `INSERT INTO corpus_terms (word, documents) SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM corpus_chunks')`,
  );
}

/** A word in more passages than this share of the corpus (and than COMMON_FLOOR) is left out of the search. */
const COMMON_SHARE = 0.1;
const COMMON_FLOOR = 50;

export function createCorpusSearch(db: Database, passages: readonly CorpusPassage[] = CORPUS): CorpusSearch {
  const contentHash = corpusHash(passages);
  return {
    load: () =>
      db.transaction(async (tx) => {
        // Processes starting together load once: the second waits here, then finds the hash recorded.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('megaagent.corpus.' || current_schema()))`);
        const { rows } = await tx.query<{ content_hash: string }>(
          'SELECT content_hash FROM corpus_versions WHERE name = $1',
          [CORPUS_NAME],
        );
        if (rows[0]?.content_hash === contentHash) return { loaded: false, passages: passages.length };
        await replacePassages(tx, passages);
        await tx.query(
          `INSERT INTO corpus_versions (name, content_hash, chunk_count) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE
             SET content_hash = EXCLUDED.content_hash, chunk_count = EXCLUDED.chunk_count, loaded_at = now()`,
          [CORPUS_NAME, contentHash, passages.length],
        );
        return { loaded: true, passages: passages.length };
      }),

    async search(question, limit) {
      const { rows } = await db.query<{ citation: string; kind: CorpusKind; text: string; score: number }>(
        // The question's words that the corpus has, rarest first; the rarest always stays, others only while
        // they are not common (on a corpus of a few dozen passages, none is). Any of the kept words matches, and more matched words rank higher.
        `WITH words AS (
           SELECT t.word, t.documents, row_number() OVER (ORDER BY t.documents, t.word) AS place
             FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS w(word)
             JOIN corpus_terms t ON t.word = w.word
         ),
         q AS (
           SELECT coalesce(string_agg(quote_literal(word), ' | '), '')::tsquery AS query
             FROM words
            WHERE place = 1
               OR documents <= greatest(${String(COMMON_FLOOR)},
                    (SELECT chunk_count FROM corpus_versions WHERE name = '${CORPUS_NAME}') * ${String(COMMON_SHARE)})
         )
         SELECT citation, kind, text, ts_rank(search_vector, q.query, 1) AS score
           FROM corpus_chunks, q
          WHERE search_vector @@ q.query
          ORDER BY score DESC, id
          LIMIT $2`,
        [question.slice(0, QUESTION_MAX_LENGTH), limit],
      );
      return rows.map((row) => ({
        citation: row.citation,
        kind: row.kind,
        text: row.text,
        score: Number(row.score),
      }));
    },
  };
}
