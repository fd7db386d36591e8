// Telegram answering 429 (retry_after) and 5xx for a while — on the replies and on getUpdates — while a
// lawyer opens a case: every message is answered once, in order, the process keeps running without a
// restart, and /readiness keeps passing (Telegram's trouble is not this process's, a restart would not help).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { openServerStorage, waitUntil, type ServerStorage } from '../support/fixtures.ts';
import { chatAs } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';
import { addressOf, expectAnswersInOrder, readiness } from './through-the-fault.ts';

const lawyer = { id: 340_000_101, first_name: 'Maria' };
const colleague = { id: 340_000_102, first_name: 'Ivan' };

integrationSuite(
  'a lawyer while Telegram answers 429 and 5xx',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let bot: BotProcess;
    let base: string;

    beforeAll(async () => {
      storage = await openServerStorage();
      fake = await startFakeTelegram();
      bot = spawnBot({
        fake,
        allowedUsers: [lawyer.id, colleague.id],
        env: { ...storage.env, FEATURE_ENABLE_RATE_LIMITING: 'false' },
      });
      await bot.polling(60_000);
      base = await addressOf(bot);
    }, 120_000);

    afterAll(async () => {
      await bot?.stop();
      await fake?.close();
      await storage?.drop();
    });

    it('answers every message once and in order through the errors, and stays ready', async () => {
      const chat = chatAs(fake, lawyer);
      await chat.say('/start', 'Hello, Maria.');
      const mark = fake.sent.length;
      const failedBefore = fake.calls.filter((c) => c.error !== undefined).length;

      // A bad spell: flood control on the replies, and the long poll failing (the API answering 500, its
      // proxy answering HTML, the connection cut, flood control). A 5xx on a reply is another scenario below:
      // a reply is not sent twice, since Telegram may have delivered it.
      fake.failNext('sendMessage', { status: 429, retryAfter: 1 }, 2);
      fake.failNext('getUpdates', { status: 502 }, 2);
      fake.failNext('getUpdates', { status: 500 }, 2);
      fake.failNext('getUpdates', { status: 'reset', delivered: false }, 1);
      fake.failNext('getUpdates', { status: 429, retryAfter: 1 }, 1);
      for (const text of ['/newcase', 'Jane Doe', 'Machine learning for medical imaging', '/intake']) {
        fake.sendText(lawyer, text);
      }
      const readyDuring = await readiness(base);

      await fake.waitFor((m) => m.chat_id === lawyer.id && (m.text ?? '').includes('Question 3 of'), 60_000);
      // Every injected failure was met: the bot really went through the bad spell.
      await waitUntil(
        () => fake.calls.filter((c) => c.error !== undefined).length - failedBefore >= 8,
        'the bot met all eight injected failures',
        10_000,
      );
      expectAnswersInOrder(fake, lawyer, mark, [
        'What is the client’s name?',
        'What is the field of endeavour of Jane Doe?',
        'Case opened for Jane Doe',
        'Question 3 of',
      ]);
      expect(readyDuring.status).toBe(200);
      expect((await readiness(base)).status).toBe(200);

      // Recovered without a restart: the next exchange goes straight through.
      await chat.say('Canada', 'Question 4 of');
      expect(bot.isRunning()).toBe(true);
    });

    it('never sends a reply twice when Telegram delivered it and then answered 502', async () => {
      const mark = fake.sent.length;
      fake.failNext('sendMessage', { status: 502, delivered: true });
      fake.sendText(colleague, '/help');
      // The bot cannot know the reply arrived: it says something went wrong, and sends nothing twice.
      await fake.waitFor(
        (m) => m.chat_id === colleague.id && /Reference/.test(m.text ?? '') && fake.sent.indexOf(m) >= mark,
        30_000,
      );
      const replies = fake.sent.slice(mark).filter((m) => m.chat_id === colleague.id);
      expect(replies.filter((m) => /What I can do/.test(m.text ?? ''))).toHaveLength(1);
      expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 502)).toHaveLength(1);

      // The next message is answered as usual.
      await chatAs(fake, colleague).say('/help', 'What I can do');
      expect(bot.isRunning()).toBe(true);
    });
  },
  ['slow'],
);
