// The Database over a node-postgres pool: the production backend.
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database, QueryResult, Queryable } from './database.ts';
import { toDatabaseError } from './db-errors.ts';

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** Server-side limit per statement; a runaway query is cancelled instead of holding a connection. */
  statementTimeoutMs: number;
  /** Tables live in this schema (created when missing); tests use one schema per file. */
  schema?: string;
  applicationName?: string;
  /** How long to wait for a connection before failing (default 5000): a dead server must not hang probes. */
  connectionTimeoutMs?: number;
}

const TEXT_ARRAY = 1009;
const DATE = 1082;
const DATE_ARRAY = 1182;
const TIMESTAMP = 1114;
const TIMESTAMP_ARRAY = 1115;
const INTERVAL = 1186;
const INTERVAL_ARRAY = 1187;

/** Schema names go into SQL and the connection's startup options unquoted, so only plain ones are accepted. */
function isSafeSchemaName(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

/** `2024-01-02 03:04:05.123456` (no zone) read as UTC, as PGlite does. */
function utcTimestamp(text: string): Date | number {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/**
 * Values as PGlite returns them (see database.ts): pg's defaults already give int8 as string and
 * bytea as Buffer; dates, zone-less timestamps and intervals are what differ.
 */
function sameValuesAsPglite(): pg.CustomTypesConfig {
  type TextParser = (text: string) => unknown;
  const builtin = (oid: number, format: 'text' | 'binary'): TextParser =>
    pg.types.getTypeParser(oid, format) as TextParser;
  const textArray = builtin(TEXT_ARRAY, 'text') as (text: string) => string[];
  const identity = (text: string): string => text;
  const overrides = new Map<number, TextParser>([
    [DATE, identity],
    [DATE_ARRAY, textArray],
    [INTERVAL, identity],
    [INTERVAL_ARRAY, textArray],
    [TIMESTAMP, utcTimestamp],
    [TIMESTAMP_ARRAY, (text) => textArray(text).map(utcTimestamp)],
  ]);
  const getTypeParser = (oid: number, format: 'text' | 'binary' = 'text'): TextParser =>
    (format === 'text' ? overrides.get(oid) : undefined) ?? builtin(oid, format);
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] };
}

function normalise<Row>(result: pg.QueryResult | pg.QueryResult[]): QueryResult<Row> {
  // A parameterless multi-statement script (a migration) answers with one result per statement.
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (!last) return { rows: [], rowCount: 0 };
  return { rows: last.rows as Row[], rowCount: last.rowCount ?? 0 };
}

export async function openPostgres(opts: PostgresOptions, log: Logger): Promise<Database> {
  if (opts.schema !== undefined && !isSafeSchemaName(opts.schema)) {
    throw new Error(
      `Database schema name "${opts.schema}" must be lower-case letters, digits and underscores`,
    );
  }
  // Session settings travel in the startup packet, so every pooled connection has them from its first query.
  const sessionSettings = ['-c TimeZone=UTC'];
  if (opts.schema) sessionSettings.push(`-c search_path=${opts.schema}`);

  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    statement_timeout: opts.statementTimeoutMs,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: opts.applicationName ?? 'megaagent',
    options: sessionSettings.join(' '),
    types: sameValuesAsPglite(),
  });
  // An idle connection dropped by the server (restart, failover) is removed by the pool and reported here;
  // without a listener Node would treat it as an unhandled 'error' event and exit.
  pool.on('error', (err) => {
    log.warn({ err }, 'Postgres connection lost while idle; the pool will open a new one');
  });

  const queryOn =
    (runner: pg.Pool | pg.PoolClient) =>
    async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
      try {
        return normalise<Row>(
          (await runner.query(sql, params && params.length > 0 ? [...params] : undefined)) as
            pg.QueryResult | pg.QueryResult[],
        );
      } catch (err) {
        // A server gone away is a 503 naming Postgres, refused data a 400; the pool reconnects by itself.
        throw toDatabaseError(err);
      }
    };

  const database: Database = {
    kind: 'postgres',
    query: queryOn(pool),

    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw toDatabaseError(err);
      }
      // While checked out the pool does not listen for this connection's errors; a drop between
      // statements would otherwise be an unhandled 'error' event.
      let lostWith: Error | undefined;
      const onConnectionError = (err: Error): void => {
        lostWith = err;
        log.warn({ err }, 'Postgres connection lost during a transaction');
      };
      client.on('error', onConnectionError);
      const tx: Queryable = { query: queryOn(client) };
      try {
        await tx.query('BEGIN');
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // The connection is broken; releasing it with an error makes the pool discard it.
          lostWith ??= rollbackErr as Error;
          log.warn({ err: rollbackErr }, 'ROLLBACK failed; discarding the connection');
        }
        throw err;
      } finally {
        client.off('error', onConnectionError);
        client.release(lostWith);
      }
    },

    async script(sql) {
      const result = (await pool.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? result : [result]).map((r) => ({
        rows: r.rows as Record<string, unknown>[],
        rowCount: r.rowCount ?? 0,
      }));
    },

    async ping() {
      await database.query('SELECT 1');
    },

    async close() {
      await pool.end();
    },
  };

  if (opts.schema) {
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } catch (err) {
      // IF NOT EXISTS still races when two processes create the schema at once: the loser gets a
      // unique violation, and the schema it wanted exists.
      if ((err as { code?: string }).code !== '23505') {
        await pool.end();
        throw err;
      }
    }
  }
  return database;
}
