// Exhibits in the database: numbering under concurrency, ownership through the case, documents stored once.
import { expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import { createEvidenceStore, type NewEvidence } from '../../../core/eb1a/evidence-store.ts';
import { evidenceFactory } from '../../support/factories.ts';
import {
  CaseNotFoundError,
  FileNotFoundError,
  InvalidFileTypeError,
  NotFoundError,
  ValidationError,
} from '../../../core/errors.ts';
import { createFileStore, sha256Hex, type FilePolicy } from '../../../core/files.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from '../cases/support.ts';

const policy: FilePolicy = {
  maxUploadBytes: 20 * 1024 * 1024,
  allowedMimeTypes: ['application/pdf', 'image/jpeg', 'image/png', 'text/plain'],
};

const judging: NewEvidence = {
  criterion: 'judging',
  fields: evidenceFactory('judging').fields,
};

function award(name: string): NewEvidence {
  return { criterion: 'awards', fields: { ...evidenceFactory('awards').fields, name } };
}

function pdf(text: string): { bytes: Buffer; mimeType: string; originalName: string } {
  return {
    bytes: Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${text}) >> endobj\n%%EOF\n`, 'latin1'),
    mimeType: 'application/pdf',
    originalName: `${text}.pdf`,
  };
}

async function setUp(db: Database) {
  const cases = createCaseService(db);
  const files = createFileStore(db, policy);
  const evidence = createEvidenceStore(db, files, createTranslator());
  const lawyer = await addLawyer(db);
  const opened = await cases.create(lawyer, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  return { cases, files, evidence, lawyer, caseId: opened.id };
}

async function fileRows(db: Database, sha256: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM files WHERE sha256 = $1', [
    sha256,
  ]);
  return Number(rows[0]?.n);
}

for (const { name, needs, it } of databases) {
  integrationSuite(`evidence store on ${name}`, needs, () => {
    it('gives 20 exhibits added at the same time the numbers 1 to 20, each once', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const added = await Promise.all(
        Array.from({ length: 20 }, (_, i) => evidence.add(lawyer, caseId, award(`Award ${String(i + 1)}`))),
      );
      const numbers = added.map((result) => result.evidence.exhibitNumber).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await evidence.list(lawyer, caseId)).map((item) => item.exhibitNumber)).toEqual(numbers);
    });

    it('never gives a removed exhibit number out again, even to the next exhibit', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const first = await evidence.add(lawyer, caseId, award('First'));
      const second = await evidence.add(lawyer, caseId, award('Second'));
      await evidence.remove(lawyer, second.evidence.id);
      await evidence.remove(lawyer, first.evidence.id);
      const third = await evidence.add(lawyer, caseId, judging);
      expect(third.evidence.exhibitNumber).toBe(3);
      expect((await evidence.list(lawyer, caseId)).map((item) => item.exhibitNumber)).toEqual([3]);
      await expect(evidence.get(lawyer, first.evidence.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('counts a case’s exhibits (removed ones not), and only for the lawyer who owns the case', async ({
      db,
    }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      expect(await evidence.count(lawyer, caseId)).toBe(0);
      const first = await evidence.add(lawyer, caseId, award('First'));
      await evidence.add(lawyer, caseId, award('Second'));
      await evidence.add(lawyer, caseId, judging);
      await evidence.remove(lawyer, first.evidence.id);
      expect(await evidence.count(lawyer, caseId)).toBe(2);
      const stranger = await addLawyer(db);
      await expect(evidence.count(stranger, caseId)).rejects.toBeInstanceOf(CaseNotFoundError);
    });

    it('numbers each case on its own', async ({ db }) => {
      const { cases, evidence, lawyer, caseId } = await setUp(db);
      await evidence.add(lawyer, caseId, judging);
      const other = await cases.create(lawyer, { clientName: 'Rui Costa', fieldOfEndeavor: 'Jazz' });
      expect((await evidence.add(lawyer, other.id, judging)).evidence.exhibitNumber).toBe(1);
    });

    it('stores what the engine reads back: criterion, typed facts, title, language', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const { evidence: stored, created } = await evidence.add(lawyer, caseId, {
        ...award('Best Paper Award'),
        language: 'de',
        certifiedTranslation: false,
      });
      expect(created).toBe(true);
      expect(stored).toMatchObject({
        caseId,
        exhibitNumber: 1,
        title: 'Best Paper Award (MICCAI Society, 2021)',
        claims: [
          {
            criterion: 'awards',
            primary: true,
            fields: { ...evidenceFactory('awards').fields, name: 'Best Paper Award' },
          },
        ],
        language: 'de',
        certifiedTranslation: false,
        files: [],
      });
      expect(await evidence.get(lawyer, stored.id)).toEqual(stored);
    });

    it('refuses facts the schema rejects, names the question, and uses up no number', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const { year: _year, ...withoutYear } = evidenceFactory('awards').fields;
      const refused = await evidence
        .add(lawyer, caseId, { criterion: 'awards', fields: withoutYear })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields.map((field) => field.path)).toEqual(['fields.year']);
      expect((refused as ValidationError).context).toEqual({ criterion: 'awards' });
      await expect(
        evidence.add(lawyer, caseId, { criterion: 'judging', fields: { ...judging.fields, proof: 'maybe' } }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await evidence.add(lawyer, caseId, judging)).evidence.exhibitNumber).toBe(1);
    });

    it('adds once per source key: the same request twice makes one exhibit', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const [a, b] = await Promise.all([
        evidence.add(lawyer, caseId, judging, { sourceKey: 'telegram:777' }),
        evidence.add(lawyer, caseId, judging, { sourceKey: 'telegram:777' }),
      ]);
      expect(a.evidence.id).toBe(b.evidence.id);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(await evidence.list(lawyer, caseId)).toHaveLength(1);
      expect(
        (await evidence.add(lawyer, caseId, judging, { sourceKey: 'telegram:778' })).evidence.exhibitNumber,
      ).toBe(2);
    });

    it("does not let another lawyer read, change, remove or attach to a lawyer's exhibit", async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const other = await addLawyer(db);
      const { evidence: owned } = await evidence.add(lawyer, caseId, judging, {
        files: [pdf('review-record')],
      });
      const sha256 = owned.files[0]?.sha256 ?? '';

      await expect(evidence.list(other, caseId)).rejects.toBeInstanceOf(CaseNotFoundError);
      await expect(evidence.add(other, caseId, judging)).rejects.toBeInstanceOf(CaseNotFoundError);
      for (const attempt of [
        () => evidence.get(other, owned.id),
        () => evidence.update(other, owned.id, { title: 'Hijacked' }),
        () => evidence.remove(other, owned.id),
        () => evidence.attachFile(other, owned.id, pdf('other')),
        () => evidence.readFile(other, owned.id, sha256),
        () => evidence.get(lawyer, 'not-a-uuid'),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
      }
      expect(await evidence.get(lawyer, owned.id)).toEqual(owned);
    });

    it('changes one fact, keeps the number, and lets a generated title follow the facts', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const { evidence: added } = await evidence.add(lawyer, caseId, award('Young Scientist Award'));
      const changed = await evidence.update(lawyer, added.id, { fields: { year: 2019, awardeeCount: null } });
      expect(changed).toMatchObject({
        exhibitNumber: 1,
        title: 'Young Scientist Award (MICCAI Society, 2019)',
      });
      expect(changed.claims[0]?.fields).not.toHaveProperty('awardeeCount');
      const retitled = await evidence.update(lawyer, added.id, {
        title: 'Certificate, Young Scientist Award',
      });
      const again = await evidence.update(lawyer, added.id, { fields: { year: 2020 } });
      expect(again.title).toBe(retitled.title);
      await expect(evidence.update(lawyer, added.id, { fields: { year: 'soon' } })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(evidence.update(lawyer, added.id, { fields: { name: null } })).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect((await evidence.get(lawyer, added.id)).claims[0]?.fields).toMatchObject({
        year: 2020,
        name: 'Young Scientist Award',
      });
    });

    it('links a held document and an already stored one without storing them again, and lets a hold go', async ({
      db,
    }) => {
      const { evidence, files, lawyer, caseId } = await setUp(db);
      const other = await addLawyer(db);
      const sent = pdf('sent-during-the-questions');
      const sha256 = sha256Hex(sent.bytes);
      const { holdId, file } = await evidence.holdFile(lawyer, sent);
      expect(file.sha256).toBe(sha256);
      expect(await fileRows(db, sha256)).toBe(1);

      const { evidence: exhibit } = await evidence.add(lawyer, caseId, judging);
      // Nobody else can attach it to the lawyer's exhibit.
      await expect(
        evidence.attachHeldFile(other, exhibit.id, { holdId, fileName: 'x.pdf' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      const linked = await evidence.attachHeldFile(lawyer, exhibit.id, { holdId, fileName: 'record.pdf' });
      expect(linked).toMatchObject({ attached: true, file: { sha256, fileName: 'record.pdf' } });
      // The hold went with the link; the file stays, used by the exhibit.
      await expect(
        evidence.attachHeldFile(lawyer, exhibit.id, { holdId, fileName: 'record.pdf' }),
      ).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await fileRows(db, sha256)).toBe(1);

      // A stored copy (a proposal's) is linked by its hash, into a new exhibit and an existing one.
      const { evidence: second } = await evidence.add(lawyer, caseId, award('Prize'), {
        storedFiles: [{ sha256, fileName: 'proposal.pdf' }],
      });
      expect(second.files).toMatchObject([{ sha256, fileName: 'proposal.pdf' }]);
      expect(
        (await evidence.attachStoredFile(lawyer, exhibit.id, { sha256, fileName: 'record.pdf' })).attached,
      ).toBe(false);
      await expect(
        evidence.attachStoredFile(lawyer, exhibit.id, { sha256: 'f'.repeat(64), fileName: 'gone.pdf' }),
      ).rejects.toBeInstanceOf(FileNotFoundError);

      // A hold not used within a day is let go by the next one, and its file with it.
      const abandoned = pdf('never-used');
      const old = await evidence.holdFile(lawyer, abandoned);
      await db.query(`UPDATE held_files SET held_at = now() - interval '25 hours' WHERE id = $1`, [
        old.holdId,
      ]);
      await evidence.holdFile(lawyer, pdf('next-one'));
      expect(await fileRows(db, old.file.sha256)).toBe(0);
      await expect(files.read(old.file.sha256)).rejects.toBeInstanceOf(FileNotFoundError);
    });

    it('stores a document once however many exhibits use it, and returns the same bytes', async ({ db }) => {
      const { cases, evidence, files, lawyer, caseId } = await setUp(db);
      const document = pdf('reviewer-certificate');
      const sha256 = sha256Hex(document.bytes);
      const { evidence: one } = await evidence.add(lawyer, caseId, judging);
      const { evidence: two } = await evidence.add(lawyer, caseId, award('Award'));
      const other = await addLawyer(db);
      const otherCase = await cases.create(other, { clientName: 'Rui Costa', fieldOfEndeavor: 'Jazz' });
      const { evidence: three } = await evidence.add(other, otherCase.id, judging);

      const first = await evidence.attachFile(lawyer, one.id, document);
      expect(first).toMatchObject({
        attached: true,
        file: { sha256, fileName: 'reviewer-certificate.pdf', size: document.bytes.length },
      });
      expect((await evidence.attachFile(lawyer, one.id, document)).attached).toBe(false);
      await evidence.attachFile(lawyer, two.id, { ...document, originalName: 'copy.pdf' });
      await evidence.attachFile(other, three.id, { ...document, originalName: 'theirs.pdf' });
      expect(await fileRows(db, sha256)).toBe(1);

      const read = await evidence.readFile(lawyer, two.id, sha256);
      expect(read.bytes.equals(document.bytes)).toBe(true);
      expect(read).toMatchObject({ fileName: 'copy.pdf', mimeType: 'application/pdf' });
      expect((await evidence.readFile(other, three.id, sha256)).fileName).toBe('theirs.pdf');

      // The bytes stay while any exhibit uses them, and go with the last one (here, with its case).
      await evidence.remove(lawyer, one.id);
      await evidence.remove(lawyer, two.id);
      expect(await fileRows(db, sha256)).toBe(1);
      await cases.delete(other, otherCase.id);
      expect(await fileRows(db, sha256)).toBe(0);
      await expect(files.read(sha256)).rejects.toBeInstanceOf(FileNotFoundError);
    });

    it('round-trips binary bytes exactly (every byte value, a real PNG header)', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const bytes = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from(Array.from({ length: 256 * 4 }, (_, i) => i % 256)),
      ]);
      const { evidence: added } = await evidence.add(lawyer, caseId, judging, {
        files: [{ bytes, mimeType: 'image/png', originalName: 'scan.png' }],
      });
      const read = await evidence.readFile(lawyer, added.id, sha256Hex(bytes));
      expect(read.size).toBe(bytes.length);
      expect(read.bytes.equals(bytes)).toBe(true);
    });

    it('refuses a .pdf that is not a PDF and stores nothing, not even the exhibit it came with', async ({
      db,
    }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const fake = {
        bytes: Buffer.from('MZ\x90\x00 not a pdf', 'latin1'),
        mimeType: 'application/pdf',
        originalName: 'award.pdf',
      };
      const { evidence: added } = await evidence.add(lawyer, caseId, judging);
      await expect(evidence.attachFile(lawyer, added.id, fake)).rejects.toBeInstanceOf(InvalidFileTypeError);
      await expect(evidence.add(lawyer, caseId, judging, { files: [fake] })).rejects.toBeInstanceOf(
        InvalidFileTypeError,
      );
      expect(await fileRows(db, sha256Hex(fake.bytes))).toBe(0);
      expect(await evidence.list(lawyer, caseId)).toHaveLength(1);
      expect((await evidence.get(lawyer, added.id)).files).toEqual([]);
    });

    it('completes an intake candidate in the same transaction as the exhibit', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO evidence_candidates (case_id, criterion, title, fields, source_question_id)
         VALUES ($1, 'judging', 'Reviewing for IEEE TMI', '{}', 'judging_activity') RETURNING id`,
        [caseId],
      );
      const candidateId = rows[0]?.id ?? '';
      const { evidence: added } = await evidence.add(lawyer, caseId, judging, { candidateId });
      expect(added.candidateId).toBe(candidateId);
      const status = await db.query<{ status: string }>(
        'SELECT status FROM evidence_candidates WHERE id = $1',
        [candidateId],
      );
      expect(status.rows[0]?.status).toBe('completed');
    });

    it('summarises the evidence for the case summary', async ({ db }) => {
      const { evidence, lawyer, caseId } = await setUp(db);
      expect(await evidence.summarySource.factsAbout(caseId)).toEqual([{ key: 'evidence-fact-none' }]);
      await evidence.add(lawyer, caseId, judging, { files: [pdf('a')] });
      await evidence.add(lawyer, caseId, award('A'));
      await evidence.add(lawyer, caseId, award('B'));
      expect(await evidence.summarySource.factsAbout(caseId)).toEqual([
        { key: 'evidence-fact-summary', params: { exhibits: 3, criteria: 2, documents: 1 } },
      ]);
    });
  });
}
