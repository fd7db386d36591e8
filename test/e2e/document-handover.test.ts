// A document job whose worker dies: the bot (`megaagent bot`) takes a scanned PDF and queues its reading on
// Postgres; the first `megaagent worker` is killed (SIGKILL) while it OCRs the pages; a second worker reads
// the document again and the lawyer gets exactly one proposal. Telegram is the fake server.
import { expect, it } from 'vitest';
import { jobIdForKey } from '../../core/jobs/queue.ts';
import { scannedPagesPdf } from '../support/document-fixtures.ts';
import { waitUntil } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';
import { workerHandover } from '../support/worker-handover.ts';

const lawyer = { id: 340_000_077, first_name: 'Maria', language_code: 'en' };

const PAGE = ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021'];

integrationSuite(
  'a document job whose worker dies is finished by another worker',
  ['postgres', 'redis'],
  () => {
    // The bot process migrates and enqueues; this process only reads job states.
    const h = workerHandover({
      migrate: false,
      allowedUsers: [lawyer.id],
      env: { FEATURE_ENABLE_RATE_LIMITING: 'false' },
    });

    it('reads the document again after a SIGKILL and sends one proposal', async () => {
      const bot = h.start(['bot']);
      await bot.polling(60_000);
      const chat = chatAs(h.fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Robotics', 'Case opened for Jane Doe');

      const pdf = await scannedPagesPdf([PAGE, PAGE, PAGE, PAGE]);
      let updateId = 0;
      await chat.exchange(() => {
        updateId = h.fake.sendDocument(lawyer, {
          name: 'scans.pdf',
          mime: 'application/pdf',
          bytes: pdf,
        }).update_id;
      }, 'Reading your documents: 0 of 1');
      const id = jobIdForKey('read-document', `document:${String(updateId)}`);
      await waitUntil(async () => (await h.queue.status('read-document', id)) !== null, 'queued', 15_000);

      const first = h.start(['worker']);
      await first.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await h.queue.status('read-document', id))?.state === 'active',
        'reading',
        30_000,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      expect(await h.db.query('SELECT 1 FROM job_results WHERE job_id = $1', [id])).toMatchObject({
        rowCount: 0,
      });

      const second = h.start(['worker']);
      await second.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await h.queue.status('read-document', id))?.state === 'completed',
        'the document read by the second worker',
        180_000,
      );
      const proposals = h.fake.sent.filter(
        (m) =>
          m.chat_id === lawyer.id && m.method === 'sendMessage' && (m.text ?? '').startsWith('“scans.pdf”'),
      );
      expect(proposals).toHaveLength(1);
      expect(proposals[0]?.text).toMatch(/^“scans\.pdf”, 4 pages\. Looks like \(i\) Awards/);
      const { rows } = await h.db.query<{ delivered: boolean; status: string }>(
        `SELECT r.delivered_at IS NOT NULL AS delivered, p.status
           FROM job_results r, document_proposals p WHERE r.job_id = $1 AND p.file_name = 'scans.pdf'`,
        [id],
      );
      expect(rows).toEqual([{ delivered: true, status: 'pending' }]);
      // The text is kept once, searchable.
      const texts = await h.db.query<{ ocr_page_count: number }>('SELECT ocr_page_count FROM document_texts');
      expect(texts.rows).toEqual([{ ocr_page_count: 4 }]);
    }, 400_000);
  },
  ['slow'],
);
