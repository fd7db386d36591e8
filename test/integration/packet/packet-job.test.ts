// The build-packet job on Postgres and Redis through pg-boss, with a real grammY Api against the fake
// Telegram: a worker that dies after saving the packet does not build a second version (the retry sends
// the saved one, once), and a packet over the upload limit arrives in parts, cut at exhibit tab pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { createProgressBoard } from '../../../core/jobs/progress.ts';
import { startJobWorker, type JobWorker } from '../../../core/jobs/worker.ts';
import { readBookmarks } from '../../../core/packet/outline.ts';
import { buildPacketJob } from '../../../core/packet/job.ts';
import { encodePng } from '../../../core/documents/png.ts';
import { textPdf } from '../../support/document-fixtures.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { openServerStorage, silentLogger, waitUntil, type ServerStorage } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

const PDF = 'application/pdf';
const chatId = 930_000_001;

integrationSuite('the build-packet job on Postgres', ['postgres', 'redis'], () => {
  let fake: FakeTelegram;
  let storage: ServerStorage;
  let dataDir: string;
  let app: App;
  let worker: JobWorker;
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    fake = await startFakeTelegram();
    storage = await openServerStorage();
    dataDir = mkdtempSync(join(tmpdir(), 'megaagent-packet-job-'));
    app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir, ...storage.env }), {
      log: silentLogger(),
    });
    const build = buildPacketJob({ ...app, uploadLimitBytes: 400_000 });
    worker = await startJobWorker({
      queue: app.jobs,
      results: app.jobResults,
      progress: createProgressBoard({
        telegram: telegramMessenger(new Api(fake.token, { apiRoot: fake.apiRoot })),
        translator: app.translator,
        log: silentLogger(),
        minEditIntervalMs: 50,
      }),
      log: silentLogger(),
      handlers: {
        'build-packet': async (job, context) => {
          const attempt = (attempts.get(job.id) ?? 0) + 1;
          attempts.set(job.id, attempt);
          await build(job, {
            ...context,
            // The first attempt dies after the packet is saved and recorded, before it is sent.
            deliverOnce: (deliver) =>
              attempt === 1 ? Promise.reject(new Error('worker lost')) : context.deliverOnce(deliver),
          });
        },
      },
    });
  }, 120_000);

  afterAll(async () => {
    worker.stop();
    await app.close('test done');
    await fake.close();
    await storage.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the packet saved before a crash, once, in parts under the upload limit', async () => {
    // The lawyer has written to the bot before (Telegram only lets a bot write to such chats).
    fake.sendText({ id: chatId, first_name: 'Maria' }, '/start');
    const user = await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Maria' });
    const opened = await app.cases.create(user.id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Physics' });
    // Four exhibits of ~150 KB each (a large photo each): over 400 KB together, so it goes in parts.
    for (const [index, criterion] of (
      ['awards', 'membership', 'judging', 'original_contributions'] as const
    ).entries()) {
      await app.evidence.add(
        user.id,
        opened.id,
        { criterion, fields: evidenceFactory(criterion).fields },
        {
          files: [
            {
              bytes: await textPdf([[`EXHIBIT ${String(index + 1)} letter`]]),
              mimeType: PDF,
              originalName: 'letter.pdf',
            },
            { bytes: noisyPng(500, 300, index + 1), mimeType: 'image/png', originalName: 'photo.png' },
          ],
        },
      );
    }
    const { id } = await app.jobs.enqueue(
      'build-packet',
      { lawyer: { chatId, locale: 'en' }, lawyerId: user.id, caseId: opened.id },
      { singletonKey: 'update:1' },
    );

    await waitUntil(
      () =>
        fake.sent.some((m) => m.chat_id === chatId && (m.text ?? '').includes('Every one of the 4 exhibits')),
      'the packet report',
      90_000,
    );
    expect(attempts.get(id)).toBe(2);
    // One packet kept, version 1: the retry did not build a second one.
    const kept = await app.deliverables.list(user.id, opened.id);
    expect(kept.map((d) => [d.kind, d.version])).toEqual([['packet', 1]]);

    const parts = fake.sent.filter((m) => m.chat_id === chatId && m.method === 'sendDocument');
    expect(parts.length).toBeGreaterThan(1);
    const packet = await PDFDocument.load((await app.deliverables.get(user.id, kept[0]?.id ?? '')).bytes);
    let pages = 0;
    const bookmarks: string[] = [];
    for (const [index, part] of parts.entries()) {
      expect(part.document?.bytes.length ?? Infinity).toBeLessThanOrEqual(400_000);
      expect(part.document?.file_name).toBe(
        `jane-doe-exhibit-packet-v1-part-${String(index + 1)}-of-${String(parts.length)}.pdf`,
      );
      expect(part.text).toContain(`part ${String(index + 1)} of ${String(parts.length)}`);
      const doc = await PDFDocument.load(part.document?.bytes ?? Buffer.alloc(0));
      pages += doc.getPageCount();
      bookmarks.push(...readBookmarks(doc).map((b) => b.title.replace(/:.*/, '')));
    }
    expect(pages).toBe(packet.getPageCount());
    expect(bookmarks).toEqual(['Exhibit 1', 'Exhibit 2', 'Exhibit 3', 'Exhibit 4']);
    const report = fake.sent.find((m) => m.chat_id === chatId && (m.text ?? '').includes('Every one'));
    expect(report?.text).toContain(`comes in ${String(parts.length)} parts`);
    // Sent once: no part twice.
    expect(new Set(parts.map((p) => p.document?.file_name)).size).toBe(parts.length);
  }, 120_000);

  it('tells the lawyer at once when the case was deleted before the packet was built', async () => {
    const user = await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Maria' });
    const opened = await app.cases.create(user.id, { clientName: 'John Roe', fieldOfEndeavor: 'Physics' });
    await app.cases.delete(user.id, opened.id);
    const mark = fake.sent.length;
    const { id } = await app.jobs.enqueue(
      'build-packet',
      { lawyer: { chatId, locale: 'en' }, lawyerId: user.id, caseId: opened.id },
      { singletonKey: 'update:2' },
    );
    await waitUntil(
      () => fake.sent.slice(mark).some((m) => (m.text ?? '').includes('that case no longer exists')),
      'the case-gone message',
      60_000,
    );
    await waitUntil(
      async () => (await app.jobs.status('build-packet', id))?.state === 'completed',
      'the job completed',
      30_000,
    );
    const told = fake.sent.slice(mark).filter((m) => m.chat_id === chatId);
    expect(told.filter((m) => (m.text ?? '').includes('no longer exists'))).toHaveLength(1);
    expect(told.some((m) => (m.text ?? '').includes('did not finish'))).toBe(false);
  }, 90_000);
});

/** A photo that does not compress to nothing: grey noise. */
function noisyPng(width: number, height: number, seed: number): Buffer {
  const data = new Uint8Array(width * height);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    data[i] = state >>> 24;
  }
  return encodePng({ width, height, channels: 1, data });
}
