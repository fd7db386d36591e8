// The polling bot killed (SIGKILL) in the middle of a lawyer's update, with the lawyer's next message
// already taken from Telegram behind it. Telegram has been told both were received, so only the journal
// (held_updates) still has them: the next process handles both, in order, and each is answered once.
// What the dead process had already sent for the cut-short update (its "thinking" message) stays in the
// chat; the update itself is handled again from the start (at least once, never zero).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
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
import { KEYS } from '../unit/llm/harness.ts';
import { textsTo } from './through-the-fault.ts';

const lawyer = { id: 340_000_401, first_name: 'Maria' };
const english = createTranslator();
const THINKING = english.t('en', 'ask-thinking');
const WRITTEN_BY_LLM = english.t('en', 'writer-used-llm', { provider: 'openai' });

integrationSuite(
  'the polling bot killed in the middle of an update',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let db: Database;
    let fake: FakeTelegram;
    let llm: FakeLlm;
    const processes: BotProcess[] = [];

    function start(): BotProcess {
      const bot = spawnBot({
        fake,
        allowedUsers: [lawyer.id],
        env: {
          ...storage.env,
          FEATURE_ENABLE_RATE_LIMITING: 'false',
          FEATURE_ENABLE_LLM_DRAFTING: 'true',
          LLM_PROVIDERS: 'openai',
          LLM_OPENAI_API_KEY: KEYS.openai,
          LLM_BASE_URL: llm.baseUrl,
          LLM_TIMEOUT_MS: '60000',
        },
      });
      processes.push(bot);
      return bot;
    }

    async function journaled(): Promise<number> {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM held_updates');
      return Number(rows[0]?.n);
    }

    beforeAll(async () => {
      storage = await openServerStorage();
      db = await openPostgres(testPostgresOptions(storage.schema), silentLogger());
      fake = await startFakeTelegram();
      llm = await startFakeLlm();
    }, 60_000);

    afterAll(async () => {
      for (const bot of processes) await bot.stop();
      await llm?.close();
      await fake?.close();
      await db?.close();
      await storage?.drop();
    }, 60_000);

    it('handles the cut-short update and the one behind it after a restart, once each and in order', async () => {
      const first = start();
      await first.polling(60_000);
      const chat = chatAs(fake, lawyer);
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Machine learning for medical imaging', 'Case opened for Jane Doe');
      await waitUntil(async () => (await journaled()) === 0, 'the handled updates leave the journal', 15_000);

      // The provider never answers: the /ask update is mid-way when the process dies.
      llm.failNext({ hang: true }, { provider: 'openai', times: 1 });
      const mark = fake.sent.length;
      const asked = llm.requests.length;
      await chat.say('/ask What counts as judging?', THINKING);
      await waitUntil(() => llm.requests.length > asked, 'the LLM asked', 15_000);
      const behind = fake.sendText(lawyer, '/help');
      // Both updates are confirmed to Telegram (it was asked for the ones after them) and in the journal.
      await waitUntil(async () => (await journaled()) === 2, 'both updates journaled', 15_000);
      await waitUntil(
        () => fake.confirmedBelow() > behind.update_id,
        'Telegram told both were received',
        15_000,
      );
      first.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      expect(textsTo(fake, lawyer).slice(-1)).toEqual([THINKING]); // nothing after the thinking message

      llm.replyNext(
        JSON.stringify({
          text: 'The record must prove the review was done; an invitation alone does not count [USCIS Policy Manual, Vol. 6, Part F, Ch. 2].',
        }),
        { provider: 'openai', times: 2 },
      );
      const second = start();
      await second.polling(60_000);
      const help = await fake.waitFor(
        (m) => m.chat_id === lawyer.id && fake.sent.indexOf(m) >= mark && /What I can do/.test(m.text ?? ''),
        30_000,
      );
      await waitUntil(async () => (await journaled()) === 0, 'the journal emptied', 15_000);

      const after = fake.sent.slice(mark).filter((m) => m.chat_id === lawyer.id);
      const thinking = after.filter((m) => m.method === 'sendMessage' && m.text === THINKING);
      // One from the dead process, one from the replay; only the replay's becomes the answer.
      expect(thinking).toHaveLength(2);
      const answers = after.filter(
        (m) => m.method === 'editMessageText' && (m.text ?? '').includes('Question: What counts as judging?'),
      );
      expect(answers).toHaveLength(1);
      expect(answers[0]!.message_id).toBe(thinking[1]!.message_id);
      expect(answers[0]!.text).toContain(WRITTEN_BY_LLM);
      // In order: the answer to /ask before the answer to /help; /help answered once.
      expect(after.indexOf(answers[0]!)).toBeLessThan(after.indexOf(help));
      expect(after.filter((m) => /What I can do/.test(m.text ?? ''))).toHaveLength(1);
      expect(second.output()).toContain('handling again an update whose handling was cut short');
      expect(second.isRunning()).toBe(true);
    }, 240_000);
  },
  ['slow'],
);
