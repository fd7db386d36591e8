// Real Postgres: the shared Database contract, plus what only a server brings (timeouts, schemas, dropped connections).
import pg from 'pg';
import { describe, expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrate.ts';
import { openDatabase } from '../../../core/db/open.ts';
import { openPostgres } from '../../../core/db/postgres.ts';
import { databaseContract } from '../../support/contracts/database.contract.ts';
import { capturingLogger, eventually, testPostgresOptions, test } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

/** Ends a server-side session the way a Postgres restart or failover would. */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: testServiceUrls.postgres });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

async function backendPid(db: Pick<Database, 'query'>): Promise<number> {
  const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0]?.pid ?? Number.NaN;
}

const postgresTest = test
  .extend('db', { scope: 'file' }, ({ pgDb }) => pgDb)
  .extend(
    'openBlankPair',
    { scope: 'file' },
    ({ blankPostgres }) =>
      async (): Promise<[Database, Database]> => {
        // Two pools on one schema: two processes migrating the same database at once.
        const blank = await blankPostgres();
        return [await blank.connect(), await blank.connect()];
      },
  );

integrationSuite('Postgres database', ['postgres'], () => {
  describe('contract', () => {
    databaseContract(postgresTest);
  });

  describe('server behaviour', () => {
    test('cancels a statement that runs past the statement timeout', async ({ blankPostgres }) => {
      const db = await (await blankPostgres()).connect({ statementTimeoutMs: 100 });
      await expect(db.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      await expect(db.ping()).resolves.toBeUndefined();
    });

    test('creates its schema and keeps every table in it, in UTC sessions', async ({
      blankPostgres,
      log,
    }) => {
      const blank = await blankPostgres();
      const db = await blank.connect();
      await migrate(db, log);
      const { rows } = await db.query<{ schema: string }>(
        `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'audit_log'
         AND table_schema = $1`,
        [blank.schema],
      );
      expect(rows).toEqual([{ schema: blank.schema }]);
      const zone = await db.query(`SELECT current_setting('TimeZone') AS zone, current_schema() AS schema`);
      expect(zone.rows).toEqual([{ zone: 'UTC', schema: blank.schema }]);
    });

    test('refuses a schema name it would have to quote', async ({ log }) => {
      await expect(openPostgres(testPostgresOptions('Robert"; DROP'), log)).rejects.toThrow(/schema name/);
    });

    test('returns its connection to the pool after a failed transaction', async ({ blankPostgres }) => {
      const db = await (await blankPostgres()).connect({ poolSize: 1 });
      for (let i = 0; i < 3; i++) {
        await expect(
          db.transaction(async (tx) => {
            await tx.query('SELECT 1');
            throw new Error(`attempt ${i}`);
          }),
        ).rejects.toThrow(`attempt ${i}`);
      }
      // With one connection, a leaked one would make this wait for the 5 s connection timeout and fail.
      await expect(db.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
    });

    test('runs transactions on separate connections at the same time', async ({ blankPostgres }) => {
      const db = await (await blankPostgres()).connect({ poolSize: 2 });
      const pids = await Promise.all([
        db.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(0.2)');
          return backendPid(tx);
        }),
        db.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(0.2)');
          return backendPid(tx);
        }),
      ]);
      expect(new Set(pids).size).toBe(2);
    });

    test('logs an idle connection the server dropped, and carries on with a new one', async ({
      blankPostgres,
    }) => {
      const { log, lines } = capturingLogger();
      const blank = await blankPostgres();
      const db = await openPostgres(testPostgresOptions(blank.schema, { poolSize: 1 }), log);
      try {
        await terminateBackend(await backendPid(db));
        await eventually(() =>
          expect(lines.map((line) => line.msg)).toContain(
            'Postgres connection lost while idle; the pool will open a new one',
          ),
        );
        await expect(db.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
      } finally {
        await db.close();
      }
    });

    test('discards a connection lost in the middle of a transaction', async ({ blankPostgres }) => {
      const { log, lines } = capturingLogger();
      const blank = await blankPostgres();
      const db = await openPostgres(testPostgresOptions(blank.schema, { poolSize: 1 }), log);
      try {
        await expect(
          db.transaction(async (tx) => {
            await terminateBackend(await backendPid(tx));
            await eventually(() =>
              expect(lines.map((line) => line.msg)).toContain(
                'Postgres connection lost during a transaction',
              ),
            );
            await tx.query('SELECT 1');
          }),
        ).rejects.toThrow();
        // The only pooled connection was broken; the pool must have replaced it.
        await expect(db.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
      } finally {
        await db.close();
      }
    });

    test('is what openDatabase chooses when given a URL', async ({ blankPostgres, log }) => {
      const blank = await blankPostgres();
      const db = await openDatabase(
        {
          url: testServiceUrls.postgres,
          poolSize: 2,
          statementTimeoutMs: 5_000,
          dataDir: '/nonexistent',
          schema: blank.schema,
        },
        log,
      );
      try {
        expect(db.kind).toBe('postgres');
        await expect(db.query('SELECT current_schema() AS schema')).resolves.toMatchObject({
          rows: [{ schema: blank.schema }],
        });
      } finally {
        await db.close();
      }
    });
  });
});
