// One exhibit, several criteria: one number and one set of documents, a claim per criterion with its own facts,
// one primary claim, and claims withdrawn without losing the exhibit.
import { expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import { analysisItems, createEvidenceStore, primaryClaim } from '../../../core/eb1a/evidence-store.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { AlreadyExistsError, NotFoundError, ValidationError } from '../../../core/errors.ts';
import { createFileStore } from '../../../core/files.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from '../cases/support.ts';

const article = {
  bytes: Buffer.from('%PDF-1.7\n1 0 obj << /Title (Nature news feature) >> endobj\n%%EOF\n', 'latin1'),
  mimeType: 'application/pdf',
  originalName: 'nature-feature.pdf',
};

const pressFields = evidenceFactory('published_material').fields;
const contributionFields = evidenceFactory('original_contributions').fields;

async function setUp(db: Database) {
  const cases = createCaseService(db);
  const files = createFileStore(db, { maxUploadBytes: 1024 * 1024, allowedMimeTypes: ['application/pdf'] });
  const evidence = createEvidenceStore(db, files, createTranslator());
  const lawyer = await addLawyer(db);
  const opened = await cases.create(lawyer, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  const { evidence: press } = await evidence.add(
    lawyer,
    opened.id,
    { criterion: 'published_material', fields: pressFields },
    { files: [article] },
  );
  return { evidence, lawyer, caseId: opened.id, press };
}

async function claimRows(db: Database, evidenceId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM evidence_claims WHERE evidence_id = $1',
    [evidenceId],
  );
  return Number(rows[0]?.n);
}

for (const { name, needs, it } of databases) {
  integrationSuite(`exhibit claims on ${name}`, needs, () => {
    it('claims one document under (iii) and (v): one exhibit number, two claims, one set of files', async ({
      db,
    }) => {
      const { evidence, lawyer, caseId, press } = await setUp(db);
      const both = await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      expect(both.exhibitNumber).toBe(1);
      expect(both.claims.map((claim) => [claim.criterion, claim.primary])).toEqual([
        ['published_material', true],
        ['original_contributions', false],
      ]);
      expect(both.claims[1]?.fields).toEqual(contributionFields);
      expect(both.files.map((file) => file.fileName)).toEqual(['nature-feature.pdf']);

      const listed = await evidence.list(lawyer, caseId);
      expect(listed).toHaveLength(1);
      const items = analysisItems(listed);
      expect(items.map((item) => [item.exhibitNumber, item.criterion, item.documentCount])).toEqual([
        [1, 'published_material', 1],
        [1, 'original_contributions', 1],
      ]);
      expect(items.every((item) => item.title === press.title && item.id === press.id)).toBe(true);
      // The next exhibit still gets the next number: a claim takes none.
      const next = await evidence.add(lawyer, caseId, {
        criterion: 'judging',
        fields: evidenceFactory('judging').fields,
      });
      expect(next.evidence.exhibitNumber).toBe(2);
    });

    it('removing the (v) claim leaves the exhibit, its documents and its (iii) claim', async ({ db }) => {
      const { evidence, lawyer, caseId, press } = await setUp(db);
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      const left = await evidence.removeClaim(lawyer, press.id, 'original_contributions');
      expect(left).toMatchObject({ id: press.id, exhibitNumber: 1, title: press.title });
      expect(left.claims.map((claim) => claim.criterion)).toEqual(['published_material']);
      expect(left.claims[0]).toMatchObject({ primary: true, fields: pressFields });
      expect(left.files).toHaveLength(1);
      expect(analysisItems(await evidence.list(lawyer, caseId)).map((item) => item.criterion)).toEqual([
        'published_material',
      ]);
      expect(await claimRows(db, press.id)).toBe(1);
    });

    it('never removes the last claim, and removing the primary one promotes the next', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await expect(evidence.removeClaim(lawyer, press.id, 'published_material')).rejects.toBeInstanceOf(
        ValidationError,
      );
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      const promoted = await evidence.removeClaim(lawyer, press.id, 'published_material');
      expect(promoted.claims).toMatchObject([{ criterion: 'original_contributions', primary: true }]);
      // The title was made from the primary claim's facts, so it follows the new primary claim.
      expect(promoted.title).toBe(`Contribution: ${contributionFields.description}`);
      await expect(evidence.removeClaim(lawyer, press.id, 'judging')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('moves the primary mark, one primary at a time, and keeps a typed title', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      const moved = await evidence.setPrimary(lawyer, press.id, 'original_contributions');
      expect(primaryClaim(moved).criterion).toBe('original_contributions');
      expect(moved.claims.filter((claim) => claim.primary)).toHaveLength(1);
      await evidence.update(lawyer, press.id, { title: 'Nature news feature on the method' });
      const back = await evidence.setPrimary(lawyer, press.id, 'published_material');
      expect(primaryClaim(back).criterion).toBe('published_material');
      expect(back.title).toBe('Nature news feature on the method');
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM evidence_claims WHERE evidence_id = $1 AND is_primary',
        [press.id],
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('changes the facts of the claim named, and only those', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      const changed = await evidence.update(lawyer, press.id, {
        criterion: 'original_contributions',
        fields: { citations: 4321 },
      });
      expect(
        changed.claims.find((claim) => claim.criterion === 'original_contributions')?.fields,
      ).toMatchObject({
        citations: 4321,
      });
      expect(changed.claims.find((claim) => claim.criterion === 'published_material')?.fields).toEqual(
        pressFields,
      );
      await expect(
        evidence.update(lawyer, press.id, { criterion: 'judging', fields: { year: 2020 } }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a second claim under the same criterion, bad facts, and a stranger', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await expect(
        evidence.addClaim(lawyer, press.id, 'published_material', pressFields),
      ).rejects.toBeInstanceOf(AlreadyExistsError);
      const { description: _description, ...withoutDescription } = contributionFields;
      const refused = await evidence
        .addClaim(lawyer, press.id, 'original_contributions', withoutDescription)
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).fields.map((field) => field.path)).toEqual(['fields.description']);
      expect((refused as ValidationError).context).toEqual({ criterion: 'original_contributions' });
      const stranger = await addLawyer(db);
      for (const attempt of [
        () => evidence.addClaim(stranger, press.id, 'original_contributions', contributionFields),
        () => evidence.removeClaim(stranger, press.id, 'published_material'),
        () => evidence.setPrimary(stranger, press.id, 'published_material'),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
      }
      expect(await claimRows(db, press.id)).toBe(1);
    });

    it('counts criteria over all claims in the case summary', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      expect(await evidence.summarySource.factsAbout(press.caseId)).toEqual([
        { key: 'evidence-fact-summary', params: { exhibits: 1, criteria: 2, documents: 1 } },
      ]);
    });

    it('removes the claims with the exhibit', async ({ db }) => {
      const { evidence, lawyer, press } = await setUp(db);
      await evidence.addClaim(lawyer, press.id, 'original_contributions', contributionFields);
      await evidence.remove(lawyer, press.id);
      expect(await claimRows(db, press.id)).toBe(0);
    });
  });
}
