// Migration 006 on a database as it was at 005: every exhibit becomes an exhibit with one primary claim, with
// its number, facts, title and documents unchanged; running the migration again changes nothing.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrate.ts';
import { analysisItems, createEvidenceStore } from '../../../core/eb1a/evidence-store.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { createFileStore, sha256Hex } from '../../../core/files.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { silentLogger, test } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../core/db/migrations/', import.meta.url));
const before006 = mkdtempSync(join(tmpdir(), 'megaagent-migrations-005-'));
for (const file of readdirSync(MIGRATIONS).filter((name) => name.endsWith('.sql') && name < '006')) {
  copyFileSync(join(MIGRATIONS, file), join(before006, file));
}
const migration006 = readFileSync(join(MIGRATIONS, '006_exhibit_claims.sql'), 'utf8');

afterAll(() => {
  rmSync(before006, { recursive: true, force: true });
});

const award = evidenceFactory('awards').fields;
const judging = evidenceFactory('judging').fields;
const salary = evidenceFactory('high_salary').fields;
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Title (certificate) >> endobj\n%%EOF\n', 'latin1');

interface Seeded {
  lawyerId: string;
  caseIds: string[];
  /** What each exhibit was at 005, by id. */
  exhibits: Map<string, { caseId: string; number: number; criterion: string; title: string; fields: object }>;
}

/** Two lawyers' cases with exhibits of several criteria, a removed number, one shared document. */
async function seedAt005(db: Database): Promise<Seeded> {
  const users = await db.query<{ id: string }>(
    `INSERT INTO users (telegram_id, role, display_name) VALUES (9100000001, 'lawyer', 'A'), (9100000002, 'lawyer', 'B')
     RETURNING id`,
  );
  const [lawyerId = '', otherId = ''] = users.rows.map((row) => String(row.id));
  const cases = await db.query<{ id: string }>(
    `INSERT INTO cases (lawyer_id, client_name, field_of_endeavor, next_exhibit_number)
     VALUES ($1, 'Jane Doe', 'Medical imaging', 5), ($2, 'Rui Costa', 'Jazz', 2) RETURNING id`,
    [lawyerId, otherId],
  );
  const [caseA = '', caseB = ''] = cases.rows.map((row) => row.id);
  const exhibits: Seeded['exhibits'] = new Map();
  const rows: Array<[string, number, string, string, object, string | null]> = [
    [caseA, 1, 'awards', 'Best Paper Award (MICCAI Society, 2021)', award, null],
    [caseA, 2, 'judging', 'Peer review for IEEE TMI', judging, 'de'],
    // Exhibit 3 was removed; 4 keeps its number.
    [caseA, 4, 'high_salary', 'Pay of 250,000 USD per year', salary, null],
    [caseB, 1, 'judging', 'Jury of the Montreux Jazz competition', judging, null],
  ];
  for (const [caseId, number, criterion, title, fields, language] of rows) {
    const { rows: inserted } = await db.query<{ id: string }>(
      `INSERT INTO evidence (case_id, exhibit_number, criterion, title, fields, language, letter)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        caseId,
        number,
        criterion,
        title,
        JSON.stringify(fields),
        language,
        number === 2 ? JSON.stringify({ letterKind: 'experience' }) : null,
      ],
    );
    exhibits.set(inserted[0]?.id ?? '', { caseId, number, criterion, title, fields });
  }
  await db.query(
    `INSERT INTO files (sha256, bytes, size, mime_type, original_name) VALUES ($1, $2, $3, 'application/pdf', 'c.pdf')`,
    [sha256Hex(pdf), pdf, pdf.length],
  );
  for (const [id, { number }] of exhibits) {
    if (number === 1 || number === 2) {
      await db.query(`INSERT INTO evidence_files (evidence_id, sha256, file_name) VALUES ($1, $2, $3)`, [
        id,
        sha256Hex(pdf),
        `exhibit-${String(number)}.pdf`,
      ]);
    }
  }
  return { lawyerId, caseIds: [caseA, caseB], exhibits };
}

async function snapshotAfter(db: Database) {
  const { rows } = await db.query<{
    id: string;
    case_id: string;
    exhibit_number: number;
    title: string;
    criterion: string;
    fields: object;
    is_primary: boolean;
    files: string | number;
  }>(
    `SELECT e.id, e.case_id, e.exhibit_number, e.title, k.criterion, k.fields, k.is_primary,
            (SELECT count(*) FROM evidence_files l WHERE l.evidence_id = e.id) AS files
       FROM evidence e JOIN evidence_claims k ON k.evidence_id = e.id ORDER BY e.case_id, e.exhibit_number`,
  );
  return rows.map((row) => ({ ...row, files: Number(row.files) }));
}

async function checkMigration(db: Database): Promise<void> {
  await migrate(db, silentLogger(), { directory: before006 });
  const seeded = await seedAt005(db);
  await migrate(db, silentLogger());

  const after = await snapshotAfter(db);
  expect(after).toHaveLength(seeded.exhibits.size);
  for (const row of after) {
    const was = seeded.exhibits.get(row.id);
    expect(was, row.id).toBeDefined();
    expect(row).toMatchObject({
      case_id: was?.caseId,
      exhibit_number: was?.number,
      title: was?.title,
      criterion: was?.criterion,
      fields: was?.fields,
      is_primary: true,
    });
    expect(row.files).toBe(was?.number === 1 || was?.number === 2 ? 1 : 0);
  }
  const files = await db.query<{ n: string }>('SELECT count(*) AS n FROM files');
  expect(Number(files.rows[0]?.n)).toBe(1);

  // Run again: nothing moves twice, nothing is lost.
  await db.transaction((tx) => tx.query(migration006));
  expect(await snapshotAfter(db)).toEqual(after);

  // The store reads the migrated exhibits, and numbering goes on where it was.
  const store = createEvidenceStore(
    db,
    createFileStore(db, { maxUploadBytes: 1024 * 1024, allowedMimeTypes: ['application/pdf'] }),
    createTranslator(),
  );
  const [caseA = ''] = seeded.caseIds;
  const listed = await store.list(seeded.lawyerId, caseA);
  expect(listed.map((exhibit) => exhibit.exhibitNumber)).toEqual([1, 2, 4]);
  expect(listed[1]).toMatchObject({ language: 'de', letter: { letterKind: 'experience' } });
  expect(
    analysisItems(listed).map((item) => [item.exhibitNumber, item.criterion, item.documentCount]),
  ).toEqual([
    [1, 'awards', 1],
    [2, 'judging', 1],
    [4, 'high_salary', 0],
  ]);
  const read = await store.readFile(seeded.lawyerId, listed[0]?.id ?? '', sha256Hex(pdf));
  expect(read.bytes.equals(pdf)).toBe(true);
  const added = await store.add(seeded.lawyerId, caseA, { criterion: 'awards', fields: award });
  expect(added.evidence.exhibitNumber).toBe(5);
}

test('migration 006 on PGlite keeps every exhibit, number, field and file, and runs again safely', async ({
  blankPglite,
}) => {
  await checkMigration(await blankPglite());
}, 120_000);

integrationSuite('migration 006 on Postgres', ['postgres'], () => {
  test('keeps every exhibit, number, field and file, and runs again safely', async ({ blankPostgres }) => {
    const blank = await blankPostgres();
    await checkMigration(await blank.connect());
  }, 60_000);
});
