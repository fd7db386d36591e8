// /packet through the real process (`megaagent start`: bot and worker) against a fake Telegram: a case
// whose exhibits have PDFs, an image, an encrypted PDF and one no document at all comes back as one PDF
// that pdf-lib loads, with the index, a tab page and a bookmark per exhibit, page numbers on every page,
// the missing exhibit and the encrypted file listed; the packet is kept with the case.
import { rmSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { CriterionId } from '../../core/eb1a/criteria.ts';
import type { FileUpload } from '../../core/files.ts';
import { readBookmarks } from '../../core/packet/outline.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { blankPng, encryptedPdf, textPdf } from '../support/document-fixtures.ts';
import { evidenceFactory } from '../support/factories.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { migratedDataDir, silentLogger } from '../support/fixtures.ts';
import { chatAs, REPLY_MS } from '../support/lawyer-chat.ts';

const lawyer = { id: 320_000_077, first_name: 'Maria' };
const PDF = 'application/pdf';

function pagesSaying(label: string, count: number): Promise<Buffer> {
  return textPdf(Array.from({ length: count }, (_, i) => [`${label} page ${String(i + 1)}`]));
}

/** The case as the lawyer would have built it with /newcase and /evidence, written through the stores. */
async function seedCase(dataDir: string): Promise<void> {
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
  try {
    const user = await app.users.upsert({ telegramId: lawyer.id, role: 'lawyer', displayName: 'Maria' });
    const opened = await app.cases.create(user.id, {
      clientName: 'Jane Doe',
      fieldOfEndeavor: 'Machine learning for medical imaging',
    });
    const add = (criterion: CriterionId, files: FileUpload[] = []) =>
      app.evidence.add(
        user.id,
        opened.id,
        { criterion, fields: evidenceFactory(criterion).fields },
        { files },
      );
    await add('awards', [
      { bytes: await pagesSaying('AWARD', 2), mimeType: PDF, originalName: 'award.pdf' },
      { bytes: blankPng(800, 600), mimeType: 'image/png', originalName: 'ceremony.png' },
    ]);
    await add('membership', [
      { bytes: await pagesSaying('BYLAWS', 3), mimeType: PDF, originalName: 'bylaws.pdf' },
    ]);
    await add('judging');
    await add('scholarly_articles', [
      { bytes: await encryptedPdf(), mimeType: PDF, originalName: 'locked.pdf' },
      { bytes: await pagesSaying('ARTICLE', 1), mimeType: PDF, originalName: 'article.pdf' },
    ]);
  } finally {
    await app.close('seeded');
  }
}

describe('/packet in the real process', { tags: ['slow'] }, () => {
  let fake: FakeTelegram | undefined;
  let bot: BotProcess | undefined;
  let app: App | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await bot?.stop();
    await app?.close('test done');
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends one PDF with the index, a tab and bookmark per exhibit, page numbers, and what is missing', async () => {
    fake = await startFakeTelegram();
    dataDir = await migratedDataDir('megaagent-e2e-packet-');
    await seedCase(dataDir);

    bot = spawnBot({
      fake,
      args: ['start'],
      dataDir,
      allowedUsers: [lawyer.id],
      env: { FEATURE_ENABLE_RATE_LIMITING: 'false' },
    });
    await bot.polling(120_000);
    const chat = chatAs(fake, lawyer);
    const mark = fake.sent.length;
    await chat.say('/packet', 'Building the exhibit packet for Jane Doe: 4 exhibits');

    const sent = await fake.waitFor((m) => m.method === 'sendDocument' && m.chat_id === lawyer.id, 120_000);
    const report = await fake.waitFor(
      (m) => m.chat_id === lawyer.id && (m.text ?? '').includes('Missing (1)'),
      REPLY_MS,
    );
    expect(sent.document?.file_name).toBe('jane-doe-exhibit-packet-v1.pdf');
    expect(sent.text).toContain('Exhibit packet for Jane Doe: 12 pages, 4 exhibits (version 1)');
    // The progress message counted the exhibits.
    expect(chat.textSince(mark)).toContain('Placing the exhibits');
    expect(chat.textSince(mark)).toContain('4/4');

    const bytes = sent.document?.bytes ?? Buffer.alloc(0);
    const packet = await PDFDocument.load(bytes);
    // Index (1 page) + 4 tab pages + the exhibits' own pages: 2 + 1 image, 3, none, 1 (the encrypted one left out).
    expect(packet.getPageCount()).toBe(1 + 4 + (2 + 1) + 3 + 0 + 1);
    expect(readBookmarks(packet).map((b) => [b.title.replace(/:.*/, ''), b.pageIndex])).toEqual([
      ['Exhibit 1', 1],
      ['Exhibit 2', 5],
      ['Exhibit 3', 9],
      ['Exhibit 4', 10],
    ]);
    const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
      mergePages: false,
    });
    pages.forEach((page, index) => expect(page).toContain(`Page ${String(index + 1)} of 12`));
    expect(pages[0]).toContain('Exhibit Index');
    expect(pages[0]).toContain('Missing: no document has been provided for this exhibit.');
    expect(pages[0]).toContain('Not included: locked.pdf (password-protected PDF)');
    expect(pages[2]).toContain('AWARD page 1');
    expect(pages[6]).toContain('BYLAWS page 1');
    expect(pages[11]).toContain('ARTICLE page 1');

    // The lawyer is told what is missing and what was left out, and what to do.
    expect(report.text).toContain('Exhibit 3:');
    expect(report.text).toContain('locked.pdf is password-protected');
    expect(report.text).toContain('send /packet again');

    // Kept with the case, version 1, the same bytes as sent.
    await bot.stop();
    bot = undefined;
    app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
    const user = await app.users.get(lawyer.id);
    const active = await app.cases.active(user?.id ?? '');
    const kept = await app.deliverables.list(user?.id ?? '', active?.id ?? '');
    expect(kept.map((d) => [d.kind, d.version, d.mimeType])).toEqual([['packet', 1, PDF]]);
    const stored = await app.deliverables.get(user?.id ?? '', kept[0]?.id ?? '');
    expect(Buffer.compare(stored.bytes, bytes)).toBe(0);
  }, 240_000);
});
