// /ask retrieval: the top 5 passages for a lawyer's question over a corpus of 10,000 passages on Postgres
// (full-text search with a GIN index, the SQL /ask runs), beside a bare baseline in the same run: a
// SELECT 1 round trip on the same server. Prints figures; asserts nothing. Target: p95 under 20 ms.
// Postgres from BENCH_DATABASE_URL (default the test server, postgres://postgres@127.0.0.1:5432/test);
// everything lives in a schema of its own, dropped at the end. BENCH_ASK_CHUNKS sets the corpus size
// (default 10000), BENCH_ASK_QUERIES the number of timed questions (default 400).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { CORPUS, type CorpusPassage } from '../core/ask/corpus.ts';
import { createCorpusSearch } from '../core/ask/corpus-store.ts';
import { migrate } from '../core/db/migrate.ts';
import { openPostgres } from '../core/db/postgres.ts';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chunkCount = Number(process.env.BENCH_ASK_CHUNKS ?? 10_000);
const queryCount = Number(process.env.BENCH_ASK_QUERIES ?? 400);
const schema = `megaagent_bench_${randomBytes(4).toString('hex')}`;
const log = pino({ level: 'warn' });

const QUESTIONS = [
  'What published material about the alien in major media counts?',
  'Does a foreign language document need a certified English translation?',
  'Is a high salary in relation to others in the field evidence?',
  'What must an experience letter from a former employer include?',
  'What counts as participation as a judge of the work of others?',
  'What did Kazarian decide about the final merits determination?',
  'Can membership in an association that requires outstanding achievements count?',
  'When may comparable evidence be submitted?',
];

const FILLER = [
  'petition',
  'officer',
  'evidence',
  'record',
  'criterion',
  'field',
  'acclaim',
  'exhibit',
  'letter',
  'award',
  'journal',
  'citation',
  'salary',
  'panel',
  'review',
  'organization',
  'reputation',
  'contribution',
  'media',
  'translation',
  'employer',
  'contract',
  'statement',
  'research',
  'conference',
  'grant',
  'patent',
  'license',
];

/** A passage of realistic length and vocabulary: a shipped passage's words with others mixed in. */
function generatedPassages(count: number): CorpusPassage[] {
  return Array.from({ length: count }, (_, index) => {
    const base = CORPUS[index % CORPUS.length] ?? { citation: 'x', kind: 'policy', text: 'x' };
    const extra = Array.from({ length: 12 }, (_, k) => FILLER[(index * 7 + k * 13) % FILLER.length]).join(
      ' ',
    );
    return { citation: `${base.citation} #${String(index)}`, kind: base.kind, text: `${base.text} ${extra}` };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(name: string, values: number[]): void {
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `${name.padEnd(44)} p50 ${fmt(percentile(values, 50)).padStart(9)}  p95 ${fmt(percentile(values, 95)).padStart(9)}  (n=${values.length})`,
  );
}

const db = await openPostgres({ url, poolSize: 2, statementTimeoutMs: 30_000, schema }, log);
try {
  await migrate(db, log);
  const corpus = createCorpusSearch(db, generatedPassages(chunkCount));
  const loadStarted = performance.now();
  await corpus.load();
  await db.query('ANALYZE corpus_chunks');
  console.log(
    `corpus of ${chunkCount} passages loaded in ${(performance.now() - loadStarted).toFixed(0)} ms`,
  );

  // Warm-up: the first queries read the index into memory and plan the statement.
  for (const question of QUESTIONS) await corpus.search(question, 5);

  const baseline: number[] = [];
  const retrieval: number[] = [];
  let found = 0;
  for (let i = 0; i < queryCount; i++) {
    const started = performance.now();
    await db.query('SELECT 1');
    baseline.push(performance.now() - started);

    const question = QUESTIONS[i % QUESTIONS.length] ?? '';
    const before = performance.now();
    const top = await corpus.search(question, 5);
    retrieval.push(performance.now() - before);
    found += top.length;
  }

  report('baseline: SELECT 1 round trip', baseline);
  report(`ask retrieval: top 5 of ${chunkCount} passages`, retrieval);
  const p95 = percentile(retrieval, 95);
  console.log(
    `retrieval p95 ${p95 < 20 ? 'meets' : 'misses'} the 20 ms target; ${(p95 / percentile(baseline, 95)).toFixed(1)}x the baseline p95; ${(found / queryCount).toFixed(1)} passages per question`,
  );
} finally {
  await db.close();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
