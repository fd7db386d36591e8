// Load: a minute (MEGAAGENT_LOAD_ADMIN_SECONDS) of mixed admin traffic against a real `megaagent api`
// process on Postgres and Redis — lists of users, the audit log, stats, flags read and set, jobs, lawyers
// added and removed, and the noise a real API sees: no credential, a wrong key, a low-role key, bodies and
// queries of the wrong shape. Every answer is the one expected (never a 5xx); p50/p95/p99 are printed; and
// the process's memory after garbage collection is where it was after the warm-up: no leak.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { freePort, openServerStorage, silentLogger, type ServerStorage } from '../support/fixtures.ts';
import { watchForSecret } from '../support/log-scan.ts';
import { integrationSuite } from '../support/services.ts';
import { envCount, percentile, warningsAndErrors } from './support/lawyers.ts';

const SECONDS = envCount('MEGAAGENT_LOAD_ADMIN_SECONDS', 60);
/** Long enough for the code to be compiled, pools filled and caches at their working size. */
const WARM_UP_SECONDS = envCount('MEGAAGENT_LOAD_ADMIN_WARMUP_SECONDS', 8);
/** Clients sending at once: enough to keep the process busy on a small machine, not to starve it. */
const CLIENTS = envCount('MEGAAGENT_LOAD_ADMIN_CLIENTS', 8);

// Tolerances for "flat", after a full garbage collection on both sides of the run. The heap must hold
// nothing per request: with several thousand requests, even 1 KiB kept per request would show as many
// MiB. What may legitimately remain is bounded, not growing: V8's optimised code and inline caches for
// paths first taken after the warm-up, pino's and Postgres's buffers, the bounded caches of users and
// keys. RSS moves more: the allocator keeps freed pages and V8 sizes its semi-spaces to the load, so it
// gets a wider margin, still far below what a leak of a minute of traffic would add.
const HEAP_TOLERANCE_BYTES = 12 * 1024 * 1024;
const RSS_TOLERANCE_BYTES = 64 * 1024 * 1024;

const API = '/api/v1';

interface Memory {
  rss: number;
  heapUsed: number;
}

