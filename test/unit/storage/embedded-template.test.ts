// A new embedded data directory starts as a copy of the prepared template: built once (the preparation runs
// once however many directories follow), the copy opens with every migration applied, and where no
// template can be kept the directory starts from nothing as before.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { migrate, pendingMigrations } from '../../../core/db/migrate.ts';
import {
  startFromTemplate,
  templateDir,
  type EmbeddedTemplateSpec,
} from '../../../core/db/embedded-template.ts';
import { openPglite } from '../../../core/db/pglite.ts';
import { capturingLogger, silentLogger } from '../../support/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'megaagent-template-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let preparations = 0;
const spec: EmbeddedTemplateSpec = {
  key: 'test',
  async prepare(db) {
    preparations += 1;
    await migrate(db, silentLogger());
  },
};

it('prepares the template once and starts each new data directory from a copy, migrations applied', async () => {
  const cache = join(root, 'cache');
  for (const name of ['first', 'second']) {
    const dataDir = join(root, name, 'pglite');
    expect(await startFromTemplate(dataDir, spec, silentLogger(), cache)).toBe(true);
    const db = await openPglite({ dataDir }, silentLogger());
    try {
      expect(await pendingMigrations(db)).toEqual([]);
      await db.query(`INSERT INTO feature_flags (name, enabled) VALUES ('${name}', true)`);
    } finally {
      await db.close();
    }
  }
  expect(preparations).toBe(1);
  // The copies are independent: what one directory holds, the template and the other do not.
  const db = await openPglite({ dataDir: join(root, 'second', 'pglite') }, silentLogger());
  try {
    const { rows } = await db.query<{ name: string }>(
      `SELECT name FROM feature_flags WHERE name IN ('first', 'second')`,
    );
    expect(rows.map((r) => r.name)).toEqual(['second']);
  } finally {
    await db.close();
  }
  expect(existsSync(join(await templateDir(spec, cache), 'megaagent.lock'))).toBe(false);
}, 120_000);

it('names another template when the key or PGlite changes', async () => {
  expect(await templateDir({ key: 'a' }, root)).not.toBe(await templateDir({ key: 'b' }, root));
});

it('starts from nothing when the cache cannot be written, and warns that this start is slower', async () => {
  // A file where the cache directory would go: no template can be kept there, whoever runs the test.
  const blocked = join(root, 'not-a-directory');
  writeFileSync(blocked, '');
  const before = preparations;
  const dataDir = join(root, 'third', 'pglite');
  const { log, lines } = capturingLogger();
  expect(await startFromTemplate(dataDir, spec, log, join(blocked, 'cache'))).toBe(false);
  expect(preparations).toBe(before);
  expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  // A degraded start is an operator's business: a warning with the reason, not an info line.
  const warning = lines.find((line) => line.msg?.includes('no embedded database template'));
  expect(warning?.level).toBe(40);
  expect(warning?.err).toBeDefined();
});
