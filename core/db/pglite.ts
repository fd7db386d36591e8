// The Database over PGlite (Postgres compiled to WASM): the embedded default, with no server to run.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import type { Database, QueryResult, Queryable } from './database.ts';
import { toDatabaseError } from './db-errors.ts';

export interface PgliteOptions {
  /** Where the database files live (created when missing); null keeps everything in memory, for tests. */
  dataDir: string | null;
  /**
   * A dump (PGlite `dumpDataDir`) to start an empty data directory from instead of running initdb,
   * which takes seconds: tests start every embedded database from one template.
   */
  template?: Blob;
}

const INT8 = 20;
const BYTEA = 17;
const DATE = 1082;

/** Values as node-postgres returns them (see database.ts); PGlite applies these to array elements too. */
const sameValuesAsPostgres = {
  // A bigint beyond 2^53 would come back as a JS bigint and smaller ones as numbers: one type instead.
  [INT8]: (text: string) => text,
  [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex'),
  // A calendar date is not an instant; a Date would shift it by the reader's time zone.
  [DATE]: (text: string) => text,
};

/**
 * Postgres' default 128 MB of shared buffers is allocated and touched at every start: on one machine's
 * embedded database it costs about 200 MB of memory and most of a second of start-up, for a cache the
 * operating system's file cache already provides under PGlite's files.
 */
const EMBEDDED_SETTINGS = ['shared_buffers = 16MB'];

type Runner = Pick<PGlite, 'query' | 'exec'> | Transaction;

function lastResult<Row>(results: Results[]): QueryResult<Row> {
  const last = results[results.length - 1];
  return last ? { rows: last.rows as Row[], rowCount: last.rowCount ?? 0 } : { rows: [], rowCount: 0 };
}

function queryOn(runner: Runner) {
  return async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
    // Like node-postgres: without parameters the simple protocol runs, which allows several
    // statements (migrations); with parameters one prepared statement runs.
    try {
      if (!params || params.length === 0) return lastResult<Row>(await runner.exec(sql));
      const result = await runner.query<Row>(
        sql,
        params.map((p) => (p === undefined ? null : p)),
      );
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? 0 };
    } catch (err) {
      // The same errors as on Postgres: refused data (a NUL character, a number out of range) is a 400.
      throw toDatabaseError(err);
    }
  };
}

/**
 * PGlite has one writer and does not notice a second process opening the same files, which corrupts
 * them (`megaagent migrate` while `megaagent start` runs). A pid file turns that into a clear refusal.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'megaagent.lock');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (holder !== process.pid && processIsAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder}. PGlite allows one process at a ` +
          `time: stop that process, or set DATABASE_URL to use a Postgres server.`,
        { cause: err },
      );
    }
    // Left behind by a process that crashed (or by an earlier run that had our pid, as pid 1 in a container).
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

/** Whether a process with this pid runs on this machine (lock files, abandoned test schemas). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openPglite(opts: PgliteOptions, log: Logger): Promise<Database> {
  let unlock = (): void => undefined;
  if (opts.dataDir !== null) {
    mkdirSync(opts.dataDir, { recursive: true });
    unlock = lockDataDir(opts.dataDir);
  }
  let lite: PGlite;
  try {
    lite = await PGlite.create(opts.dataDir ?? undefined, {
      parsers: sameValuesAsPostgres,
      postgresqlconf: EMBEDDED_SETTINGS,
      ...(opts.template ? { loadDataDir: opts.template } : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  log.debug({ dataDir: opts.dataDir ?? 'memory' }, 'embedded database (PGlite) opened');

  return {
    kind: 'pglite',
    query: queryOn(lite),

    // PGlite serialises everything: while `work` runs, queries on the database itself (not on `tx`) wait
    // for the transaction to end, so awaiting one inside `work` never finishes. Use `tx` inside.
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      lite.transaction((tx) => work({ query: queryOn(tx) })),

    async script(sql) {
      const results = await lite.exec(sql);
      return results.map((r) => ({ rows: r.rows, rowCount: r.rowCount ?? 0 }));
    },

    async ping() {
      await lite.query('SELECT 1');
    },

    async close() {
      try {
        if (!lite.closed) await lite.close();
      } finally {
        unlock();
      }
    },
  };
}
