// LLM providers answering 429, 500, slowly or not at all while a lawyer asks /ask with LLM drafting on:
// each question is answered with the quoted passages, in order and once, the lawyer is told no LLM
// answered (not that a draft was turned down), /readiness keeps passing (an LLM is never needed to
// serve), and once a provider answers again the next answer is the LLM's, without a restart.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram.ts';
import { openServerStorage, type ServerStorage } from '../support/fixtures.ts';
import { chatAs, REPLY_MS } from '../support/lawyer-chat.ts';
import { integrationSuite } from '../support/services.ts';
import { KEYS } from '../unit/llm/harness.ts';
import { addressOf, readiness } from './through-the-fault.ts';

const lawyer = { id: 340_000_201, first_name: 'Maria' };
const english = createTranslator();
const UNAVAILABLE = english.t('en', 'writer-used-template-unavailable');
const WRITTEN_BY_LLM = english.t('en', 'writer-used-llm', { provider: 'openai' });
const THINKING = english.t('en', 'ask-thinking');
const TIMEOUT_MS = 1_500;

integrationSuite(
  'a lawyer asking while the LLM providers fail',
  ['postgres', 'redis'],
  () => {
    let storage: ServerStorage;
    let fake: FakeTelegram;
    let llm: FakeLlm;
    let bot: BotProcess;
    let base: string;

    beforeAll(async () => {
      storage = await openServerStorage();
      fake = await startFakeTelegram();
      llm = await startFakeLlm();
      bot = spawnBot({
        fake,
        allowedUsers: [lawyer.id],
        env: {
          ...storage.env,
          FEATURE_ENABLE_RATE_LIMITING: 'false',
          FEATURE_ENABLE_LLM_DRAFTING: 'true',
          LLM_PROVIDERS: 'openai,anthropic',
          LLM_OPENAI_API_KEY: KEYS.openai,
          LLM_ANTHROPIC_API_KEY: KEYS.anthropic,
          LLM_BASE_URL: llm.baseUrl,
          LLM_TIMEOUT_MS: String(TIMEOUT_MS),
        },
      });
      await bot.polling(60_000);
      base = await addressOf(bot);
    }, 120_000);

    afterAll(async () => {
      await bot?.stop();
      await llm?.close();
      await fake?.close();
      await storage?.drop();
    });

    /** Asks, and resolves with the answer the "thinking" message became, and how long it took. */
    async function ask(question: string): Promise<{ answer: SentMessage; ms: number }> {
      const chat = chatAs(fake, lawyer);
      const started = Date.now();
      const thinking = await chat.say(`/ask ${question}`, THINKING);
      const answer = await fake.waitFor(
        (m) =>
          m.method === 'editMessageText' && m.chat_id === lawyer.id && m.message_id === thinking.message_id,
        REPLY_MS + 2 * TIMEOUT_MS * 2,
      );
      return { answer, ms: Date.now() - started };
    }

    /** The answer's own text: between the question heading and the source line. */
    const body = (m: SentMessage) => {
      const parts = (m.text ?? '').split('\n\n');
      return parts.slice(1, -1).join('\n\n');
    };

    it('answers from the passages and says no LLM answered, then uses the LLM once it is back', async () => {
      const chat = chatAs(fake, lawyer);
      await chat.say('/newcase', 'What is the client’s name?');
      await chat.say('Jane Doe', 'What is the field of endeavour of Jane Doe?');
      await chat.say('Machine learning for medical imaging', 'Case opened for Jane Doe');
      const requestsBefore = llm.requests.length;

      // Rate limited, then failing: each provider is tried (and retried once) before the passages are used.
      llm.failNext({ status: 429, retryAfter: 0 }, { provider: 'openai', times: 2 });
      llm.failNext({ status: 500 }, { provider: 'anthropic', times: 2 });
      const limited = await ask('What counts as judging?');
      expect(limited.answer.text).toContain('Question: What counts as judging?');
      expect(limited.answer.text).toContain('8 CFR 204.5(h)(3)(iv)');
      expect(limited.answer.text).toContain(UNAVAILABLE);
      expect(llm.requests.length - requestsBefore).toBeGreaterThanOrEqual(2);
      expect((await readiness(base)).status).toBe(200);

      // One provider never answers, the other answers too late: bounded by the timeout, not hanging.
      llm.failNext({ hang: true }, { provider: 'openai', times: 2 });
      llm.failNext({ delayMs: TIMEOUT_MS * 3 }, { provider: 'anthropic', times: 2 });
      const silent = await ask('What counts as judging?');
      expect(silent.answer.text).toContain(UNAVAILABLE);
      expect(body(silent.answer)).toBe(body(limited.answer));
      expect(silent.ms).toBeLessThan(REPLY_MS + 4 * TIMEOUT_MS * 2);
      expect(llm.requests.filter((r) => r.closedByClient).length).toBeGreaterThanOrEqual(2);
      expect((await readiness(base)).status).toBe(200);

      // The providers are back: the next answer is the LLM's, checked against the passages (it cites one).
      llm.replyNext(
        JSON.stringify({
          text: 'The record must prove the review was done; an invitation alone does not count [USCIS Policy Manual, Vol. 6, Part F, Ch. 2].',
        }),
        { times: 2 },
      );
      const back = await ask('What counts as judging?');
      expect(back.answer.text).toContain(WRITTEN_BY_LLM);
      expect(back.answer.text).not.toContain(UNAVAILABLE);

      // Each question got one "thinking" message and one answer, in the order asked; nothing else.
      const toLawyer = fake.sent.filter((m) => m.chat_id === lawyer.id);
      const thinking = toLawyer.filter((m) => m.method === 'sendMessage' && m.text === THINKING);
      const answers = toLawyer.filter((m) => m.method === 'editMessageText');
      expect(thinking).toHaveLength(3);
      expect(answers.map((m) => m.message_id)).toEqual(thinking.map((m) => m.message_id));
      expect(bot.isRunning()).toBe(true);
    });
  },
  ['slow', 'llm'],
);
