// /draft's LLM path through the real process (`megaagent start`: the bot and a worker in one) against the
// fake Telegram and the fake LLM server: the Word file the lawyer receives carries the LLM's paragraph
// once it passed the check against the case, the template where a draft cites what the case does not
// hold, and the template with a plain note, never a failure, when the provider answers 500 or 429.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { strongPetition } from '../support/factories.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram.ts';
import { migratedDataDir } from '../support/fixtures.ts';
import { chatAs, type LawyerChat } from '../support/lawyer-chat.ts';
import { wordText } from '../support/word-text.ts';
import { KEYS } from '../unit/llm/harness.ts';

const lawyer = { id: 320_000_091, first_name: 'Ana', language_code: 'en' };
const JOB_MS = 120_000;
/** A paragraph the check lets through: no name or number, and it cites an exhibit the case holds. */
const LLM_PARAGRAPH = 'The record set out in this section meets the standard that applies to it [Exhibit 1].';
const reply = (text: string): string => JSON.stringify({ text });

/** The lawyer and a case with the strong petition's exhibits, written before the bot starts. */
async function seedCase(dataDir: string): Promise<void> {
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }));
  try {
    await app.users.seed([lawyer.id], []);
    const { rows } = await app.db.query<{ id: string }>('SELECT id FROM users WHERE telegram_id = $1', [
      lawyer.id,
    ]);
    const lawyerId = String(rows[0]?.id);
    const created = await app.cases.create(lawyerId, {
      clientName: 'Dr. Maya Chen',
      fieldOfEndeavor: 'machine learning for medical imaging',
    });
    for (const item of strongPetition().evidence) {
      await app.evidence.add(lawyerId, created.id, {
        criterion: item.criterion,
        fields: item.fields,
        title: item.title,
        ...(item.letter !== undefined && { letter: item.letter }),
      });
    }
  } finally {
    await app.close('seeded');
  }
}

describe('/draft with an LLM provider, through the real bot and worker', { tags: ['slow', 'llm'] }, () => {
  let fake: FakeTelegram;
  let llm: FakeLlm;
  let dataDir: string;
  let bot: BotProcess;
  let chat: LawyerChat;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    llm = await startFakeLlm();
    dataDir = await migratedDataDir('megaagent-e2e-llm-drafting-');
    await seedCase(dataDir);
    bot = spawnBot({
      fake,
      args: ['start'],
      dataDir,
      allowedUsers: [lawyer.id],
      env: {
        FEATURE_ENABLE_RATE_LIMITING: 'false',
        FEATURE_ENABLE_LLM_DRAFTING: 'true',
        LLM_PROVIDERS: 'openai',
        LLM_OPENAI_API_KEY: KEYS.openai,
        LLM_OPENAI_BASE_URL: `${llm.baseUrl}/v1`,
        LLM_TIMEOUT_MS: '5000',
      },
    });
    await bot.waitForOutput('"msg":"job worker started"', JOB_MS);
    await bot.polling(JOB_MS);
    chat = chatAs(fake, lawyer);
  }, 240_000);

  afterAll(async () => {
    await bot?.stop();
    await llm?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends /draft; resolves with the summary, the petition letter's text and every message of the job. */
  async function draft(): Promise<{ summary: SentMessage; brief: string; said: string }> {
    const mark = fake.sent.length;
    await chat.say('/draft', 'Drafting for Dr. Maya Chen has started');
    const summary = await fake.waitFor(
      (m) =>
        m.chat_id === lawyer.id &&
        fake.sent.indexOf(m) >= mark &&
        (m.text ?? '').startsWith('Drafts for Dr. Maya Chen'),
      JOB_MS,
    );
    const files = fake.sent.slice(mark).filter((m) => m.method === 'sendDocument' && m.chat_id === lawyer.id);
    expect(files.map((m) => m.document?.file_name)).toEqual([
      'Dr-Maya-Chen-petition-letter.docx',
      'Dr-Maya-Chen-cover-letter.docx',
      'Dr-Maya-Chen-exhibit-index.docx',
    ]);
    const brief = await wordText(files[0]?.document?.bytes ?? Buffer.alloc(0));
    return { summary, brief, said: chat.textSince(mark) };
  }

  it(
    'sends a petition letter whose sections the LLM wrote, once each passed the check against the case',
    async () => {
      llm.replyWith(reply(LLM_PARAGRAPH));
      const asked = llm.requestsTo('openai').length;
      const { summary, brief } = await draft();

      expect(brief).toContain(LLM_PARAGRAPH);
      expect(summary.text).toContain('Written by an LLM and checked against the case');
      expect(summary.text).not.toContain('did not pass');
      // The provider was really asked, over its own protocol, with the configured key.
      const requests = llm.requestsTo('openai').slice(asked);
      expect(requests.length).toBeGreaterThan(1);
      expect(requests.every((r) => r.path === '/v1/responses' && r.status === 200)).toBe(true);
      expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    },
    JOB_MS + 30_000,
  );

  it(
    'keeps the template where the LLM cites an exhibit the case does not have, and tells the lawyer why',
    async () => {
      llm.replyWith(reply('The petitioner received the highest recognition in the field [Exhibit 99].'));
      const { summary, brief } = await draft();

      expect(brief).not.toContain('Exhibit 99');
      expect(brief).not.toContain('highest recognition');
      // The template's own citations are there instead, each to an exhibit of the case.
      expect(brief).toMatch(/\[Exhibit 1\]/);
      expect(summary.text).toContain('Written from the case’s facts with templates');
      expect(summary.text).toContain('An AI draft did not pass the check against the case file');
      expect(summary.text).toContain('it cited Exhibit 99, which is not in the case');
    },
    JOB_MS + 30_000,
  );

  // Last: the failures open the provider's breaker for half a minute.
  it(
    'sends the template draft with a plain note, not a failure, when the provider answers 500 and 429',
    async () => {
      llm.replyWith(reply(LLM_PARAGRAPH));
      const asked = llm.requestsTo('openai').length;
      llm.failNext({ status: 500 }, { times: 2 });
      llm.failNext({ status: 429 }, { times: 2 });
      llm.failNext({ status: 500 }, { times: 1_000 });
      try {
        const { summary, brief, said } = await draft();

        const statuses = llm
          .requestsTo('openai')
          .slice(asked)
          .map((r) => r.status);
        expect(statuses.slice(0, 4)).toEqual([500, 500, 429, 429]);
        expect(brief).not.toContain(LLM_PARAGRAPH);
        expect(brief).toMatch(/\[Exhibit 1\]/);
        expect(summary.text).toContain('Written from the case’s facts with templates');
        expect(summary.text).toContain(
          'No AI provider answered, so this text is the plain version, composed without AI from the case file and its sources.',
        );
        expect(said).not.toContain('did not finish');
        expect(bot.isRunning()).toBe(true);
      } finally {
        llm.clearScripts();
      }
    },
    JOB_MS + 30_000,
  );
});
