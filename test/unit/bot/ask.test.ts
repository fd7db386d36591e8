// /ask, /note and /notes as a lawyer uses them: the law quoted and cited, the right exhibit of the active
// case, notes remembered, and another lawyer's case never seen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ACTIVE_CASE_TEXT } from '../../../bot/features/cases.ts';
import { NOTE_MAX_LENGTH } from '../../../core/ask/notes.ts';
import { evidenceFactory } from '../../support/factories.ts';
import type { FakeUser } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { startFakeLlm } from '../../support/fake-llm.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerWithCase(profile: Omit<FakeUser, 'id'> = { first_name: 'Alex' }) {
  const user = await h.addUser('lawyer', profile);
  const id = (await h.app.users.findActive(user.id))?.id ?? '';
  const opened = await h.app.cases.create(id, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
  await h.app.evidence.add(id, opened.id, { criterion: 'awards', fields: evidenceFactory('awards').fields });
  await h.app.evidence.add(id, opened.id, {
    criterion: 'published_material',
    fields: evidenceFactory('published_material').fields,
  });
  return { user, id, caseId: opened.id };
}

/** What the bot answered to `text`, all messages joined. */
async function send(user: FakeUser, text: string): Promise<string> {
  const before = h.sentTo(user.id).length;
  await h.say(user, text);
  return h
    .sentTo(user.id)
    .slice(before)
    .map((m) => m.text ?? '')
    .join('\n');
}

