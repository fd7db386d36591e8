// A document job whose worker dies: the bot (`megaagent bot`) takes a scanned PDF and queues its reading on
// Postgres; the first `megaagent worker` is killed (SIGKILL) while it OCRs the pages; a second worker reads
// the document again and the lawyer gets exactly one proposal. Telegram is the fake server.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { JOB_KINDS } from '../../core/jobs/kinds.ts';
import { createJobQueue, jobIdForKey, type JobQueue } from '../../core/jobs/queue.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { scannedPagesPdf } from '../support/document-fixtures.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import {
  openServerStorage,
  silentLogger,
  testPostgresOptions,
  waitUntil,
  type ServerStorage,
} from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';

const lawyer = { id: 340_000_077, first_name: 'Maria', language_code: 'en' };

const PAGE = ['AWARD CERTIFICATE', 'BEST PAPER AWARD FOR ROBOTICS', 'YEAR 2021'];

integrationSuite(
  'a document job whose worker dies is finished by another worker',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let db: Database;
    let queue: JobQueue<typeof JOB_KINDS>;
    const processes: BotProcess[] = [];

    beforeAll(async () => {
      fake = await startFakeTelegram();
      storage = await openServerStorage();
      db = await openPostgres(testPostgresOptions(storage.schema), silentLogger());
      // Only reads job states here; the bot process enqueues and migrates.
      queue = createJobQueue({
        kinds: JOB_KINDS,
        db,
        postgresUrl: storage.env.DATABASE_URL,
        log: silentLogger(),
      });
    }, 60_000);

    afterAll(async () => {
      for (const child of processes) await child.stop();
      await queue?.stop(1_000);
      await db?.query(`DROP SCHEMA IF EXISTS ${storage.schema}_jobs CASCADE`);
      await db?.close();
      await fake?.close();
      await storage?.drop();
    });

    function start(args: string[]): BotProcess {
      const child = spawnBot({
        fake,
        args,
        allowedUsers: [lawyer.id],
        env: {
          ...storage.env,
          SECURITY_JWT_SECRET_KEY: randomBytes(32).toString('hex'),
          FEATURE_ENABLE_RATE_LIMITING: 'false',
        },
      });
      processes.push(child);
      return child;
    }

    it('reads the document again after a SIGKILL and sends one proposal', async () => {
      const bot = start(['bot']);
      await bot.polling(60_000);
      const chat = chatAs(fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Robotics', 'Case opened for Jane Doe');

      const pdf = await scannedPagesPdf([PAGE, PAGE, PAGE, PAGE]);
      let updateId = 0;
      await chat.exchange(() => {
        updateId = fake.sendDocument(lawyer, {
          name: 'scans.pdf',
          mime: 'application/pdf',
          bytes: pdf,
        }).update_id;
      }, 'Reading your documents: 0 of 1');
      const id = jobIdForKey('read-document', `document:${String(updateId)}`);
      await waitUntil(async () => (await queue.status('read-document', id)) !== null, 'queued', 15_000);

      const first = start(['worker']);
      await first.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await queue.status('read-document', id))?.state === 'active',
        'reading',
        30_000,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      expect(await db.query('SELECT 1 FROM job_results WHERE job_id = $1', [id])).toMatchObject({
        rowCount: 0,
      });

      const second = start(['worker']);
      await second.waitForOutput('job worker started', 60_000);
      await waitUntil(
        async () => (await queue.status('read-document', id))?.state === 'completed',
        'the document read by the second worker',
        180_000,
      );
      const proposals = fake.sent.filter(
        (m) =>
          m.chat_id === lawyer.id && m.method === 'sendMessage' && (m.text ?? '').startsWith('“scans.pdf”'),
      );
      expect(proposals).toHaveLength(1);
      expect(proposals[0]?.text).toMatch(/^“scans\.pdf”, 4 pages\. Looks like \(i\) Awards/);
      const { rows } = await db.query<{ delivered: boolean; status: string }>(
        `SELECT r.delivered_at IS NOT NULL AS delivered, p.status
           FROM job_results r, document_proposals p WHERE r.job_id = $1 AND p.file_name = 'scans.pdf'`,
        [id],
      );
      expect(rows).toEqual([{ delivered: true, status: 'pending' }]);
      // The text is kept once, searchable.
      const texts = await db.query<{ ocr_page_count: number }>('SELECT ocr_page_count FROM document_texts');
      expect(texts.rows).toEqual([{ ocr_page_count: 4 }]);
    }, 400_000);
  },
  ['slow'],
);
