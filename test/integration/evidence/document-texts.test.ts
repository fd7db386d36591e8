// What reading keeps: the text of each document, searchable only within the lawyer's own case, and the
// proposal that holds the document until the lawyer confirms or rejects it (migration 012), on both databases.
import { expect } from 'vitest';
import type { Database } from '../../../core/db/database.ts';
import { createProposalStore } from '../../../core/documents/proposals.ts';
import { createDocumentTextStore } from '../../../core/documents/texts.ts';
import { createCaseService } from '../../../core/eb1a/cases.ts';
import { createEvidenceStore } from '../../../core/eb1a/evidence-store.ts';
import { NotFoundError } from '../../../core/errors.ts';
import { createFileStore, type FilePolicy } from '../../../core/files.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { integrationSuite } from '../../support/services.ts';
import { addLawyer, databases } from '../cases/support.ts';

const policy: FilePolicy = { maxUploadBytes: 1024 * 1024, allowedMimeTypes: ['text/plain'] };
let nextChat = 900_000;

async function setUp(db: Database) {
  const files = createFileStore(db, policy);
  const evidence = createEvidenceStore(db, files, createTranslator());
  const texts = createDocumentTextStore(db);
  const proposals = createProposalStore(db);
  const lawyer = await addLawyer(db);
  const opened = await createCaseService(db).create(lawyer, {
    clientName: 'Jane Doe',
    fieldOfEndeavor: 'Imaging',
  });
  const chatId = nextChat++;
  /** A document sent and read: stored, proposed, its text saved. */
  async function read(name: string, text: string, sourceKey = `telegram:${name}`) {
    const stored = await files.put({ bytes: Buffer.from(text), mimeType: 'text/plain', originalName: name });
    const created = await proposals.create({
      lawyerId: lawyer,
      caseId: opened.id,
      chatId,
      sourceKey,
      sha256: stored.sha256,
      fileName: name,
      mimeType: 'text/plain',
    });
    await texts.save({
      sha256: stored.sha256,
      text,
      pageCount: 1,
      ocrPageCount: 0,
      language: 'eng',
      needsTranslation: false,
    });
    await proposals.propose(created.proposal.id, {
      criterion: 'awards',
      alternatives: ['membership'],
      fields: [{ key: 'year', value: 2021, phrase: '2021' }],
      traps: [],
      pageCount: 1,
      language: 'eng',
      needsTranslation: false,
    });
    return { ...created, sha256: stored.sha256 };
  }
  return { files, evidence, texts, proposals, lawyer, caseId: opened.id, read };
}

async function fileExists(db: Database, sha256: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM files WHERE sha256 = $1', [sha256]);
  return rows.length === 1;
}

