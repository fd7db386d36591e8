// Postgres restarted (a throwaway cluster of the test's own, stopped and started with pg_ctl) while the bot
// process polls Telegram: /readiness names the database while it is gone and passes after; every message
// the lawyer sends meanwhile gets one answer, in order — the dialogue as far as it needs no database, then
// the request to try again for the step that must be saved; no half-made case is left; and the bot serves
// the lawyer again once Postgres is back, without a restart.
// Not yet true, and so not asserted: that a step needing the database is kept and done once it is back, as
// updates are while Redis is away (test/faults/redis-killed.test.ts); the lawyer has to send it again.
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
import { addressOf, expectAnswersInOrder, readiness, readinessBecomes } from './through-the-fault.ts';

const lawyer = { id: 340_000_301, first_name: 'Maria' };
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

    it('answers every message once and in order through the outage, keeps no half-made case, and serves again after', async () => {
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
        (m) => m.chat_id === lawyer.id && fake.sent.indexOf(m) >= mark && /try again/i.test(m.text ?? ''),
        30_000,
      );
      expect((await readiness(base)).status).toBe(503);

      cluster.start();
      await readinessBecomes(base, 200, []);
      expectAnswersInOrder(fake, lawyer, mark, [
        'What is the client’s name?',
        'What is the field of endeavour of Jane Doe?',
        /try again/i,
      ]);

      // Back without a restart: the lawyer sends the step again and the case is opened, once.
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Machine learning for medical imaging', 'Case opened for Jane Doe');
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
