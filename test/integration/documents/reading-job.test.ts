// The read-document job as `megaagent worker` runs it (runProductWorker: the warm reader, the stores,
// pg-boss on Postgres, a real grammY Api against the fake Telegram), with an LLM provider configured
// against the fake LLM server and FEATURE_ENABLE_LLM_DOCUMENT_FIELDS on:
// - the LLM's structured answer adds a fact the offline extractor missed; a provider answering 500
//   leaves the offline proposal, sent once;
// - a reading that fails on every attempt (a fault in the database the test switches on) names the file
//   to the lawyer with what to do, marks the proposal refused (`read_failed`), lets its file go, and the
//   job ends failed without the general "job failed" message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { runProductWorker } from '../../../core/jobs/product-worker.ts';
import { textPdf } from '../../support/document-fixtures.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { openServerStorage, silentLogger, waitUntil, type ServerStorage } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

const chatId = 930_000_008;

const CERTIFICATE = [
  'AWARD CERTIFICATE',
  'The Association for Computing Machinery presents the ACM Doctoral Dissertation Award 2021',
  'to Dr. Maria Lopez for her dissertation on distributed consensus.',
  'The award is given for originality, depth and impact of the research.',
];

integrationSuite(
  'reading a document in a job, with an LLM and when it fails for good',
  ['postgres', 'redis'],
  () => {
    let telegram: FakeTelegram;
    let llm: FakeLlm;
    let storage: ServerStorage;
    let dataDir: string;
    let app: App;
    let lawyerId: string;
    let caseId: string;
    let nextUpdate = 1;

    beforeAll(async () => {
      telegram = await startFakeTelegram();
      llm = await startFakeLlm();
      storage = await openServerStorage();
      dataDir = mkdtempSync(join(tmpdir(), 'megaagent-reading-job-'));
      app = await createApp(
        loadConfig({
          ENV: 'test',
          DATA_DIR: dataDir,
          ...storage.env,
          LLM_PROVIDERS: 'openai',
          LLM_OPENAI_API_KEY: 'sk-proj-TESTKEYreadingjob000000000001',
          LLM_BASE_URL: llm.baseUrl,
          LLM_TIMEOUT_MS: '5000',
          FEATURE_ENABLE_LLM_DOCUMENT_FIELDS: 'true',
        }),
        { log: silentLogger() },
      );
      await runProductWorker(app, telegramMessenger(new Api(telegram.token, { apiRoot: telegram.apiRoot })));
      // The lawyer has written to the bot before (Telegram only lets a bot write to such chats).
      telegram.sendText({ id: chatId, first_name: 'Maria' }, '/start');
      const user = await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Maria' });
      lawyerId = user.id;
      caseId = (
        await app.cases.create(lawyerId, { clientName: 'Jane Doe', fieldOfEndeavor: 'Computer science' })
      ).id;
    }, 120_000);

    afterAll(async () => {
      await app?.close('test done');
      await llm?.close();
      await telegram?.close();
      await storage?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** Stores the document, records its proposal and queues its reading, as the bot does for an upload. */
    async function upload(fileName: string, lines: readonly string[]) {
      const { sha256 } = await app.files.put({
        bytes: await textPdf([lines]),
        mimeType: 'application/pdf',
        originalName: fileName,
      });
      const update = nextUpdate++;
      const { proposal } = await app.documentProposals.create({
        lawyerId,
        caseId,
        chatId,
        sourceKey: `telegram:${String(update)}`,
        sha256,
        fileName,
        mimeType: 'application/pdf',
      });
      const job = await app.jobs.enqueue(
        'read-document',
        { lawyer: { chatId, locale: 'en' }, proposalId: proposal.id },
        { singletonKey: `document:${String(update)}` },
      );
      return { proposalId: proposal.id, sha256, jobId: job.id };
    }

    const messagesAbout = (name: string) =>
      telegram.sent.filter(
        (m) => m.chat_id === chatId && m.method === 'sendMessage' && (m.text ?? '').includes(`“${name}”`),
      );

    it('adds the fact the LLM read from the text when the offline extractor missed it', async () => {
      llm.replyNext(
        JSON.stringify({
          fields: { selectionCriteria: 'originality, depth and impact of the research', awardeeCount: 12 },
        }),
      );
      const { proposalId } = await upload('acm-award.pdf', CERTIFICATE);
      await waitUntil(() => messagesAbout('acm-award.pdf').length > 0, 'the proposal', 60_000);
      const proposal = await app.documentProposals.get(lawyerId, proposalId);
      expect(proposal.criterion).toBe('awards');
      expect(proposal.fields.map((f) => [f.key, f.value])).toEqual([
        ['name', 'ACM Doctoral Dissertation Award'],
        ['issuer', 'ACM'],
        ['year', 2021],
        // Stated by the text, read by the LLM; the invented count of awardees was dropped.
        ['selectionCriteria', 'originality, depth and impact of the research'],
      ]);
      expect(messagesAbout('acm-award.pdf')[0]?.text).toContain(
        'originality, depth and impact of the research',
      );
      // The document went to the LLM as delimited data, in the user message.
      expect(JSON.stringify(llm.requests.at(-1)?.body)).toMatch(/<<DATA [0-9a-f]{12}>>/);
    }, 90_000);

    it('proposes the offline facts, once, when the LLM provider answers 500', async () => {
      llm.failNext({ status: 500 }, { times: 2 });
      const before = llm.requests.length;
      const { proposalId } = await upload('acm-award-2.pdf', [...CERTIFICATE, 'Copy for the file.']);
      await waitUntil(() => messagesAbout('acm-award-2.pdf').length > 0, 'the proposal', 60_000);
      expect(llm.requests.slice(before).map((r) => r.status)).toEqual([500, 500]);
      const proposal = await app.documentProposals.get(lawyerId, proposalId);
      expect(proposal.status).toBe('pending');
      expect(proposal.fields.map((f) => f.key)).toEqual(['name', 'issuer', 'year']);
      expect(messagesAbout('acm-award-2.pdf')).toHaveLength(1);
    }, 90_000);

    it('names the file that could not be read on any attempt, lets it go, and ends the job failed', async () => {
      // A fault of ours, not of the file: storing any document's text fails until the test removes it.
      const schema = storage.schema;
      await app.db.query(
        `CREATE FUNCTION ${schema}.texts_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'document texts unavailable (test fault)'; END $$`,
      );
      await app.db.query(
        `CREATE TRIGGER texts_unavailable BEFORE INSERT ON ${schema}.document_texts
         FOR EACH ROW EXECUTE FUNCTION ${schema}.texts_unavailable()`,
      );
      try {
        const { proposalId, sha256, jobId } = await upload('contract.pdf', [
          'Employment contract',
          'Salary 2021',
        ]);
        await waitUntil(
          async () => (await app.jobs.status('read-document', jobId))?.state === 'failed',
          'the job failed for good',
          90_000,
        );
        // The failure also reaches the kind's dead-letter handler, which must not tell the lawyer again.
        await waitUntil(
          async () =>
            (await app.jobs.deadLetters('read-document')).some(
              (copy) => (copy.data as { proposalId?: string }).proposalId === proposalId && copy.handled,
            ),
          'the failure handled from the dead-letter queue',
          30_000,
        );
        const told = messagesAbout('contract.pdf');
        expect(told.map((m) => m.text)).toEqual([
          '“contract.pdf” could not be read: reading it failed several times in a row on our side. Nothing else you sent is affected. Please send it again, or send it as a PDF.',
        ]);
        // Not told a second time in general words.
        expect(
          telegram.sent.some((m) => m.chat_id === chatId && (m.text ?? '').includes('did not finish')),
        ).toBe(false);
        const proposal = await app.documentProposals.get(lawyerId, proposalId);
        expect(proposal).toMatchObject({ status: 'refused', refusal: 'read_failed', sha256: null });
        expect(await app.files.find(sha256)).toBeNull();
        const status = await app.jobs.status('read-document', jobId);
        // Every attempt the kind allows was made before giving up (retryLimit 3).
        expect(status?.attempt).toBe(3);
      } finally {
        await app.db.query(`DROP TRIGGER texts_unavailable ON ${schema}.document_texts`);
        await app.db.query(`DROP FUNCTION ${schema}.texts_unavailable()`);
      }
    }, 120_000);
  },
);
