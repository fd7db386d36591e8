// What tracing costs a database query: the same parameterised query on an in-memory PGlite, bare, then as
// a traced query inside an update's span with spans batched and sent to a collector on loopback (which
// discards them). A second pair runs on a database that answers at once, so the tracing's own cost per
// query shows apart from PGlite's. Prints figures and the ratio to each bare baseline; asserts nothing.
// Tune with BENCH_QUERIES (per round, default 2000: within the span queue, so every span is really sent,
// none dropped) and BENCH_ROUNDS (default 5).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Database } from '../core/db/database.ts';
import { openPglite } from '../core/db/pglite.ts';
import { tracedDatabase } from '../core/db/traced.ts';
import { openOtelTracing } from '../core/logging/otel-tracing.ts';
import { noTracing, type Tracing } from '../core/logging/tracing.ts';

const queries = Number(process.env.BENCH_QUERIES ?? 2_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const log = pino({ level: 'warn' });

let spansReceived = 0;
const collector = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => {
    if (bytes > 0) spansReceived++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${String((collector.address() as AddressInfo).port)}`;

const lite = await openPglite({ dataDir: null }, log);
const traced = openOtelTracing({ endpoint, serviceName: 'bench', serviceVersion: '0' }, log);

/** Microseconds per query: `queries` queries one after another, inside one parent span as an update would. */
async function perQuery(db: Database, tracing: Tracing): Promise<number> {
  return tracing.inSpan('bench update', async () => {
    const started = performance.now();
    for (let i = 0; i < queries; i++) await db.query('SELECT $1::int AS n', [i]);
    return ((performance.now() - started) * 1000) / queries;
  });
}

/** A database that answers every query at once: what remains is the tracing's own work. */
const instant: Database = {
  kind: 'postgres',
  query: <Row>() => Promise.resolve({ rows: [] as Row[], rowCount: 0 }),
  transaction: (work) => work(instant),
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** Each case is compared with the bare case of its group (the first one). */
const groups: Array<Array<{ name: string; db: Database; tracing: Tracing }>> = [
  [
    { name: 'bare PGlite query (tracing unset)', db: tracedDatabase(lite, noTracing), tracing: noTracing },
    { name: 'traced PGlite query, exported', db: tracedDatabase(lite, traced), tracing: traced },
  ],
  [
    { name: 'instant database (tracing unset)', db: tracedDatabase(instant, noTracing), tracing: noTracing },
    { name: 'instant database, traced', db: tracedDatabase(instant, traced), tracing: traced },
  ],
];
const cases = groups.flat();

try {
  await perQuery(lite, noTracing); // warm-up
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round++)
    for (const c of cases) {
      const micros = await perQuery(c.db, c.tracing);
      best.set(c.name, Math.min(best.get(c.name) ?? Infinity, micros));
      // Outside the timing: the next round starts with an empty queue.
      await c.tracing.flush();
    }
  await traced.flush();
  for (const group of groups) {
    const baseline = best.get(group[0]?.name ?? '') ?? NaN;
    for (const c of group) {
      const micros = best.get(c.name) ?? NaN;
      console.log(
        `${c.name.padEnd(36)} ${micros.toFixed(1).padStart(8)} µs/query  ${(micros / baseline).toFixed(2)}× bare`,
      );
    }
  }
  console.log(`collector received ${String(spansReceived)} export requests`);
} finally {
  await traced.shutdown();
  await lite.close();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
}
