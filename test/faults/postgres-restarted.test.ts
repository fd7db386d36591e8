// Postgres restarted (a throwaway cluster of the test's own, stopped and started with pg_ctl) while the bot
// process polls Telegram: /readiness names the database while it is gone and passes after; the lawyer is
// told once that the service is briefly unavailable and nothing is lost, and nothing is: what they sent
// meanwhile waits, unconfirmed, at Telegram and is handled once Postgres is back, once each and in order,
// without a restart — the case they were opening is opened, once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { deleteRedisKeysUnder } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite, testServiceUrls } from '../support/services.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../integration/api/throwaway-postgres.ts';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { addressOf, expectAnswersInOrder, readiness, readinessBecomes } from './through-the-fault.ts';

const lawyer = { id: 340_000_301, first_name: 'Maria' };
const UNAVAILABLE = createTranslator().t('en', 'service-briefly-unavailable');
const keyPrefix = `faults-postgres-${randomBytes(4).toString('hex')}:`;

integrationSuite(
  'a lawyer through Postgres restarted',
  ['redis'],
  () => {
    let cluster: ThrowawayPostgres;
    let fake: FakeTelegram;
    let bot: BotProcess;
    let base: string;

    beforeAll(async () => {
      cluster = await startThrowawayPostgres();
      fake = await startFakeTelegram();
      bot = spawnBot({
        fake,
        allowedUsers: [lawyer.id],
        env: {
          DATABASE_URL: cluster.url,
          REDIS_URL: testServiceUrls.redis,
          REDIS_KEY_PREFIX: keyPrefix,
          FEATURE_ENABLE_RATE_LIMITING: 'false',
        },
      });
      await bot.polling(60_000);
      base = await addressOf(bot);
    }, 120_000);

    afterAll(async () => {
      try {
        await bot?.stop();
        await fake?.close();
        const redis = new Redis(testServiceUrls.redis);
        try {
          await deleteRedisKeysUnder(redis, keyPrefix);
        } finally {
          redis.disconnect();
        }
      } finally {
        cluster?.destroy();
      }
    }, 120_000);

    it('holds what the lawyer sends through the outage, says so once, then answers each once and in order', async () => {
      const chat = chatAs(fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      await readinessBecomes(base, 200, []);

      cluster.stop();
      await readinessBecomes(base, 503, ['database:responseTime']);
      const mark = fake.sent.length;
      for (const text of ['/newcase', 'Jane Doe', 'Machine learning for medical imaging']) {
        fake.sendText(lawyer, text);
      }
      await fake.waitFor(
        (m) => m.chat_id === lawyer.id && fake.sent.indexOf(m) >= mark && m.text === UNAVAILABLE,
        30_000,
      );
      expect((await readiness(base)).status).toBe(503);
      expectAnswersInOrder(fake, lawyer, mark, [UNAVAILABLE]);

      cluster.start();
      await readinessBecomes(base, 200, []);
      await fake.waitFor(
        (m) => m.chat_id === lawyer.id && (m.text ?? '').startsWith('Case opened for Jane Doe'),
        30_000,
      );
      expectAnswersInOrder(fake, lawyer, mark, [
        UNAVAILABLE,
        'What is the client’s name?',
        'What is the field of endeavour of Jane Doe?',
        'Case opened for Jane Doe',
      ]);

      // Served as usual after, without a restart.
      await chat.say('/intake', 'Question 3 of');
      const db = new pg.Client({ connectionString: cluster.url });
      await db.connect();
      try {
        const { rows } = await db.query<{ client_name: string }>('SELECT client_name FROM cases');
        expect(rows.map((r) => r.client_name)).toEqual(['Jane Doe']);
      } finally {
        await db.end();
      }
      expect(bot.isRunning()).toBe(true);
    });
  },
  ['slow', 'database'],
);
