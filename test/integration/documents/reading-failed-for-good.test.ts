// A reading job that fails for good without its own last attempt saying so, on pg-boss on Postgres: a
// handler that throws on every attempt before it can tell anyone, and attempts that never finish (as when
// the worker is killed mid-reading) until the job expires. Either way the lawyer gets one plain message
// naming the file and what to do, the proposal is refused (`read_failed`) and lets its file go, and the
// general "did not finish" message is not sent on top.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { createDocumentReader, type DocumentReader } from '../../../core/documents/read-document.ts';
import { JOB_KINDS } from '../../../core/jobs/kinds.ts';
import { createProgressBoard } from '../../../core/jobs/progress.ts';
import { createJobQueue, defineJobKinds, type JobQueue } from '../../../core/jobs/queue.ts';
import { readDocumentFailed } from '../../../core/jobs/read-document.ts';
import { startJobWorker, type JobWorker } from '../../../core/jobs/worker.ts';
import { textPdf } from '../../support/document-fixtures.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { openServerStorage, silentLogger, waitUntil, type ServerStorage } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

const chatId = 930_000_018;

/** The product's reading kind, with one retry and an expiry short enough to wait out in a test. */
const KINDS = defineJobKinds({
  'read-document': {
    ...JOB_KINDS['read-document'],
    retryLimit: 1,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 1,
    expireInSeconds: 2,
  },
});

/** How the attempts at a proposal's reading go wrong. */
type Fault = 'throws' | 'never-finishes';

integrationSuite('a reading job that fails for good', ['postgres', 'redis'], () => {
  let telegram: FakeTelegram;
  let storage: ServerStorage;
  let dataDir: string;
  let app: App;
  let reader: DocumentReader;
  let queue: JobQueue<typeof KINDS>;
  let worker: JobWorker;
  let lawyerId: string;
  let caseId: string;
  let nextUpdate = 1;
  const faults = new Map<string, Fault>();
  const attempts = new Map<string, number>();
  /** Attempts left hanging, as a killed worker leaves them; let go at the end. */
  const stuck: (() => void)[] = [];

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    storage = await openServerStorage();
    dataDir = mkdtempSync(join(tmpdir(), 'megaagent-reading-failed-'));
    app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir, ...storage.env }), {
      log: silentLogger(),
    });
    reader = createDocumentReader(app.config.documents);
    const messenger = telegramMessenger(new Api(telegram.token, { apiRoot: telegram.apiRoot }));
    queue = createJobQueue({
      kinds: KINDS,
      db: app.db,
      postgresUrl: testServiceUrls.postgres,
      log: silentLogger(),
      schema: `${storage.schema}_jobs`,
      superviseIntervalSeconds: 1,
      pollingIntervalSeconds: 1,
    });
    const services = {
      db: app.db,
      reader,
      files: app.files,
      texts: app.documentTexts,
      proposals: app.documentProposals,
      telegram: messenger,
      translate: (locale: 'en' | 'ru', key: string, params: Record<string, string | number>) =>
        app.translator.t(locale, key, params),
      log: silentLogger(),
    };
    worker = await startJobWorker({
      queue,
      results: app.jobResults,
      progress: createProgressBoard({ telegram: messenger, translator: app.translator, log: silentLogger() }),
      log: silentLogger(),
      concurrency: 4,
      handlers: {
        'read-document': async (job) => {
          const { proposalId } = job.data;
          attempts.set(proposalId, (attempts.get(proposalId) ?? 0) + 1);
          if (faults.get(proposalId) === 'never-finishes') {
            await new Promise<void>((resolve) => stuck.push(resolve));
            return;
          }
          throw new Error('the document store is unreachable (test fault)');
        },
      },
      whenFailed: { 'read-document': readDocumentFailed(services) },
    });
    // The lawyer has written to the bot before (Telegram only lets a bot write to such chats).
    telegram.sendText({ id: chatId, first_name: 'Maria' }, '/start');
    lawyerId = (await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Maria' })).id;
    caseId = (
      await app.cases.create(lawyerId, { clientName: 'Jane Doe', fieldOfEndeavor: 'Computer science' })
    ).id;
  }, 120_000);

  afterAll(async () => {
    for (const release of stuck) release();
    worker?.stop();
    await queue?.stop(5_000);
    await reader?.close();
    await app?.close('test done');
    await telegram?.close();
    await storage?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Stores the document, records its proposal and queues its reading, as the bot does for an upload. */
  async function upload(fileName: string, fault: Fault) {
    const { sha256 } = await app.files.put({
      bytes: await textPdf([[`${fileName}: employment contract`, 'Salary 2021']]),
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
    faults.set(proposal.id, fault);
    const job = await queue.enqueue(
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

  /** Waits until the job failed for good and its dead-letter copy was dealt with. */
  async function failedAndHandled(jobId: string, proposalId: string): Promise<void> {
    await waitUntil(
      async () => (await queue.status('read-document', jobId))?.state === 'failed',
      'the job failed for good',
      60_000,
    );
    await waitUntil(
      async () =>
        (await queue.deadLetters('read-document')).some(
          (copy) => (copy.data as { proposalId?: string }).proposalId === proposalId && copy.handled,
        ),
      'its failure handled',
      30_000,
    );
  }

  async function expectToldOnceAndLetGo(name: string, proposalId: string, sha256: string) {
    expect(messagesAbout(name).map((m) => m.text)).toEqual([
      `“${name}” could not be read: reading it failed several times in a row on our side. Nothing else you sent is affected. Please send it again, or send it as a PDF.`,
    ]);
    expect(telegram.sent.some((m) => m.chat_id === chatId && (m.text ?? '').includes('did not finish'))).toBe(
      false,
    );
    const proposal = await app.documentProposals.get(lawyerId, proposalId);
    expect(proposal).toMatchObject({ status: 'refused', refusal: 'read_failed', sha256: null });
    expect(await app.files.find(sha256)).toBeNull();
  }

  it('names the file and what to do when every attempt throws before it could tell the lawyer', async () => {
    const { proposalId, sha256, jobId } = await upload('salary-letter.pdf', 'throws');
    await failedAndHandled(jobId, proposalId);
    await expectToldOnceAndLetGo('salary-letter.pdf', proposalId, sha256);
    expect(attempts.get(proposalId)).toBe(2);
    expect((await queue.find(jobId))?.lastError).toBe('the document store is unreachable (test fault)');
  }, 90_000);

  it('names the file and what to do when no attempt ever finishes and the job expires', async () => {
    const { proposalId, sha256, jobId } = await upload('board-minutes.pdf', 'never-finishes');
    await failedAndHandled(jobId, proposalId);
    await expectToldOnceAndLetGo('board-minutes.pdf', proposalId, sha256);
    // Both attempts were taken back by the queue (its worker's timer or its supervisor, whichever looked
    // first), never failed by the handler.
    expect(attempts.get(proposalId)).toBe(2);
    expect((await queue.find(jobId))?.lastError).toMatch(/^(handler execution exceeded 2s|job timed out)$/);
  }, 90_000);
});
