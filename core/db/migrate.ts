// Schema migrations: plain SQL files core/db/migrations/NNN_name.sql, applied in order, each once, each in its own transaction.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Database, Queryable } from './database.ts';

export interface Migration {
  /** The file name without `.sql`, e.g. `001_foundation`; what schema_migrations records. */
  version: string;
  sql: string;
}

export interface MigrationOptions {
  /** Where the SQL files are; defaults to core/db/migrations (tests point elsewhere). */
  directory?: string;
}

const DEFAULT_DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export async function listMigrations(directory: string = DEFAULT_DIRECTORY): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  const seenNumbers = new Map<string, string>();
  const migrations: Migration[] = [];
  for (const file of files) {
    const number = FILE_NAME.exec(file)?.[1];
    if (number === undefined) {
      throw new Error(`Migration file ${file} must be named NNN_lower_case_name.sql (in ${directory})`);
    }
    const clash = seenNumbers.get(number);
    if (clash)
      throw new Error(`Migrations ${clash} and ${file} share the number ${number}; their order is unclear`);
    seenNumbers.set(number, file);
    migrations.push({
      version: file.slice(0, -'.sql'.length),
      sql: await readFile(join(directory, file), 'utf8'),
    });
  }
  return migrations;
}

/**
 * Serialises migrators of the same schema: a second process waits here until the first one's
 * transaction ends, then sees what it recorded. Held to the end of the transaction, so nothing to unlock.
 */
async function lockMigrations(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('megaagent.migrate.' || current_schema()))`);
}

async function appliedVersions(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ present: string | null }>(
    `SELECT to_regclass('schema_migrations')::text AS present`,
  );
  if (!rows[0]?.present) return new Set();
  const applied = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(applied.rows.map((row) => row.version));
}

export async function migrate(
  db: Database,
  log: Logger,
  opts: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const migrations = await listMigrations(opts.directory);

  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });

  const known = await appliedVersions(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    if (known.has(migration.version)) continue;
    const ranHere = await db.transaction(async (tx) => {
      // A migration may rightly take longer than a request may (an index on a big table), and waiting
      // for another migrator's lock must not count as a slow statement.
      await tx.query('SET LOCAL statement_timeout = 0');
      await lockMigrations(tx);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount > 0) return false; // another process applied it while we waited
      try {
        await tx.query(migration.sql);
      } catch (err) {
        throw new Error(
          `Migration ${migration.version} failed and was rolled back: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [
        migration.version,
      ]);
      return true;
    });
    if (ranHere) {
      applied.push(migration.version);
      log.info({ migration: migration.version }, 'migration applied');
    }
  }

  const onDisk = new Set(migrations.map((m) => m.version));
  const unknown = [...known].filter((version) => !onDisk.has(version));
  if (unknown.length > 0) {
    log.warn(
      { unknown },
      'the database has migrations this code does not know; is an older version running?',
    );
  }
  return { applied };
}

/** Versions on disk not yet applied: the startup probe is not ready while this is non-empty. */
export async function pendingMigrations(db: Database, opts: MigrationOptions = {}): Promise<string[]> {
  const [migrations, known] = await Promise.all([listMigrations(opts.directory), appliedVersions(db)]);
  return migrations.map((m) => m.version).filter((version) => !known.has(version));
}
