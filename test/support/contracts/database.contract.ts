// What every Database must do, run against PGlite (unit) and real Postgres (integration) so the two stay interchangeable.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestAPI } from 'vitest';
import { expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { listMigrations, migrate, pendingMigrations } from '../../../core/db/migrate.ts';
import { silentLogger } from '../fixtures.ts';

export interface DatabaseContractFixtures {
  /** A migrated database shared by the file. */
  db: Database;
  /**
   * Two handles on one new, empty database, as two processes would hold them: two pools on one fresh
   * schema (Postgres) or the same embedded instance twice (PGlite is single-process).
   */
  openBlankPair: () => Promise<[Database, Database]>;
}

async function withMigrationFiles<T>(
  files: Record<string, string>,
  use: (directory: string) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'megaagent-migrations-'));
  try {
    for (const [name, sql] of Object.entries(files)) await writeFile(join(directory, name), sql);
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
  return rows[0]?.found != null;
}

let telegramIds = 7_000_000_000;
/** Distinct Telegram ids per test, above 2^32 like real ones can be. */
const nextTelegramId = (): number => ++telegramIds;

export function databaseContract<C extends DatabaseContractFixtures>(test: TestAPI<C>): void {
  const log = silentLogger();

  test('returns the same JavaScript values for the same SQL on every backend', async ({ db }) => {
    const instant = new Date('2024-03-01T12:34:56.789Z');
    const { rows, rowCount } = await db.query(
      `SELECT 42::int AS int4, 9007199254740993::bigint AS int8, 1.50::numeric AS exact, 0.5::float8 AS float,
              true AS yes, NULL::text AS nothing,
              $1::timestamptz AS instant, '2024-01-02 03:04:05'::timestamp AS wall_clock_utc,
              '2024-02-29'::date AS day, '1 day 02:00:00'::interval AS span,
              '\\x0102ff'::bytea AS bytes, '{"a":[1,"b"]}'::jsonb AS doc,
              ARRAY[1, 2]::bigint[] AS int8s, ARRAY['2024-01-01']::date[] AS days,
              $2::bigint AS int8_param, $3::jsonb AS json_param, $4::text AS missing_param`,
      [instant, 9007199254740993n, JSON.stringify({ criteria: ['awards'] }), null],
    );
    expect(rowCount).toBe(1);
    expect(rows[0]).toEqual({
      int4: 42,
      int8: '9007199254740993',
      exact: '1.50',
      float: 0.5,
      yes: true,
      nothing: null,
      instant,
      wall_clock_utc: new Date('2024-01-02T03:04:05Z'),
      day: '2024-02-29',
      span: '1 day 02:00:00',
      bytes: Buffer.from([1, 2, 255]),
      doc: { a: [1, 'b'] },
      int8s: ['1', '2'],
      days: ['2024-01-01'],
      int8_param: '9007199254740993',
      json_param: { criteria: ['awards'] },
      missing_param: null,
    });
    expect(Buffer.isBuffer(rows[0]?.bytes)).toBe(true);
  });

  test('binds parameters as values, so text that looks like SQL is stored verbatim', async ({ db }) => {
    const name = `Robert'); DROP TABLE users; --`;
    const telegramId = nextTelegramId();
    await db.query('INSERT INTO users (telegram_id, role, display_name) VALUES ($1, $2, $3)', [
      telegramId,
      'lawyer',
      name,
    ]);
    const { rows } = await db.query<{ display_name: string; telegram_id: string }>(
      'SELECT display_name, telegram_id FROM users WHERE telegram_id = $1',
      [telegramId],
    );
    expect(rows).toEqual([{ display_name: name, telegram_id: String(telegramId) }]);
    expect(await tableExists(db, 'users')).toBe(true);
  });

  test('counts rows returned or changed, and 0 for schema changes', async ({ db }) => {
    const [a, b] = [nextTelegramId(), nextTelegramId()];
    const inserted = await db.query(
      `INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer'), ($2, 'lawyer')`,
      [a, b],
    );
    expect(inserted.rowCount).toBe(2);
    const updated = await db.query('UPDATE users SET active = false WHERE telegram_id IN ($1, $2)', [a, b]);
    expect(updated.rowCount).toBe(2);
    const selected = await db.query('SELECT 1 FROM users WHERE telegram_id IN ($1, $2)', [a, b]);
    expect(selected.rowCount).toBe(2);
    const none = await db.query('DELETE FROM users WHERE telegram_id = $1', [-1]);
    expect(none.rowCount).toBe(0);
    const ddl = await db.query('CREATE TEMP TABLE IF NOT EXISTS scratch_for_row_counts (x int)');
    expect(ddl.rowCount).toBe(0);
  });

  test('runs several statements without parameters and answers with the last one', async ({ db }) => {
    const { rows } = await db.query(`SELECT 1 AS first; SELECT 'second' AS second`);
    expect(rows).toEqual([{ second: 'second' }]);
  });

  test('commits a transaction that succeeds and returns its result', async ({ db }) => {
    const telegramId = nextTelegramId();
    const id = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer') RETURNING id`,
        [telegramId],
      );
      await tx.query(
        `INSERT INTO audit_log (actor, action, target, outcome) VALUES ('admin:1', 'user.add', $1, 'ok')`,
        [String(telegramId)],
      );
      return rows[0]?.id;
    });
    expect(typeof id).toBe('string');
    const { rows } = await db.query('SELECT count(*)::int AS n FROM audit_log WHERE target = $1', [
      String(telegramId),
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  test('leaves nothing behind when the work inside a transaction throws', async ({ db }) => {
    const telegramId = nextTelegramId();
    const failure = new Error('the lawyer cancelled half-way');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer')`, [telegramId]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const { rowCount } = await db.query('SELECT 1 FROM users WHERE telegram_id = $1', [telegramId]);
    expect(rowCount).toBe(0);
  });

  test('leaves nothing behind when a statement inside a transaction fails', async ({ db }) => {
    const telegramId = nextTelegramId();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer')`, [telegramId]);
        await tx.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'paralegal')`, [nextTelegramId()]);
      }),
    ).rejects.toMatchObject({ code: '23514' });
    const { rowCount } = await db.query('SELECT 1 FROM users WHERE telegram_id = $1', [telegramId]);
    expect(rowCount).toBe(0);
    // The database is usable afterwards (no connection left inside the aborted transaction).
    await expect(db.query('SELECT 1 AS ok')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
  });

  test('reports constraint violations with the Postgres error code', async ({ db }) => {
    const telegramId = nextTelegramId();
    await db.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'admin')`, [telegramId]);
    await expect(
      db.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer')`, [telegramId]),
    ).rejects.toMatchObject({
      code: '23505',
    });
  });

  test('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused', async ({ db }) => {
    const target = `case:${nextTelegramId()}`;
    await db.query(
      `INSERT INTO audit_log (actor, action, target, outcome, request_id, details) VALUES ('lawyer:7', 'case.open', $1, 'ok', 'req-1', $2)`,
      [target, JSON.stringify({ via: 'telegram' })],
    );
    for (const [sql, params] of [
      ['UPDATE audit_log SET outcome = $1 WHERE target = $2', ['denied', target]],
      ['DELETE FROM audit_log WHERE target = $1', [target]],
      ['DELETE FROM audit_log WHERE false', []],
      ['TRUNCATE audit_log', []],
    ] as const) {
      await expect(db.query(sql, params), sql).rejects.toMatchObject({
        code: '42501',
        message: expect.stringContaining('append-only') as unknown,
      });
    }
    const { rows } = await db.query(
      'SELECT actor, action, outcome, details FROM audit_log WHERE target = $1',
      [target],
    );
    expect(rows).toEqual([
      { actor: 'lawyer:7', action: 'case.open', outcome: 'ok', details: { via: 'telegram' } },
    ]);
  });

  test('creates the foundation tables with their defaults', async ({ db }) => {
    const telegramId = nextTelegramId();
    const { rows } = await db.query<{ active: boolean; created_at: Date; updated_at: Date }>(
      `INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer') RETURNING active, created_at, updated_at`,
      [telegramId],
    );
    expect(rows[0]?.active).toBe(true);
    expect(rows[0]?.created_at).toBeInstanceOf(Date);
    await db.query(
      `INSERT INTO feature_flags (name, enabled, updated_by) VALUES ('drafting', true, 'admin:1')`,
    );
    await db.query(
      `INSERT INTO error_stats (code, category, count, first_seen, last_seen, last_message)
       VALUES (7001, 'case', 1, now(), now(), 'case not found')
       ON CONFLICT (code) DO UPDATE SET count = error_stats.count + 1`,
    );
    const stats = await db.query('SELECT count FROM error_stats WHERE code = 7001');
    expect(stats.rows).toEqual([{ count: '1' }]);
  });

  test('migrating again applies nothing and keeps the data', async ({ db }) => {
    const telegramId = nextTelegramId();
    await db.query(`INSERT INTO users (telegram_id, role) VALUES ($1, 'lawyer')`, [telegramId]);
    await expect(migrate(db, log)).resolves.toEqual({ applied: [] });
    await expect(pendingMigrations(db)).resolves.toEqual([]);
    const { rowCount } = await db.query('SELECT 1 FROM users WHERE telegram_id = $1', [telegramId]);
    expect(rowCount).toBe(1);
  });

  test('migrates an empty database in file order and records every file', async ({ openBlankPair }) => {
    const [blank] = await openBlankPair();
    const onDisk = (await listMigrations()).map((m) => m.version);
    expect(onDisk[0]).toBe('001_foundation');
    await expect(pendingMigrations(blank)).resolves.toEqual(onDisk);
    await expect(migrate(blank, log)).resolves.toEqual({ applied: onDisk });
    const { rows } = await blank.query<{ version: string; applied_at: Date }>(
      'SELECT version, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => row.version)).toEqual(onDisk);
    expect(rows.every((row) => row.applied_at instanceof Date)).toBe(true);
    await expect(migrate(blank, log)).resolves.toEqual({ applied: [] });
  });

  test('applies each migration exactly once when two migrators run at the same time', async ({
    openBlankPair,
  }) => {
    // Neither file could run twice (CREATE TABLE without IF NOT EXISTS); the sleep makes the race real.
    await withMigrationFiles(
      {
        '001_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE raced (id int);',
        '002_second.sql': 'CREATE TABLE raced_second (id int); INSERT INTO raced VALUES (1);',
      },
      async (directory) => {
        const [first, second] = await openBlankPair();
        const results = await Promise.all([
          migrate(first, log, { directory }),
          migrate(second, log, { directory }),
        ]);
        expect(results.flatMap((r) => r.applied).sort()).toEqual(['001_slow', '002_second']);
        const { rows } = await first.query('SELECT count(*)::int AS n FROM raced');
        expect(rows).toEqual([{ n: 1 }]);
        const recorded = await second.query('SELECT version FROM schema_migrations ORDER BY version');
        expect(recorded.rows).toEqual([{ version: '001_slow' }, { version: '002_second' }]);
      },
    );
  });

  test('applies the real migrations once when two migrators race on an empty database', async ({
    openBlankPair,
  }) => {
    const [first, second] = await openBlankPair();
    const onDisk = (await listMigrations()).map((m) => m.version);
    const results = await Promise.all([migrate(first, log), migrate(second, log)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(onDisk);
    await expect(pendingMigrations(second)).resolves.toEqual([]);
  });

  test('rolls back a failing migration entirely, records the ones before it, and names the file', async ({
    openBlankPair,
  }) => {
    await withMigrationFiles(
      {
        '001_fine.sql': 'CREATE TABLE fine (id int);',
        '002_broken.sql': 'CREATE TABLE half_done (id int);\nSELEC oops;',
      },
      async (directory) => {
        const [blank] = await openBlankPair();
        await expect(migrate(blank, log, { directory })).rejects.toThrow(/002_broken/);
        expect(await tableExists(blank, 'fine')).toBe(true);
        expect(await tableExists(blank, 'half_done')).toBe(false);
        await expect(pendingMigrations(blank, { directory })).resolves.toEqual(['002_broken']);
      },
    );
  });

  test('refuses migration files whose order is unclear', async () => {
    await withMigrationFiles({ '001_a.sql': 'SELECT 1;', '001_b.sql': 'SELECT 1;' }, async (directory) => {
      await expect(listMigrations(directory)).rejects.toThrow(/share the number 001/);
    });
    await withMigrationFiles({ '1_a.sql': 'SELECT 1;' }, async (directory) => {
      await expect(listMigrations(directory)).rejects.toThrow(/NNN_lower_case_name/);
    });
  });

  test('answers a ping', async ({ db }) => {
    await expect(db.ping()).resolves.toBeUndefined();
  });
}
