// API throughput: requests per second through the full server (every hook and plugin of api/server.ts)
// against a bare Fastify route in the same process, over real keep-alive HTTP on 127.0.0.1.
// Prints figures; asserts nothing. Target: full /liveness at least 85% of bare.
//
// Two figures per case. Wall-clock req/s is what a client saw, but on a small or busy machine the load
// generator (a worker thread) is often the bottleneck and both servers look alike. So the bench also
// measures the server thread's own CPU time per request: 1 / that is the rate one core could serve,
// which compares the stacks even when the client cannot saturate them.
// Tune with BENCH_DURATION_MS (per round, default 3000), BENCH_ROUNDS (default 3), BENCH_CONCURRENCY (default 32).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.ts';
import { createApp } from '../core/app.ts';
import { loadConfig } from '../core/config/config.ts';
import { loadInWorker, type LoadResult } from './support/http-load.ts';

interface Measured extends LoadResult {
  /** CPU time the server thread spent per request (the load runs in another thread). */
  serverCpuMicrosPerRequest: number;
}

interface BenchCase {
  name: string;
  /** Which server answers: the project's full stack, or a bare Fastify with one route. */
  server: 'full' | 'bare';
  path: string;
  method?: string;
  headers?: Record<string, string>;
}

/** The first case is the baseline every other one is compared with. Adding a case is one line. */
const cases: BenchCase[] = [
  { name: 'bare Fastify GET /liveness', server: 'bare', path: '/liveness' },
  { name: 'full server GET /liveness', server: 'full', path: '/liveness' },
];

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 3_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);

function bareServer(): FastifyInstance {
  const bare = Fastify();
  bare.get('/liveness', () => ({ status: 'pass' }));
  return bare;
}

const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-bench-'));
const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }));
// The authenticated admin case: an admin account's JWT, verified and its account checked on every request.
const benchAdmin = await app.auth.accounts.create({
  email: 'bench@megaagent.local',
  password: 'bench-only password',
  role: 'admin',
});
const adminToken = (await app.auth.tokens.issue(benchAdmin)).token;
cases.push({
  name: 'full server GET admin/flags (JWT)',
  server: 'full',
  path: `${app.config.app.apiPrefix}/admin/flags`,
  headers: { authorization: `Bearer ${adminToken}` },
});
// The request limiter stays in the path (its cost is part of the figure) with a ceiling the bench never reaches.
const servers = {
  full: await buildServer(app, { rateLimit: { max: Number.MAX_SAFE_INTEGER, timeWindowMs: 60_000 } }),
  bare: bareServer(),
};
const origins = {
  full: await servers.full.listen({ host: '127.0.0.1', port: 0 }),
  bare: await servers.bare.listen({ host: '127.0.0.1', port: 0 }),
};

try {
  const measure = async (c: BenchCase, ms: number): Promise<Measured> => {
    const cpuBefore = process.threadCpuUsage();
    const load = await loadInWorker({
      url: origins[c.server] + c.path,
      ...(c.method ? { method: c.method } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
      concurrency,
      maxRequests: Number.MAX_SAFE_INTEGER,
      durationMs: ms,
    });
    const cpu = process.threadCpuUsage(cpuBefore);
    return { ...load, serverCpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, load.requests) };
  };

  for (const c of cases) await measure(c, Math.min(1_000, durationMs)); // warm up the JIT and the sockets

  // Rounds interleave the cases so drift (thermal, other load) hits them alike; each figure's best round counts.
  const best = new Map<string, { rps: number; cpuMicros: number }>();
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const result = await measure(c, durationMs);
      if (result.errors > 0 || result.non2xx > 0) {
        throw new Error(`${c.name}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
      }
      const previous = best.get(c.name) ?? { rps: 0, cpuMicros: Infinity };
      best.set(c.name, {
        rps: Math.max(previous.rps, result.requestsPerSecond),
        cpuMicros: Math.min(previous.cpuMicros, result.serverCpuMicrosPerRequest),
      });
    }
  }

  const baseline = best.get(cases[0]!.name)!;
  const percent = (value: number) => `${(value * 100).toFixed(1).padStart(5)}%`;
  console.log(
    `api bench: ${rounds} rounds of ${durationMs} ms, ${concurrency} keep-alive connections, best round per figure`,
  );
  console.log(
    `  ${'case'.padEnd(36)} ${'wall req/s'.padStart(10)} ${'vs bare'.padStart(7)}   ${'server CPU/req'.padStart(14)} ${'req/s per core'.padStart(14)} ${'vs bare'.padStart(7)}`,
  );
  for (const c of cases) {
    const { rps, cpuMicros } = best.get(c.name)!;
    console.log(
      `  ${c.name.padEnd(36)} ${Math.round(rps).toString().padStart(10)} ${percent(rps / baseline.rps)}   ${`${cpuMicros.toFixed(1)} µs`.padStart(14)} ${Math.round(
        1e6 / cpuMicros,
      )
        .toString()
        .padStart(14)} ${percent(baseline.cpuMicros / cpuMicros)}`,
    );
  }
} finally {
  await servers.full.close();
  await servers.bare.close();
  await app.close('bench done');
  rmSync(dataDir, { recursive: true, force: true });
}
