// A broadcast to 1,000 chats, end to end: queued as a 'broadcast' job on Postgres, run by the worker,
// paced through the shared bucket in Redis, sent with grammY to a fake Bot API that enforces Telegram's
// flood limit (more than 30 messages in any one second: 429 with retry_after). Prints the total time,
// messages sent and lost, the 429s seen, and the ratio to the ideal time the limit allows (chats / 30 s);
// beside it a bare baseline in the same run: one sendMessage round trip to the same fake. Target: ratio
// at most 1.1, nothing lost. Asserts nothing.
// Postgres from BENCH_DATABASE_URL (default the test server), Redis from BENCH_REDIS_URL (default the
// local one); a schema and a key prefix of its own, removed at the end. BENCH_BROADCAST_CHATS sets the
// number of chats (default 1000).
import { randomBytes } from 'node:crypto';
import { Api } from 'grammy';
import pg from 'pg';
import { pino } from 'pino';
import { broadcastDelivery } from '../bot/broadcast-delivery.ts';
import { createBroadcastStore } from '../core/broadcast.ts';
import { openCache } from '../core/cache/open.ts';
import { migrate } from '../core/db/migrate.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { broadcastJobHandler, broadcastPace } from '../core/jobs/broadcast-job.ts';
import { JOB_KINDS } from '../core/jobs/kinds.ts';
import { createJobQueue } from '../core/jobs/queue.ts';
import { createJobResults } from '../core/jobs/results.ts';
import { startJobWorker } from '../core/jobs/worker.ts';
import { createMetrics } from '../core/metrics.ts';
import { startFakeTelegram } from '../test/support/fake-telegram.ts';

const TELEGRAM_LIMIT_PER_SECOND = 30;
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const chats = Number(process.env.BENCH_BROADCAST_CHATS ?? 1000);
const suffix = randomBytes(4).toString('hex');
const schema = `megaagent_bench_${suffix}`;
const log = pino({ level: 'warn' });

const fake = await startFakeTelegram({
  floodLimit: { messagesPerSecond: TELEGRAM_LIMIT_PER_SECOND, retryAfterSeconds: 1 },
});
const db = await openPostgres({ url, poolSize: 4, statementTimeoutMs: 10_000, schema }, log);
const cache = await openCache({ url: redisUrl, keyPrefix: `megaagent-bench:${suffix}:` }, log);
const queue = createJobQueue({ kinds: JOB_KINDS, db, postgresUrl: url, log });
try {
  await migrate(db, log);
  const first = 800_000_000;
  for (let i = 0; i < chats; i++) fake.knowUser({ id: first + i, first_name: `Lawyer ${i}` });
  await db.query(
    `INSERT INTO users (telegram_id, role) SELECT $1::bigint + n, 'lawyer' FROM generate_series(0, $2::int - 1) AS n`,
    [first, chats],
  );

  // Baseline: one message's round trip to the fake, nothing else.
  const api = new Api(fake.token, { apiRoot: fake.apiRoot });
  const baselineStarted = performance.now();
  for (let i = 0; i < 10; i++) await api.sendMessage(first + i, 'warm-up');
  const roundTripMs = (performance.now() - baselineStarted) / 10;
  await sleep(1_100); // the warm-up leaves the flood window empty again
  const before = fake.sent.length;

  const store = createBroadcastStore(db);
  const worker = await startJobWorker({
    queue,
    results: createJobResults(db),
    progress: null,
    log,
    handlers: {
      broadcast: broadcastJobHandler({
        store,
        deliver: broadcastDelivery({
          token: fake.token,
          apiRoot: fake.apiRoot,
          metrics: createMetrics({ processMetrics: false }),
        }),
        pace: broadcastPace(cache),
        log,
      }),
    },
  });

  const text = 'The office is closed on Friday.';
  const started = performance.now();
  const { id, recipients } = await store.create(text, 'bench');
  const job = await queue.enqueue('broadcast', { broadcastId: id });
  for (;;) {
    const state = (await queue.find(job.id))?.state;
    if (state === 'completed' || state === 'failed') break;
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  worker.stop();

  const counts = await store.counts(id);
  const messages = fake.sent.slice(before).filter((m) => m.text === text);
  const delivered = messages.map((m) => m.chat_id);
  const sendingSeconds = ((messages.at(-1)?.at ?? 0) - (messages[0]?.at ?? 0)) / 1000;
  const distinct = new Set(delivered).size;
  const ideal = recipients / TELEGRAM_LIMIT_PER_SECOND;
  console.log(`baseline: one sendMessage round trip       ${roundTripMs.toFixed(1)} ms`);
  console.log(`broadcast to ${recipients} chats               ${seconds.toFixed(1)} s`);
  console.log(`  of which first to last message          ${sendingSeconds.toFixed(1)} s`);
  console.log(`ideal under ${TELEGRAM_LIMIT_PER_SECOND} messages/s               ${ideal.toFixed(1)} s`);
  console.log(`ratio to ideal                           ${(seconds / ideal).toFixed(3)}x (target <= 1.1x)`);
  console.log(
    `sent ${counts.sent}, received by Telegram ${delivered.length} (${distinct} distinct chats), ` +
      `lost ${recipients - distinct}, sent twice ${delivered.length - distinct}, 429s seen ${fake.floodRefusals()}`,
  );
} finally {
  await queue.stop(2_000);
  await cache.close();
  await db.close();
  await fake.close();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
  } finally {
    await admin.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