/** The process's memory after a full collection, through the inspector it was started with. */
async function memoryAfterGc(inspectorUrl: string): Promise<Memory> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`inspector at ${inspectorUrl} refused`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event: { data: unknown }) => {
    const reply = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    // Twice: the first collection can leave objects with finalizers for the second.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const evaluated = (await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(evaluated.result.value) as Memory;
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  } finally {
    socket.close();
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

interface Request {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  expected: number;
}

integrationSuite(
  'a minute of admin traffic',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let api: BotProcess | undefined;
    let base = '';
    let adminKey = '';
    let userKey = '';

    beforeAll(async () => {
      storage = await openServerStorage();
      fake = await startFakeTelegram();
      const migrated = spawnBot({ fake, args: ['migrate'], env: storage.env });
      expect(await migrated.exited).toBe(0);
      // Keys made as `megaagent admin create-key` does, straight in the database.
      const app = await createApp(loadConfig({ ENV: 'test', ...storage.env }), { log: silentLogger() });
      try {
        adminKey = (await app.auth.apiKeys.create({ name: 'load-admin', role: 'admin', createdBy: 'cli' }))
          .key;
        userKey = (await app.auth.apiKeys.create({ name: 'load-user', role: 'user', createdBy: 'cli' })).key;
      } finally {
        await app.close('keys made');
      }
      watchForSecret(adminKey);
      watchForSecret(userKey);
      const port = String(await freePort());
      base = `http://127.0.0.1:${port}`;
      api = spawnBot({
        fake,
        args: ['api'],
        env: {
          ...storage.env,
          PORT: port,
          HOST: '127.0.0.1',
          // No bot in this process: the admin API alone is measured.
          TELEGRAM_BOT_TOKEN: undefined,
          // Warnings only: an access log line per request would measure the log, not the API.
          LOG_LEVEL: 'warn',
          // Every request reaches its route; the limiter's own behaviour is tested apart.
          FEATURE_ENABLE_RATE_LIMITING: 'false',
          NODE_OPTIONS: '--inspect=127.0.0.1:0',
        },
      });
      await api.waitForOutput(/Debugger listening on ws:\/\/\S+/, 60_000);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ready = await fetch(`${base}/liveness`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ready) break;
        if (Date.now() > deadline || !api.isRunning()) throw new Error(`api did not start:\n${api.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });

    afterAll(async () => {
      await api?.stop();
      await fake?.close();
      await storage?.drop();
    });

    let addedLawyers = 0;

    /** One request of the mix, chosen at random; a new lawyer is added and removed in two steps. */
    function pick(): Request[] {
      const admin = { 'x-api-key': adminKey };
      const json = { ...admin, 'content-type': 'application/json' };
      const roll = Math.random();
      if (roll < 0.15)
        return [
          { name: 'list users', method: 'GET', path: '/admin/users?limit=50', headers: admin, expected: 200 },
        ];
      if (roll < 0.3)
        return [
          { name: 'audit', method: 'GET', path: '/admin/audit?limit=50', headers: admin, expected: 200 },
        ];
      if (roll < 0.4)
        return [{ name: 'stats', method: 'GET', path: '/admin/stats', headers: admin, expected: 200 }];
      if (roll < 0.5)
        return [{ name: 'flags', method: 'GET', path: '/admin/flags', headers: admin, expected: 200 }];
      if (roll < 0.55)
        return [
          {
            name: 'set flag',
            method: 'PUT',
            path: '/admin/flags/enableLlmDrafting',
            headers: json,
            body: { enabled: Math.random() < 0.5 },
            expected: 200,
          },
        ];
      if (roll < 0.65)
        return [{ name: 'jobs', method: 'GET', path: '/admin/jobs?limit=20', headers: admin, expected: 200 }];
      if (roll < 0.7) {
        // A new lawyer each time: a random id could repeat one added before (then 200, not 201).
        const telegramId = 900_000_000 + addedLawyers++;
        return [
          {
            name: 'add lawyer',
            method: 'POST',
            path: '/admin/users',
            headers: json,
            body: { telegramId, role: 'lawyer' },
            expected: 201,
          },
          {
            name: 'remove lawyer',
            method: 'DELETE',
            path: `/admin/users/${String(telegramId)}`,
            headers: admin,
            expected: 200,
          },
        ];
      }
      // The noise: refused before any work, each with its own status.
      if (roll < 0.78)
        return [{ name: 'no credential', method: 'GET', path: '/admin/users', headers: {}, expected: 401 }];
      if (roll < 0.84)
        return [
          {
            name: 'wrong key',
            method: 'GET',
            path: '/admin/audit',
            headers: { 'x-api-key': `mak_${randomBytes(24).toString('base64url')}` },
            expected: 401,
          },
        ];
      if (roll < 0.9)
        return [
          {
            name: 'low-role key',
            method: 'GET',
            path: '/admin/users',
            headers: { 'x-api-key': userKey },
            expected: 403,
          },
        ];
      if (roll < 0.95)
        return [
          {
            name: 'flag not a boolean',
            method: 'PUT',
            path: '/admin/flags/enableLlmDrafting',
            headers: json,
            body: { enabled: null },
            expected: 400,
          },
        ];
      return [
        { name: 'bad page', method: 'GET', path: '/admin/users?limit=-1', headers: admin, expected: 400 },
      ];
    }

    /** Clients sending the mix back to back for `seconds`; every answer checked and timed. */
    async function traffic(
      seconds: number,
    ): Promise<{ latencies: number[]; wrong: string[]; count: number }> {
      const until = Date.now() + seconds * 1000;
      const latencies: number[] = [];
      const wrong: string[] = [];
      const client = async () => {
        while (Date.now() < until) {
          for (const request of pick()) {
            const started = performance.now();
            const response = await fetch(`${base}${API}${request.path}`, {
              method: request.method,
              headers: request.headers,
              ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
            });
            const text = await response.text();
            latencies.push(performance.now() - started);
            if (response.status !== request.expected && wrong.length < 20) {
              wrong.push(
                `${request.name}: ${String(response.status)} instead of ${String(request.expected)}: ${text.slice(0, 200)}`,
              );
            }
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      return { latencies: latencies.sort((a, b) => a - b), wrong, count: latencies.length };
    }

    it('answers every request as expected, never 5xx, and holds no memory for the traffic it served', async () => {
      const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(api?.output() ?? '')?.[1] ?? '';
      const warm = await traffic(WARM_UP_SECONDS);
      expect(warm.wrong).toEqual([]);
      const before = await memoryAfterGc(inspector);

      const run = await traffic(SECONDS);
      const after = await memoryAfterGc(inspector);
      const p = (n: number) => percentile(run.latencies, n).toFixed(1);
      console.log(
        `[load] admin traffic: ${String(run.count)} requests in ${String(SECONDS)} s by ${String(CLIENTS)} clients = ` +
          `${(run.count / SECONDS).toFixed(1)} requests/s; latency p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms`,
      );
      console.log(
        `[load] admin memory after GC: heap ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} ` +
          `(${(after.heapUsed - before.heapUsed) / run.count >= 0 ? '+' : ''}${((after.heapUsed - before.heapUsed) / run.count).toFixed(0)} B/request), ` +
          `RSS ${mib(before.rss)} -> ${mib(after.rss)}`,
      );

      expect(run.wrong).toEqual([]);
      expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_TOLERANCE_BYTES);
      expect(after.rss - before.rss).toBeLessThan(RSS_TOLERANCE_BYTES);
      expect(api?.isRunning()).toBe(true);
      expect(warningsAndErrors(api?.output() ?? '')).toEqual([]);
    });
  },
  ['slow'],
);
