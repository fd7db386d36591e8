// Job pickup latency: from `enqueue` returning to the handler starting, on Postgres (pg-boss woken by
// LISTEN/NOTIFY), one job at a time, beside a bare baseline in the same run: a plain INSERT then SELECT
// round trip on the same server. Prints figures; asserts nothing. Target: pickup p50 under 200 ms.
// Postgres from BENCH_DATABASE_URL (default the test server, postgres://postgres@127.0.0.1:5432/test);
// everything lives in a schema of its own, dropped at the end. BENCH_JOBS sets the sample size (default 100).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { z } from 'zod';
import { migrate } from '../core/db/migrate.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { createJobQueue, defineJobKinds } from '../core/jobs/queue.ts';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const samples = Number(process.env.BENCH_JOBS ?? 100);
const schema = `megaagent_bench_${randomBytes(4).toString('hex')}`;
const log = pino({ level: 'warn' });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(name: string, values: number[]): void {
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${name.padEnd(42)} p50 ${fmt(percentile(values, 50)).padStart(9)}  p95 ${fmt(percentile(values, 95)).padStart(9)}  (n=${values.length})`,
  );
}

const kinds = defineJobKinds({
  'bench-pickup': {
    payload: z.object({ n: z.number().int() }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 0,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 1,
    expireInSeconds: 60,
    heartbeatSeconds: 10,
  },
});

const db = await openPostgres({ url, poolSize: 4, statementTimeoutMs: 10_000, schema }, log);
const queue = createJobQueue({ kinds, db, postgresUrl: url, log });
try {
  await migrate(db, log);

  // Baseline: what one write and one read cost on this server from this process.
  await db.query(
    'CREATE TABLE bench_round_trip (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())',
  );
  const roundTrips: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const { rows } = await db.query<{ id: number }>(
      'INSERT INTO bench_round_trip DEFAULT VALUES RETURNING id',
    );
    await db.query('SELECT at FROM bench_round_trip WHERE id = $1', [rows[0]?.id]);
    roundTrips.push(performance.now() - started);
  }

  let startedAt = (_n: number): void => undefined;
  await queue.work('bench-pickup', (job) => {
    startedAt(job.data.n);
    return Promise.resolve();
  });
  // One warm-up job: the first fetch prepares statements and the listener connects.
  const pickups: number[] = [];
  for (let n = -1; n < samples; n++) {
    const picked = new Promise<number>((resolve) => {
      startedAt = (seen) => {
        if (seen === n) resolve(performance.now());
      };
    });
    const before = performance.now();
    await queue.enqueue('bench-pickup', { n });
    const enqueued = performance.now();
    const at = await picked;
    if (n >= 0) pickups.push(at - enqueued);
    if (n === -1) console.log(`first job (cold): ${(at - before).toFixed(1)} ms`);
  }

  report('baseline: INSERT + SELECT round trip', roundTrips);
  report('job pickup (enqueued -> handler starts)', pickups);
  const p50 = percentile(pickups, 50);
  console.log(`pickup p50 ${p50 < 200 ? 'meets' : 'misses'} the 200 ms target`);
} finally {
  await queue.stop(2_000);
  await db.close();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  } finally {
    await admin.end();
  }
}
