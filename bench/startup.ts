// Start-up and footprint of `megaagent start`, each start in its own Node process: time to the first
// /liveness 200 and the resident memory after a few idle seconds, side by side with a bare Node HTTP server
// (the floor any Node service pays) started the same way.
//   embedded default: the first start on this machine (builds the template new data directories are
//   copied from, in ~/.cache/megaagent), a first start on a new data directory (template ready), a warm
//   start on the same directory;
//   Postgres + Redis (TEST_DATABASE_URL / TEST_REDIS_URL or the local test servers): a first start and a
//   restart on a migrated schema of its own.
// Targets (issue 10): embedded first < 3 s, warm < 1.5 s, idle < 250 MB; Postgres + Redis ready < 1.5 s,
// idle < 150 MB, each printed beside the figure with "met" or "missed" (RSS is compared in MiB, the unit of
// every figure here). Figures for people to read; nothing is asserted.
// The CLI is started as users start it (bin/megaagent.js), so the compiled-module cache in the home
// directory is cold on the first start on this machine and warm on the starts after it.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startFakeTelegram } from '../test/support/fake-telegram.ts';

const cli = fileURLToPath(new URL('../bin/megaagent.js', import.meta.url));
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 3_000);
const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

/** Resident memory of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/\d+/.exec(line)?.[0]) / 1024 : null;
  } catch {
    return null; // not Linux: no figure
  }
}

interface Start {
  readyMs: number;
  idleRssMiB: number | null;
}

async function startOnce(args: string[], env: Record<string, string>): Promise<Start> {
  const port = 18_000 + Math.floor(Math.random() * 2_000);
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${args.join(' ')} exited with ${child.exitCode}: ${errors}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/liveness`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
    const readyMs = performance.now() - started;
    await sleep(IDLE_MS);
    return { readyMs, idleRssMiB: child.pid === undefined ? null : rssMiB(child.pid) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(0)} MiB`);

interface Target {
  readyS: number;
  idleMiB: number;
}

/** The target as the issue states it, and whether this start met it (RSS in MiB, as every figure here). */
function verdict(start: Start, target: Target): string {
  const slow = start.readyMs / 1000 >= target.readyS;
  const big = start.idleRssMiB === null || start.idleRssMiB >= target.idleMiB;
  const missed = [slow ? 'ready' : '', big ? 'RSS' : ''].filter(Boolean).join(' and ');
  return `< ${target.readyS} s, < ${target.idleMiB} MiB: ${missed ? `missed (${missed})` : 'met'}`;
}

function row(name: string, start: Start, bare: Start, target: string | Target): string {
  const ratio = `${(start.readyMs / bare.readyMs).toFixed(1)}x / ${start.idleRssMiB && bare.idleRssMiB ? (start.idleRssMiB / bare.idleRssMiB).toFixed(1) : '?'}x`;
  const against = typeof target === 'string' ? target : verdict(start, target);
  return `${name.padEnd(44)}${seconds(start.readyMs).padEnd(10)}${mib(start.idleRssMiB).padEnd(10)}${ratio.padEnd(16)}${against}`;
}

/** A schema of its own in the test Postgres, migrated, with the URL that selects it. */
async function migratedSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `bench_startup_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(POSTGRES);
  url.searchParams.set('options', `-c TimeZone=UTC -c search_path=${schema}`);
  const migrated = spawnSync(process.execPath, [cli, 'migrate'], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), LOG_LEVEL: 'error' },
  });
  if (migrated.status !== 0) throw new Error(`megaagent migrate failed: ${migrated.stderr.toString()}`);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
      await admin.end();
    },
  };
}

const bare = await startOnce(['-e', BARE_SERVER], {});
console.log(
  `${'megaagent start'.padEnd(44)}${'ready'.padEnd(10)}${'idle RSS'.padEnd(10)}${'vs bare node'.padEnd(16)}target`,
);
console.log(row('bare Node HTTP server (baseline)', bare, bare, ''));

// The same starts again with a bot token, polling a fake Telegram Bot API server: the bot loads after the
// API listens, so readiness is unchanged, but its modules are part of the idle footprint a lawyer's bot has.
const telegram = await startFakeTelegram();
const withBot = { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot };

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'megaagent-bench-startup-'));
  dirs.push(dir);
  return dir;
};
try {
  // A home of its own: the template cache (~/.cache/megaagent) starts empty, as on a new machine.
  const home = newDir();
  // With the bot, as a lawyer's first start: every module it loads is compiled (and cached) once.
  const everFirst = await startOnce([cli, 'start'], { HOME: home, DATA_DIR: newDir(), ...withBot });
  console.log(
    row('embedded: first start on this machine, bot', everFirst, bare, '(builds the template once)'),
  );
  const firstDir = newDir();
  const first = await startOnce([cli, 'start'], { HOME: home, DATA_DIR: firstDir });
  console.log(row('embedded: first start, new data directory', first, bare, { readyS: 3, idleMiB: 250 }));
  const warm = await startOnce([cli, 'start'], { HOME: home, DATA_DIR: firstDir });
  console.log(row('embedded: warm start, same directory', warm, bare, { readyS: 1.5, idleMiB: 250 }));
  const warmBot = await startOnce([cli, 'start'], { HOME: home, DATA_DIR: firstDir, ...withBot });
  console.log(row('embedded: warm start, bot polling', warmBot, bare, { readyS: 1.5, idleMiB: 250 }));

  const storage = await migratedSchema().catch((err: unknown) => {
    console.log(`Postgres + Redis: skipped (${err instanceof Error ? err.message : String(err)})`);
    return null;
  });
  if (storage) {
    try {
      // JSON logs, as production writes them (the development default formats in a worker thread).
      const env = {
        LOG_FORMAT: 'json',
        DATABASE_URL: storage.url,
        REDIS_URL: REDIS,
        REDIS_KEY_PREFIX: `bench-startup-${process.pid}:`,
      };
      // A server's first start compiles its modules; every restart after it (deploys, crashes) reuses them.
      const serverHome = newDir();
      const serverFirst = await startOnce([cli, 'start'], {
        ...env,
        ...withBot,
        HOME: serverHome,
        DATA_DIR: newDir(),
      });
      console.log(row('Postgres + Redis: first start with bot', serverFirst, bare, ''));
      const server = await startOnce([cli, 'start'], { ...env, HOME: serverHome, DATA_DIR: newDir() });
      console.log(
        row('Postgres + Redis: restart, migrated schema', server, bare, { readyS: 1.5, idleMiB: 150 }),
      );
      const serverBot = await startOnce([cli, 'start'], {
        ...env,
        ...withBot,
        HOME: serverHome,
        DATA_DIR: newDir(),
      });
      console.log(
        row('Postgres + Redis: restart, bot polling', serverBot, bare, { readyS: 1.5, idleMiB: 150 }),
      );
    } finally {
      await storage.drop();
    }
  }
} finally {
  await telegram.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
