// The embedded database (PGlite): the shared Database contract, plus what only a file-backed embedded database does.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { migrate, pendingMigrations } from '../../../core/db/migrate.ts';
import { openDatabase } from '../../../core/db/open.ts';
import { openPglite } from '../../../core/db/pglite.ts';
import { databaseContract } from '../../support/contracts/database.contract.ts';
import { pgliteTemplate, test } from '../../support/fixtures.ts';

const pgliteTest = test
  .extend('db', { scope: 'file' }, ({ pgliteDb }) => pgliteDb)
  .extend(
    'openBlankPair',
    { scope: 'file' },
    ({ blankPglite }) =>
      async (): Promise<[Database, Database]> => {
        // One process holds an embedded database, so "two migrators" are two callers on one instance.
        const db = await blankPglite();
        return [db, db];
      },
  );

describe('PGlite database', () => {
  databaseContract(pgliteTest);
});

// eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
const dataDirTest = test.extend('dataDir', async ({}, { onCleanup }) => {
  const dir = await mkdtemp(join(tmpdir(), 'megaagent-pglite-'));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  return child.pid ?? 2 ** 22 + 1;
}

describe('PGlite on disk', () => {
  dataDirTest('keeps a lawyer’s data across a restart', async ({ dataDir, log }) => {
    const first = await openPglite({ dataDir, template: await pgliteTemplate() }, log);
    await migrate(first, log);
    await first.query(
      `INSERT INTO users (telegram_id, role, display_name) VALUES (42, 'lawyer', 'A. Lawyer')`,
    );
    await first.close();

    const second = await openPglite({ dataDir }, log);
    try {
      await expect(pendingMigrations(second)).resolves.toEqual([]);
      const { rows } = await second.query('SELECT display_name FROM users WHERE telegram_id = 42');
      expect(rows).toEqual([{ display_name: 'A. Lawyer' }]);
    } finally {
      await second.close();
    }
  });

  dataDirTest(
    'refuses a data directory another running process holds, naming that process',
    async ({ dataDir, log }) => {
      writeFileSync(join(dataDir, 'megaagent.lock'), String(process.ppid));
      await expect(openPglite({ dataDir }, log)).rejects.toThrow(`in use by process ${process.ppid}`);
    },
  );

  dataDirTest(
    'takes over a lock left by a process that crashed, and releases it on close',
    async ({ dataDir, log }) => {
      const lockFile = join(dataDir, 'megaagent.lock');
      writeFileSync(lockFile, String(deadPid()));
      const db = await openPglite({ dataDir, template: await pgliteTemplate() }, log);
      await expect(db.ping()).resolves.toBeUndefined();
      await db.close();
      expect(existsSync(lockFile)).toBe(false);
    },
  );

  // Runs initdb for real (what a first start does), which takes a while on a busy machine.
  dataDirTest(
    'is what openDatabase chooses without a URL, under <dataDir>/pglite',
    { timeout: 60_000 },
    async ({ dataDir, log }) => {
      const db = await openDatabase({ url: null, poolSize: 5, statementTimeoutMs: 1000, dataDir }, log);
      try {
        expect(db.kind).toBe('pglite');
        expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
      } finally {
        await db.close();
      }
    },
  );
});
