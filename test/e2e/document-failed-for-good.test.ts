// A document whose worker dies on every attempt: the bot (`megaagent bot`) takes a scanned PDF and queues
// its reading on Postgres; each `megaagent worker` that picks it up is killed (SIGKILL) mid-reading, so no
// attempt ever gets to say anything. Once the queue gives up, the next worker tells the lawyer which file
// could not be read and what to do, once. Telegram is the fake server.
import { expect, it } from 'vitest';
import { jobIdForKey } from '../../core/jobs/queue.ts';
import { scannedPagesPdf } from '../support/document-fixtures.ts';
import { waitUntil } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';
import { workerHandover } from '../support/worker-handover.ts';

const lawyer = { id: 340_000_078, first_name: 'Maria', language_code: 'en' };

const PAGE = ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021'];

integrationSuite(
  'a document job whose worker dies on every attempt',
  ['postgres', 'redis'],
  () => {
    const h = workerHandover({
      migrate: false,
      allowedUsers: [lawyer.id],
      env: { FEATURE_ENABLE_RATE_LIMITING: 'false' },
    });

    it('names the file to the lawyer once the queue gives up on it', async () => {
      const bot = h.start(['bot']);
      await bot.polling(60_000);
      const chat = chatAs(h.fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Robotics', 'Case opened for Jane Doe');

      const pdf = await scannedPagesPdf([PAGE, PAGE, PAGE, PAGE, PAGE, PAGE]);
      let updateId = 0;
      await chat.exchange(() => {
        updateId = h.fake.sendDocument(lawyer, {
          name: 'killed-scans.pdf',
          mime: 'application/pdf',
          bytes: pdf,
        }).update_id;
      }, 'Reading your documents: 0 of 1');
      const id = jobIdForKey('read-document', `document:${String(updateId)}`);
      await waitUntil(async () => (await h.queue.status('read-document', id)) !== null, 'queued', 15_000);
      // One retry instead of the kind's three keeps the test short; every attempt still dies.
      await h.db.query(`UPDATE ${h.storage.schema}_jobs.job SET retry_limit = 1 WHERE id = $1`, [id]);

      for (const attempt of [0, 1]) {
        const worker = h.start(['worker']);
        await worker.waitForOutput('job worker started', 60_000);
        await waitUntil(
          async () => {
            const status = await h.queue.status('read-document', id);
            return status?.state === 'active' && status.attempt === attempt;
          },
          `attempt ${String(attempt)} reading`,
          90_000,
        );
        worker.kill('SIGKILL');
        expect(await worker.exited).toBeNull();
      }
      await waitUntil(
        async () => (await h.queue.status('read-document', id))?.state === 'failed',
        'the job failed for good (its last worker stopped beating)',
        90_000,
      );
      const about = () =>
        h.fake.sent.filter(
          (m) =>
            m.chat_id === lawyer.id &&
            m.method === 'sendMessage' &&
            (m.text ?? '').startsWith('“killed-scans.pdf”'),
        );
      expect(about()).toEqual([]);

      // Nobody was left to say anything; the next worker to start does.
      const last = h.start(['worker']);
      await last.waitForOutput('job worker started', 60_000);
      await waitUntil(() => about().length > 0, 'the lawyer told', 60_000);
      expect(about().map((m) => m.text)).toEqual([
        '“killed-scans.pdf” could not be read: reading it failed several times in a row on our side. Nothing else you sent is affected. Please send it again, or send it as a PDF.',
      ]);
      const { rows } = await h.db.query<{ status: string; refusal: string | null; sha256: string | null }>(
        `SELECT status, refusal, sha256 FROM document_proposals WHERE file_name = 'killed-scans.pdf'`,
      );
      expect(rows).toEqual([{ status: 'refused', refusal: 'read_failed', sha256: null }]);
      expect(
        h.fake.sent.some((m) => m.chat_id === lawyer.id && (m.text ?? '').includes('did not finish')),
      ).toBe(false);
    }, 400_000);
  },
  ['slow'],
);