for (const { name, needs, it } of databases) {
  integrationSuite(`document texts and proposals on ${name}`, needs, () => {
    it('finds a case’s documents by their words (English stems), and only in the lawyer’s own case', async ({
      db,
    }) => {
      const mine = await setUp(db);
      const other = await setUp(db);
      await mine.read('award.txt', 'The ACM Doctoral Dissertation Award was awarded to Jane Doe in 2021.');
      await mine.read('review.txt', 'Thank you for reviewing manuscripts for IEEE TMI.');
      await other.read('secret.txt', 'Another client: awarded the Turing Award.');

      const hits = await mine.texts.search(mine.lawyer, mine.caseId, 'awards');
      expect(hits.map((h) => [h.fileName, h.exhibitNumber])).toEqual([['award.txt', null]]);
      expect(hits[0]?.excerpt).toContain('«Award»');
      // Another lawyer's case, or a case id of someone else's, finds nothing.
      expect(await mine.texts.search(mine.lawyer, other.caseId, 'awarded')).toEqual([]);
      expect(await other.texts.search(other.lawyer, mine.caseId, 'dissertation')).toEqual([]);
      expect(await mine.texts.search(mine.lawyer, mine.caseId, '')).toEqual([]);
      expect(await mine.texts.search(mine.lawyer, 'not-a-uuid', 'award')).toEqual([]);
    });

    it('keeps one proposal per update, in one burst for documents sent together', async ({ db }) => {
      const s = await setUp(db);
      const first = await s.read('a.txt', 'Award certificate 2021', 'telegram:1');
      const again = await s.proposals.create({
        lawyerId: s.lawyer,
        caseId: s.caseId,
        chatId: 1,
        sourceKey: 'telegram:1',
        sha256: first.sha256,
        fileName: 'a.txt',
        mimeType: 'text/plain',
      });
      expect(again).toMatchObject({
        created: false,
        startsBurst: false,
        proposal: { id: first.proposal.id },
      });
      const second = await s.read('b.txt', 'Best paper award 2020', 'telegram:2');
      expect(first.startsBurst).toBe(true);
      expect(second.startsBurst).toBe(false);
      expect(second.proposal.burstId).toBe(first.proposal.burstId);
      expect(await s.proposals.burstProgress(first.proposal.burstId ?? '')).toMatchObject({
        done: 2,
        total: 2,
      });
      // At most one progress edit per interval.
      expect(await s.proposals.claimBurstEdit(first.proposal.burstId ?? '', 60_000)).toBe(true);
      expect(await s.proposals.claimBurstEdit(first.proposal.burstId ?? '', 60_000)).toBe(false);
    });

    it('lets a rejected document go, keeps a confirmed one with its exhibit, and shows proposals only to their lawyer', async ({
      db,
    }) => {
      const s = await setUp(db);
      const rejected = await s.read('junk.txt', 'A shopping list, 2021');
      expect(await s.proposals.reject(s.lawyer, rejected.proposal.id)).toBe(true);
      expect(await s.proposals.reject(s.lawyer, rejected.proposal.id)).toBe(false);
      expect(await fileExists(db, rejected.sha256)).toBe(false);
      expect(await s.texts.get(rejected.sha256)).toBeNull();

      const kept = await s.read('award.txt', 'Best Paper Award 2021, IEEE');
      const content = await s.files.read(kept.sha256);
      const { evidence } = await s.evidence.add(
        s.lawyer,
        s.caseId,
        { criterion: 'awards', fields: evidenceFactory('awards').fields },
        { files: [{ bytes: content.bytes, mimeType: 'text/plain', originalName: 'award.txt' }] },
      );
      expect(await s.proposals.confirm(s.lawyer, kept.proposal.id, evidence.id)).toBe(true);
      expect(await fileExists(db, kept.sha256)).toBe(true);
      expect(await s.proposals.get(s.lawyer, kept.proposal.id)).toMatchObject({
        status: 'confirmed',
        evidenceId: evidence.id,
        sha256: null,
      });
      const [hit] = await s.texts.search(s.lawyer, s.caseId, 'paper award');
      expect(hit).toMatchObject({ fileName: 'award.txt', exhibitNumber: evidence.exhibitNumber });
      // Removing the exhibit takes the document and its text with it.
      await s.evidence.remove(s.lawyer, evidence.id);
      expect(await fileExists(db, kept.sha256)).toBe(false);
      expect(await s.texts.get(kept.sha256)).toBeNull();

      const stranger = await setUp(db);
      await expect(stranger.proposals.get(stranger.lawyer, kept.proposal.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await stranger.proposals.reject(stranger.lawyer, rejected.proposal.id)).toBe(false);
    });

    it('stores nothing of a refused document but the reason', async ({ db }) => {
      const s = await setUp(db);
      const stored = await s.files.put({
        bytes: Buffer.from('unreadable'),
        mimeType: 'text/plain',
        originalName: 'bad.txt',
      });
      const { proposal } = await s.proposals.create({
        lawyerId: s.lawyer,
        caseId: s.caseId,
        chatId: 5,
        sourceKey: 'telegram:bad',
        sha256: stored.sha256,
        fileName: 'bad.txt',
        mimeType: 'text/plain',
      });
      expect(await s.proposals.refuse(proposal.id, 'corrupt')).toBe(true);
      expect(await fileExists(db, stored.sha256)).toBe(false);
      expect(await s.proposals.get(s.lawyer, proposal.id)).toMatchObject({
        status: 'refused',
        refusal: 'corrupt',
        sha256: null,
        criterion: null,
      });
    });
  });
}
