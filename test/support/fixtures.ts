// Shared vitest fixtures: real storage, isolated per test file, cleaned up afterwards (import `test` from
// here), and the few waits and ports tests need around it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { open, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { test as base } from 'vitest';
import type { Cache } from '../../core/cache/cache.ts';
import { openMemoryCache } from '../../core/cache/memory.ts';
import { openRedisCache } from '../../core/cache/redis.ts';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { openPglite, processIsAlive } from '../../core/db/pglite.ts';
import { openPostgres, type PostgresOptions } from '../../core/db/postgres.ts';
import { testServiceUrls } from './services.ts';

/** A logger that prints nothing: tests assert behaviour, not log lines. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export interface CapturedLog {
  log: Logger;
  /** Every line written so far, parsed (`level` is pino's number: 30 info, 40 warn, 50 error). */
  lines: Array<{ level: number; msg?: string; [field: string]: unknown }>;
}

/** A logger whose lines a test can inspect ("the dropped connection was logged, not thrown"). */
export function capturingLogger(level: pino.Level = 'debug'): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const log = pino(
    { level },
    { write: (line: string) => lines.push(JSON.parse(line) as CapturedLog['lines'][number]) },
  );
  return { log, lines };
}

const pgliteVersion = (
  JSON.parse(
    readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'),
  ) as { version: string }
).version;
const templatePath = join(tmpdir(), `megaagent-pglite-${pgliteVersion}-template.tar`);
let templateLoad: Promise<Blob> | undefined;

async function buildPgliteTemplate(): Promise<void> {
  const fresh = await PGlite.create();
  const dump = await fresh.dumpDataDir('none');
  await fresh.close();
  // Written aside and renamed, so a parallel test file never reads half a template.
  const partial = `${templatePath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, templatePath);
}

/** Builds the template once per machine; parallel test processes wait for the one that builds it. */
async function ensurePgliteTemplate(): Promise<void> {
  const lockPath = `${templatePath}.lock`;
  while (!existsSync(templatePath)) {
    let lock: FileHandle;
    try {
      lock = await open(lockPath, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A builder that died leaves its lock behind; building never takes minutes.
      const since = await stat(lockPath).then(
        (lockStat) => lockStat.mtimeMs,
        (statErr: NodeJS.ErrnoException) => {
          if (statErr.code === 'ENOENT') return Date.now(); // released meanwhile: look again
          throw statErr;
        },
      );
      if (Date.now() - since > 120_000) await rm(lockPath, { force: true });
      await sleep(100);
      continue;
    }
    try {
      if (!existsSync(templatePath)) await buildPgliteTemplate();
    } finally {
      await lock.close();
      await rm(lockPath, { force: true });
    }
  }
}

/**
 * A freshly initialised PGlite data directory as a dump. initdb takes seconds (tens on a busy machine),
 * loading this takes about one; it is made once per machine and PGlite version and kept in the temp dir.
 */
export function pgliteTemplate(): Promise<Blob> {
  templateLoad ??= ensurePgliteTemplate().then(() => new Blob([readFileSync(templatePath)]));
  return templateLoad;
}

// Built while test files are collected, which no test timeout covers, rather than inside the first test.
await ensurePgliteTemplate();

/** An empty in-memory PGlite, started from the template. */
export async function openTestPglite(log: Logger): Promise<Database> {
  return openPglite({ dataDir: null, template: await pgliteTemplate() }, log);
}

/**
 * A new embedded data directory (DATA_DIR) whose database is started from the template and migrated, for a
 * bot process to open: initdb in that process would take seconds.
 */
export async function migratedDataDir(prefix: string): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const db = await openPglite(
    { dataDir: join(dataDir, 'pglite'), template: await pgliteTemplate() },
    silentLogger(),
  );
  try {
    await migrate(db, silentLogger());
  } finally {
    await db.close();
  }
  return dataDir;
}

const SCHEMA_PREFIX = 'megaagent_test_';

/** A name no other test file (or test process) on the same server uses. */
export function uniqueTestName(kind: string): string {
  return `${kind}${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Options for a test connection to the test Postgres; `schema` is required so no test touches `public`. */
export function testPostgresOptions(
  schema: string,
  overrides: Partial<PostgresOptions> = {},
): PostgresOptions {
  return {
    url: testServiceUrls.postgres,
    poolSize: 4,
    statementTimeoutMs: 15_000,
    applicationName: 'megaagent-test',
    schema,
    ...overrides,
  };
}

/**
 * Drops the given test schemas, and any left by test processes that died before their cleanup ran
 * (the pid in the name is no longer running), so the test database does not fill up with them.
 */
async function dropTestSchemas(schemas: readonly string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: testServiceUrls.postgres });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
      [SCHEMA_PREFIX],
    );
    const abandoned = rows
      .map((row) => row.name)
      .filter((name) => {
        const pid = Number(/^megaagent_test_(\d+)_/.exec(name)?.[1]);
        return Number.isInteger(pid) && pid !== process.pid && !processIsAlive(pid);
      });
    // Each schema, and the job queue's beside it (`<schema>_jobs`, chosen from the App's search path).
    for (const schema of schemas) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
    for (const schema of abandoned.filter((name) => !schemas.includes(name))) {
      // Another test file may be sweeping the same leftovers right now; its drop is as good as ours.
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((err: unknown) => {
        console.warn(`[fixtures] could not drop abandoned test schema ${schema}: ${String(err)}`);
      });
    }
  } finally {
    await admin.end();
  }
}