describe('/ask', () => {
  it('answers a legal question by quoting and citing the regulation', async () => {
    const { user } = await lawyerWithCase();
    const reply = await send(
      user,
      '/ask Does a foreign language document need a certified English translation?',
    );
    expect(reply).toContain(
      'Question: Does a foreign language document need a certified English translation?',
    );
    expect(reply).toContain(
      '[8 CFR 103.2(b)(3)] “Translations. Any document containing foreign language submitted to USCIS shall be accompanied by a full English language translation',
    );
    expect(reply).toContain('no LLM wrote this answer');
    const parsed = h.lastTo(user.id);
    expect(parsed.parse_mode).toBe('HTML');
  });

  it('answers a case question with the exhibit of the active case that holds the answer', async () => {
    const { user } = await lawyerWithCase();
    const reply = await send(user, '/ask Which exhibit is the Nature article about the client?');
    expect(reply).toMatch(/From the case:\n\[Exhibit 2\] “The radiologist’s new assistant”, Nature/);
    expect(reply).not.toMatch(/\[Exhibit 1\][^\n]*Nature/);
  });

  it("answers from the text of the case's documents, citing the exhibit the document belongs to", async () => {
    const { user, id, caseId } = await lawyerWithCase();
    const [award] = await h.app.evidence.list(id, caseId);
    const text = 'The MICCAI Society certifies that the Young Scientist Award jury met in Singapore in 2022.';
    const upload = { bytes: Buffer.from(text), mimeType: 'text/plain', originalName: 'jury-letter.txt' };
    const { file } = await h.app.evidence.attachFile(id, award?.id ?? '', upload);
    await h.app.documentTexts.save({
      sha256: file.sha256,
      text,
      pageCount: 1,
      ocrPageCount: 0,
      language: 'eng',
      needsTranslation: false,
    });
    const reply = await send(user, '/ask Where did the jury meet?');
    expect(reply).toMatch(/\[Exhibit 1\] jury-letter\.txt: [^\n]*jury met in Singapore/);
  });

  it('remembers a /note and /ask quotes it; /notes lists it', async () => {
    const { user } = await lawyerWithCase();
    expect(await send(user, '/note The client prefers to file at the Texas Service Center.')).toContain(
      "Noted on Jane Doe's case.",
    );
    const listed = await send(user, '/notes');
    expect(listed).toContain("Notes on Jane Doe's case (1):");
    expect(listed).toMatch(/\d{4}-\d{2}-\d{2}: The client prefers to file at the Texas Service Center\./);
    expect(await send(user, '/note')).toContain("Notes on Jane Doe's case (1):");
    const reply = await send(user, '/ask Which service center does the client prefer?');
    expect(reply).toMatch(
      /\[Note, \d{4}-\d{2}-\d{2}\] The client prefers to file at the Texas Service Center\./,
    );
  });

  it("never shows one lawyer's planted secret (note and exhibit) to another lawyer", async () => {
    const owner = await lawyerWithCase();
    const other = await lawyerWithCase({ first_name: 'Boris' });
    await send(owner.user, '/note Zebracorn strategy: keep the Quillfeather memo out of the petition.');
    await h.app.evidence.add(owner.id, owner.caseId, {
      criterion: 'awards',
      title: 'Zebracorn Quillfeather Prize',
      fields: { ...evidenceFactory('awards').fields, name: 'Zebracorn Quillfeather Prize' },
    });
    const theirs = await send(other.user, '/ask zebracorn quillfeather strategy memo prize');
    expect(theirs).not.toMatch(/\[Exhibit 3\]|\[Note/);
    expect(theirs.replace(/^Question:.*$/m, '')).not.toMatch(/zebracorn|quillfeather/i);
    expect(theirs).toContain(
      "Nothing in this case's intake answers, exhibits, documents or notes matches the question.",
    );
    // The owner, asking the same, does see both.
    const mine = await send(owner.user, '/ask zebracorn quillfeather strategy memo prize');
    expect(mine).toContain('[Exhibit 3] Zebracorn Quillfeather Prize');
    expect(mine).toMatch(/\[Note, [\d-]+\] Zebracorn strategy/);
  });

  it('searches only the law when no case is open, and says so', async () => {
    const user = await h.addUser('lawyer');
    const reply = await send(user, '/ask What counts as judging?');
    expect(reply).toContain('[USCIS Policy Manual, Vol. 6, Part F, Ch. 2] Summary: Judging (criterion (iv))');
    expect(reply).toContain('No case is open, so only the law was searched.');
  });

  it('explains how to ask when the question is missing, and that Russian finds nothing in the English law', async () => {
    const { user } = await lawyerWithCase({ first_name: 'Ivan', language_code: 'ru' });
    expect(await send(user, '/ask')).toContain('Напишите вопрос после /ask');
    const reply = await send(user, '/ask Что считается судейством?');
    expect(reply).toContain('Вопрос: Что считается судейством?');
    expect(reply).toContain('Правовые тексты (8 CFR, USCIS Policy Manual, Kazarian) на английском');
    expect(reply).toContain('Приложения записаны по-английски, как их цитирует петиция');
  });

  it('refuses an overlong note with the limit, keeping nothing', async () => {
    const { user, id, caseId } = await lawyerWithCase();
    const reply = await send(user, `/note ${'x'.repeat(NOTE_MAX_LENGTH + 1)}`);
    expect(reply).toContain(`That note has 2,001 characters; the limit is 2,000.`);
    expect(await h.app.notes.list(id, caseId)).toEqual([]);
  });

  it('asks for a case before taking a note when none is open', async () => {
    const user = await h.addUser('lawyer');
    const reply = await send(user, '/note something');
    expect(reply).toBe(NO_ACTIVE_CASE_TEXT);
  });
});

/** A bot whose /ask may have an LLM write (the fake LLM's), for `use`; both closed afterwards. */
async function withLlmBot(use: (bot: BotHarness) => Promise<void>): Promise<void> {
  const llm = await startFakeLlm();
  const bot = await startBotHarness({
    env: { LLM_PROVIDERS: 'openai', LLM_OPENAI_API_KEY: 'sk-test-ask', LLM_BASE_URL: llm.baseUrl },
  });
  try {
    await use(bot);
  } finally {
    await bot.close();
    await llm.close();
  }
}

describe('/ask with an LLM configured', () => {
  it('first says it is looking, then edits that message into the cited answer', async () => {
    await withLlmBot(async (withLlm) => {
      const user = await withLlm.addUser('lawyer');
      await withLlm.say(user, '/ask Is a high salary in relation to others in the field evidence?');
      const [looking, ...rest] = withLlm.sentTo(user.id);
      expect(looking?.method).toBe('sendMessage');
      expect(looking?.text).toBe('Looking through the law and the case…');
      const edited = rest.find((m) => m.method === 'editMessageText');
      expect(edited?.message_id).toBe(looking?.message_id);
      expect(edited?.text).toContain('[8 CFR 204.5(h)(3)(ix)]');
    });
  }, 60_000);

  it('takes "looking…" away when the answer fails, so the lawyer sees only the error', async () => {
    await withLlmBot(async (withLlm) => {
      const user = await withLlm.addUser('lawyer');
      // The law cannot be searched: a real database failure in the middle of the answer.
      await withLlm.app.db.query('ALTER TABLE corpus_chunks RENAME TO corpus_chunks_away');
      await withLlm.say(user, '/ask Is a high salary in relation to others in the field evidence?');
      const [looking, ...rest] = withLlm.sentTo(user.id);
      expect(looking?.text).toBe('Looking through the law and the case…');
      const deleted = withLlm.fake.calls.filter(
        (call) => call.method === 'deleteMessage' && call.status === 200,
      );
      expect(deleted.map((call) => Number(call.body.message_id))).toEqual([looking?.message_id]);
      expect(rest.map((m) => m.method)).toEqual(['sendMessage']);
      expect(rest[0]?.text).toMatch(/Reference: [0-9A-F]{8}/);
    });
  }, 60_000);

  it('says which writer answered, as drafting does: the checked LLM, or why the passages are quoted', async () => {
    const llm = await startFakeLlm();
    const withLlm = await startBotHarness({
      env: {
        LLM_PROVIDERS: 'openai',
        LLM_OPENAI_API_KEY: 'sk-test-ask',
        LLM_BASE_URL: llm.baseUrl,
        FEATURE_ENABLE_LLM_DRAFTING: 'true',
      },
    });
    try {
      const user = await withLlm.addUser('lawyer');
      llm.replyNext(
        JSON.stringify({
          text: 'A salary high in relation to others in the field is evidence [8 CFR 204.5(h)(3)(ix)].',
        }),
      );
      await withLlm.say(user, '/ask Is a high salary in relation to others in the field evidence?');
      const checked = withLlm.sentTo(user.id).find((m) => m.method === 'editMessageText');
      expect(checked?.text).toContain('A salary high in relation to others in the field is evidence');
      expect(checked?.text).toContain('Drafted with openai and checked against the case file');

      // An invented citation, twice: the passages are quoted, and the lawyer is told what the draft got wrong.
      llm.replyNext(JSON.stringify({ text: 'Salary counts [Matter of Invented, 99 I&N Dec. 1].' }), {
        times: 2,
      });
      await withLlm.say(user, '/ask Is a high salary evidence?');
      const edits = withLlm.sentTo(user.id).filter((m) => m.method === 'editMessageText');
      const quoted = edits.at(-1)?.text ?? '';
      expect(edits).toHaveLength(2);
      expect(quoted).toContain('[8 CFR 204.5(h)(3)(ix)]');
      expect(quoted).not.toContain('Salary counts');
      expect(quoted).toContain('An AI draft did not pass the check against the case file');
      expect(quoted).toContain('it cited [Matter of Invented, 99 I');
    } finally {
      await withLlm.close();
      await llm.close();
    }
  }, 60_000);
});
