// Redis killed (SIGKILL, by pid) while the bot process polls Telegram, then brought back empty: the lawyer
// opening a case through the outage is told once that the service is briefly unavailable and nothing was
// lost; every message is then answered once, in order, without restarting the bot; /readiness names the
// cache while it is gone and passes again after.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { openServerStorage, type ServerStorage } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';
import { ownRedis, type OwnRedis } from '../integration/resilience/own-redis.ts';
import { addressOf, expectAnswersInOrder, readinessBecomes } from './through-the-fault.ts';

const lawyer = { id: 340_000_001, first_name: 'Maria' };
const UNAVAILABLE = createTranslator().t('en', 'service-briefly-unavailable');

integrationSuite(
  'a lawyer through Redis killed and brought back',
  ['postgres'],
  () => {
    let redis: OwnRedis;
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let bot: BotProcess;
    let base: string;

    beforeAll(async () => {
      redis = await ownRedis();
      await redis.start();
      storage = await openServerStorage();
      fake = await startFakeTelegram();
      bot = spawnBot({
        fake,
        allowedUsers: [lawyer.id],
        env: { ...storage.env, REDIS_URL: redis.url, FEATURE_ENABLE_RATE_LIMITING: 'false' },
      });
      await bot.polling(60_000);
      base = await addressOf(bot);
    }, 120_000);

    afterAll(async () => {
      await bot?.stop();
      await redis?.kill();
      await fake?.close();
      await storage?.drop();
    });

    it('holds what the lawyer sends, says so once, then answers each message once and in order', async () => {
      const chat = chatAs(fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      await readinessBecomes(base, 200, []);

      await redis.kill();
      await readinessBecomes(base, 503, ['cache:responseTime']);
      const mark = fake.sent.length;
      // The lawyer opens a case while Redis is gone, without waiting for answers, as a person typing would.
      for (const text of ['/newcase', 'Jane Doe', 'Machine learning for medical imaging']) {
        fake.sendText(lawyer, text);
      }
      await fake.waitFor((m) => m.chat_id === lawyer.id && m.text === UNAVAILABLE, 15_000);
      // Nothing is answered while the cache is away, and the notice is not repeated per message.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expectAnswersInOrder(fake, lawyer, mark, [UNAVAILABLE]);
      expect((await fetch(new URL('/readiness', base))).status).toBe(503);

      await redis.start();
      await readinessBecomes(base, 200, []);
      await fake.waitFor(
        (m) => m.chat_id === lawyer.id && (m.text ?? '').includes('Case opened for Jane Doe'),
        30_000,
      );
      // Through the running process, no restart: the case exists and the conversation carries on.
      await chat.say('/intake', 'Question 3 of');
      expectAnswersInOrder(fake, lawyer, mark, [
        UNAVAILABLE,
        'What is the client’s name?',
        'What is the field of endeavour of Jane Doe?',
        'Case opened for Jane Doe',
        'Question 3 of',
      ]);
      expect(bot.isRunning()).toBe(true);
    });
  },
  ['slow', 'redis'],
);