export interface BlankPostgres {
  /** The new schema; nothing in it yet, not even schema_migrations. */
  schema: string;
  /** Another independent pool on this schema, as a second process would have. */
  connect(overrides?: Partial<PostgresOptions>): Promise<Database>;
}

/**
 * Deletes every key under `prefix`. Takes a client with that prefix set: it prefixes what it sends,
 * but SCAN patterns and the key names SCAN returns are raw.
 */
export async function deleteRedisKeysUnder(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await client.del(...keys.map((key) => key.slice(prefix.length)));
  } while (cursor !== '0');
}

export interface ServerStorage {
  /** The test's own schema in the test Postgres (empty: not migrated). */
  schema: string;
  /** The test's own Redis key prefix. */
  keyPrefix: string;
  /** What a process or loadConfig needs to use them: DATABASE_URL (the schema through search_path), REDIS_URL, REDIS_KEY_PREFIX. */
  env: { DATABASE_URL: string; REDIS_URL: string; REDIS_KEY_PREFIX: string };
  /** Drops the schema and deletes the keys. */
  drop(): Promise<void>;
}

/** A schema of its own in the test Postgres and a key prefix of its own in Redis, for Apps and processes configured by URL. */
export async function openServerStorage(): Promise<ServerStorage> {
  const schema = uniqueTestName(SCHEMA_PREFIX);
  const keyPrefix = `${schema}:`;
  const admin = new pg.Client({ connectionString: testServiceUrls.postgres });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = new URL(testServiceUrls.postgres);
  // The URL's options replace the pool's own session settings, so the time zone is repeated here.
  databaseUrl.searchParams.set('options', `-c TimeZone=UTC -c search_path=${schema}`);
  return {
    schema,
    keyPrefix,
    env: {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: testServiceUrls.redis,
      REDIS_KEY_PREFIX: keyPrefix,
    },
    async drop() {
      await dropTestSchemas([schema]);
      const redis = new Redis(testServiceUrls.redis, { keyPrefix });
      try {
        await deleteRedisKeysUnder(redis, keyPrefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** A TCP port free on loopback right now, for a server whose URL must be known before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => probe.close((err) => (err ? reject(err) : resolve())));
  return port;
}

/**
 * Polls `condition` every 20 ms until it holds; resolves with how long that took, or rejects naming `what`
 * after `timeoutMs`.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await condition()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${String(timeoutMs)} ms`);
    await sleep(20);
  }
}

/** Polls until `check` stops throwing, or rethrows its last failure after `timeoutMs` (for asynchronous effects). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(10);
    }
  }
}

export const test = base
  .extend('log', { scope: 'file' }, () => silentLogger())

  /** A migrated Postgres database in its own schema, dropped after the file: files run in parallel on one server. */
  .extend('pgDb', { scope: 'file' }, async ({ log }, { onCleanup }) => {
    const schema = uniqueTestName(SCHEMA_PREFIX);
    const db = await openPostgres(testPostgresOptions(schema), log);
    onCleanup(async () => {
      await db.close();
      await dropTestSchemas([schema]);
    });
    await migrate(db, log);
    return db;
  })

  /** A migrated in-memory PGlite for the file. */
  .extend('pgliteDb', { scope: 'file' }, async ({ log }, { onCleanup }) => {
    const db = await openTestPglite(log);
    onCleanup(() => db.close());
    await migrate(db, log);
    return db;
  })

  /** Opens empty Postgres schemas on demand (migration tests); all are closed and dropped after the file. */
  .extend('blankPostgres', { scope: 'file' }, ({ log }, { onCleanup }) => {
    const schemas: string[] = [];
    const opened: Database[] = [];
    onCleanup(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await dropTestSchemas(schemas);
    });
    return (): Promise<BlankPostgres> => {
      const schema = uniqueTestName(SCHEMA_PREFIX);
      schemas.push(schema);
      return Promise.resolve({
        schema,
        async connect(overrides = {}) {
          const db = await openPostgres(testPostgresOptions(schema, overrides), log);
          opened.push(db);
          return db;
        },
      });
    };
  })

  /** Opens empty in-memory PGlite databases on demand; all are closed after the file. */
  .extend('blankPglite', { scope: 'file' }, ({ log }, { onCleanup }) => {
    const opened: Database[] = [];
    onCleanup(async () => {
      await Promise.all(opened.map((db) => db.close()));
    });
    return async (): Promise<Database> => {
      const db = await openTestPglite(log);
      opened.push(db);
      return db;
    };
  })

  /** A real Redis cache under a key prefix of its own; its keys are deleted after the file. */
  .extend('redisCache', { scope: 'file' }, async ({ log }, { onCleanup }) => {
    const keyPrefix = `${uniqueTestName('megaagent-test:')}:`;
    const cache = await openRedisCache({ url: testServiceUrls.redis, keyPrefix }, log);
    onCleanup(async () => {
      await deleteRedisKeysUnder(cache.client, keyPrefix);
      await cache.close();
    });
    return cache;
  })

  /** A fresh in-process cache for each test. */
  .extend('memoryCache', ({ log }, { onCleanup }): Cache => {
    const cache = openMemoryCache({ log });
    onCleanup(() => cache.close());
    return cache;
  });

export const it = test;
