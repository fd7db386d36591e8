// What the real bot process does with people and updates it should not trust: a stranger, a colleague
// with copied buttons, an update Telegram sends again after a crash, and updates no client would send.
// Covered elsewhere and not repeated here: the refusal's audit entry and silence after it, forged and
// malformed case buttons (open/archive/delete), forged exhibit show/remove, a redelivery inside one
// process, unknown update types, empty and senderless updates (test/unit/bot/*); a 429 on a reply
// outside a conversation (test/e2e/bot-core.test.ts).
import { rmSync } from 'node:fs';
import type { Update } from 'grammy/types';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EVIDENCE_BUTTONS } from '../../bot/features/evidence/rendering.ts';
import { NOT_UNDERSTOOD_TEXT, STALE_BUTTON_TEXT } from '../../bot/features/unhandled.ts';
import { refusalText } from '../../bot/middleware/allow-list.ts';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { fieldQuestionKey } from '../../core/eb1a/evidence.ts';
import { evidenceFactory } from '../support/factories.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import {
  startFakeTelegram,
  type FakeTelegram,
  type FakeUser,
  type SentMessage,
} from '../support/fake-telegram.ts';
import { migratedDataDir, silentLogger, waitUntil } from '../support/fixtures.ts';
import { chatAs, buttonData, REPLY_MS } from '../support/lawyer-chat.ts';

const owner: FakeUser = { id: 330_000_001, first_name: 'Maria' };
const colleague: FakeUser = { id: 330_000_002, first_name: 'Rui' };
const stranger: FakeUser = { id: 330_000_999, first_name: 'Mallory' };
const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** What the test seeded before any bot ran: the owner's case with one exhibit and its document. */
interface Seeded {
  ownerId: string;
  caseId: string;
  exhibitId: string;
  sha256: string;
}

let dataDir: string;
let seeded: Seeded;
let fake: FakeTelegram;
let bot: BotProcess | undefined;

/** Runs `work` on an App over the bot's data: only while no bot process holds the embedded database. */
async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  if (bot?.isRunning()) throw new Error('stop the bot first: the embedded database allows one process');
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
  try {
    return await work(app);
  } finally {
    await app.close('test check');
  }
}

beforeAll(async () => {
  dataDir = await migratedDataDir('megaagent-e2e-safety-');
  seeded = await withApp(async (app) => {
    const ownerUser = await app.users.upsert({ telegramId: owner.id, role: 'lawyer', displayName: 'Maria' });
    const colleagueUser = await app.users.upsert({
      telegramId: colleague.id,
      role: 'lawyer',
      displayName: 'Rui',
    });
    const opened = await app.cases.create(ownerUser.id, {
      clientName: 'Jane Doe',
      fieldOfEndeavor: 'Medical imaging',
    });
    await app.cases.create(colleagueUser.id, { clientName: 'Rui’s client', fieldOfEndeavor: 'Robotics' });
    const { criterion, title, fields } = evidenceFactory('judging');
    const { evidence } = await app.evidence.add(ownerUser.id, opened.id, { criterion, title, fields });
    const { file } = await app.evidence.attachFile(ownerUser.id, evidence.id, {
      bytes: PDF,
      mimeType: 'application/pdf',
      originalName: 'reviewer-record.pdf',
    });
    return { ownerId: ownerUser.id, caseId: opened.id, exhibitId: evidence.id, sha256: file.sha256 };
  });
}, 60_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeEach(async () => {
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await fake.close();
});

/** The bot as deployed, on the shared data; the flood limit is off where a test answers faster than a person. */
async function startBot(
  env: Record<string, string> = { FEATURE_ENABLE_RATE_LIMITING: 'false' },
): Promise<BotProcess> {
  const started = spawnBot({ fake, dataDir, allowedUsers: [owner.id, colleague.id], env });
  bot = started;
  await started.polling();
  return started;
}

const to = (user: FakeUser) => fake.sent.filter((m) => m.chat_id === user.id);

const exchange = (user: FakeUser, act: () => unknown, expected: string | RegExp) =>
  chatAs(fake, user).exchange(act, expected);
const press = (user: FakeUser, shown: SentMessage, label: string, expected: string | RegExp) =>
  chatAs(fake, user).press(shown, label, expected);

/** A button press with callback data of the presser's choosing, on a message the bot really sent them. */
function forgedPress(user: FakeUser, shown: SentMessage, data: string): Update {
  return fake.pushUpdate({
    callback_query: {
      id: `forged-${String(fake.calls.length)}-${data}`,
      from: { id: user.id, is_bot: false, first_name: user.first_name ?? 'Test' },
      message: shown.message,
      chat_instance: String(user.id),
      data,
    },
  });
}

/** How the bot answered one button press (the text of its answerCallbackQuery). */
async function answerTo(press: Update): Promise<string> {
  const id = press.callback_query?.id;
  const answer = () =>
    fake.calls.find((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === id);
  await waitUntil(() => answer() !== undefined, `the press ${String(id)} was answered`, REPLY_MS);
  const text = answer()?.body.text;
  return typeof text === 'string' ? text : '';
}

describe('a stranger', { tags: ['slow'] }, () => {
  it('learns their Telegram id, and nothing they send or press is kept or acted on', async () => {
    await startBot({});
    const refusal = await exchange(stranger, () => fake.sendText(stranger, '/newcase'), String(stranger.id));
    expect(refusal.text).toBe(refusalText(stranger.id));
    fake.sendText(stranger, 'Acme Corp');
    fake.sendText(stranger, 'Industrial widgets');
    fake.sendDocument(stranger, { name: 'passport.pdf', mime: 'application/pdf', bytes: PDF });
    // A destructive button naming the owner's case, pressed under the one message the stranger has. One
    // chat's updates are handled in order, so once this is answered the texts and the document were too.
    const forged = forgedPress(stranger, refusal, `case:delete-yes:${seeded.caseId}`);
    expect(await answerTo(forged)).toBe(refusalText(stranger.id));
    expect(to(stranger)).toHaveLength(1);
    expect(fake.calls.some((c) => c.method === 'getFile')).toBe(false);

    await bot?.stop();
    await withApp(async (app) => {
      expect(await app.users.get(stranger.id)).toBeNull();
      const { rows } = await app.db.query<{ cases: string; files: string }>(
        `SELECT (SELECT count(*) FROM cases WHERE client_name = 'Acme Corp') AS cases, (SELECT count(*) FROM files) AS files`,
      );
      expect(rows[0]).toEqual({ cases: '0', files: '1' });
      expect(await app.cases.get(seeded.ownerId, seeded.caseId)).toMatchObject({
        status: 'open',
        clientName: 'Jane Doe',
      });
      const audit = await app.audit.list({ actor: `telegram:${String(stranger.id)}`, limit: 10, offset: 0 });
      expect(audit.items.map((e) => e.action)).toEqual(['bot.access_denied']);
    });
  });
});

describe('a colleague with copied buttons', { tags: ['slow'] }, () => {
  it('cannot download, edit, attach to or remove the owner’s exhibit', async () => {
    await startBot();
    const menu = await exchange(colleague, () => fake.sendText(colleague, '/start'), 'Hello, Rui.');
    const forge = (data: string) => forgedPress(colleague, menu, data);
    const notYours = /does not exist|not yours/i;

    expect(await answerTo(forge(EVIDENCE_BUTTONS.file(seeded.exhibitId, seeded.sha256)))).toMatch(notYours);
    expect(await answerTo(forge(EVIDENCE_BUTTONS.edit(seeded.exhibitId)))).toMatch(notYours);
    expect(await answerTo(forge(EVIDENCE_BUTTONS.remove(seeded.exhibitId)))).toMatch(notYours);
    expect(await answerTo(forge(EVIDENCE_BUTTONS.confirmRemove(seeded.exhibitId)))).toMatch(notYours);
    // Edit and attach open a conversation first; it must refuse before asking anything.
    await exchange(colleague, () => forge(EVIDENCE_BUTTONS.editField(seeded.exhibitId, 'title')), notYours);
    await exchange(colleague, () => forge(EVIDENCE_BUTTONS.attach(seeded.exhibitId)), notYours);
    // Whatever they send next goes to their own case, not to the owner's exhibit.
    await exchange(
      colleague,
      () =>
        fake.sendDocument(colleague, {
          name: 'forged.pdf',
          mime: 'application/pdf',
          bytes: Buffer.concat([PDF, Buffer.from('x')]),
        }),
      /Reading your documents/,
    );

    expect(fake.calls.filter((c) => c.method === 'sendDocument')).toHaveLength(0);
    expect(to(colleague).some((m) => /Jane Doe|IEEE Transactions|reviewer-record/.test(m.text ?? ''))).toBe(
      false,
    );
    await bot?.stop();
    await withApp(async (app) => {
      const exhibit = await app.evidence.get(seeded.ownerId, seeded.exhibitId);
      expect(exhibit.title).toBe(evidenceFactory('judging').title);
      expect(exhibit.files.map((f) => f.fileName)).toEqual(['reviewer-record.pdf']);
      // The colleague's document is a proposal of the colleague's own case.
      const { rows } = await app.db.query<{ mine: boolean }>(
        `SELECT p.case_id <> $1 AS mine FROM document_proposals p WHERE p.file_name = 'forged.pdf'`,
        [exhibit.caseId],
      );
      expect(rows).toEqual([{ mine: true }]);
    });
  });
});

describe('an update Telegram sends again', { tags: ['slow'] }, () => {
  /**
   * Makes the next getUpdates fail with a long retry_after, so the update the bot takes now stays
   * unconfirmed (Telegram learns of a handled update only from the next offset) until the crash.
   */
  async function holdConfirmation(): Promise<void> {
    await waitUntil(
      () => fake.calls.findLast((c) => c.method === 'getUpdates')?.status === undefined,
      'a long poll is open',
      REPLY_MS,
    );
    fake.failNext('getUpdates', { status: 429, retryAfter: 30 });
  }

  it('after a crash before Telegram learned it was handled, still makes one exhibit', async () => {
    const first = await startBot();
    const translator = createTranslator();
    const prompt = (key: string) => translator.t('en', fieldQuestionKey('judging', key));
    const menu = await exchange(
      owner,
      () => fake.sendText(owner, '/evidence'),
      'Which criterion does it support?',
    );
    await press(owner, menu, '(iv) Judging', prompt('venue'));
    const kind = await exchange(
      owner,
      () => fake.sendText(owner, 'NeurIPS 2024 program committee'),
      prompt('kind'),
    );
    const proof = await press(
      owner,
      kind,
      'Review of conference abstracts or papers (program committee)',
      prompt('proof'),
    );
    const field = await press(
      owner,
      proof,
      'Proof the review was done (confirmation, thank-you with manuscript ID, reviewer record)',
      prompt('sameOrAlliedField'),
    );
    const reviews = await press(owner, field, 'Yes', prompt('reviewCount'));
    const year = await press(owner, reviews, 'Skip', prompt('year'));
    const english = await press(owner, year, 'Skip', 'Is the original document in English?');
    const letter = await press(owner, english, 'Yes', 'Is this exhibit a letter');

    await holdConfirmation();
    const finishing = fake.clickButton(owner, letter, buttonData(letter, 'No'));
    await fake.waitFor(
      (m) => m.chat_id === owner.id && /Saved as Exhibit \d+ in Jane Doe’s case/.test(m.text ?? ''),
      REPLY_MS,
    );
    await waitUntil(
      () => fake.calls.some((c) => c.method === 'getUpdates' && c.status === 429),
      'the confirming poll failed',
      REPLY_MS,
    );
    first.kill('SIGKILL');
    await first.exited;

    const answered = () =>
      fake.calls.filter(
        (c) =>
          c.method === 'answerCallbackQuery' && c.body.callback_query_id === finishing.callback_query?.id,
      );
    expect(answered()).toHaveLength(1);
    await startBot();
    // The new process is given the same press again. Embedded, the conversation lived in the crashed
    // process's memory, so the press is stale now; nothing is saved a second time either way.
    await waitUntil(() => answered().length >= 2, 'the redelivered press was answered', REPLY_MS);
    expect(answered()[1]?.body.text).toBe(STALE_BUTTON_TEXT);
    await exchange(owner, () => fake.sendText(owner, '/evidence list'), /Exhibits of Jane Doe’s case/);

    await bot?.stop();
    const saved = await withApp((app) => app.evidence.list(seeded.ownerId, seeded.caseId));
    expect(
      saved.filter((e) =>
        Object.values(e.claims[0]?.fields ?? {}).includes('NeurIPS 2024 program committee'),
      ),
    ).toHaveLength(1);
  });
});

describe('updates no Telegram client would send', { tags: ['slow'] }, () => {
  it('are answered or ignored without crashing, and the bot still answers /start', async () => {
    const running = await startBot();
    const menu = await exchange(colleague, () => fake.sendText(colleague, '/start'), 'Hello, Rui.');
    const from = { id: colleague.id, is_bot: false, first_name: 'Rui' };
    const chat = { id: colleague.id, type: 'private' as const, first_name: 'Rui' };
    const huge = 'x'.repeat(200_000);

    const pressed = (data: string) => forgedPress(colleague, menu, data);
    const buttons: Array<[Update, string | RegExp]> = [
      [pressed('\u0000\u0001garbage'), STALE_BUTTON_TEXT],
      [pressed('💥'.repeat(40)), STALE_BUTTON_TEXT],
      [pressed('menu:'), STALE_BUTTON_TEXT],
      [pressed('evq:zzzz.999:c:awards'), STALE_BUTTON_TEXT],
      [pressed('intake:choose:zz'), 'That button is not valid. Send /intake to continue.'],
      [pressed('ev:show:not-a-uuid'), /^That exhibit does not exist or is not yours/],
      [pressed("ev:rmy:'; DROP TABLE evidence;--"), /^That exhibit does not exist or is not yours/],
      // A game button carries no data at all.
      [
        fake.pushUpdate({
          callback_query: { id: 'no-data', from, message: menu.message, chat_instance: '1' },
        }),
        STALE_BUTTON_TEXT,
      ],
      // A button under an inline-mode message: no chat to answer in.
      [
        fake.pushUpdate({
          callback_query: {
            id: 'inline',
            from,
            inline_message_id: 'AAA',
            chat_instance: '1',
            data: 'menu:cases',
          },
        }),
        /.*/,
      ],
    ];
    const mark = fake.sent.length;
    fake.pushUpdate({
      message: { message_id: 9001, date: 1, chat, from, location: { latitude: 48.85, longitude: 2.35 } },
    });
    fake.pushUpdate({
      message: {
        message_id: 9002,
        date: 1,
        chat,
        from,
        text: '/x',
        entities: [{ type: 'bot_command', offset: 5, length: 900 }],
      },
    });
    fake.pushUpdate({
      edited_message: { message_id: 9003, date: 1, edit_date: 2, chat, from, text: '/start' },
    });
    fake.sendText(colleague, huge);
    fake.sendText(colleague, `/start ${huge}`);
    await exchange(colleague, () => fake.sendText(colleague, '/newcase'), 'What is the client’s name?');
    await exchange(colleague, () => fake.sendText(colleague, huge), 'The client name is too long');
    for (const [update, expected] of buttons) expect(await answerTo(update)).toMatch(expected);
    await exchange(colleague, () => fake.sendText(colleague, '/start'), 'Hello, Rui.');

    // One chat is handled in order: each message got its answer, and the edited one none.
    const replies = fake.sent
      .slice(mark)
      .filter((m) => m.chat_id === colleague.id)
      .map((m) => m.text ?? '');
    expect(replies).toEqual([
      NOT_UNDERSTOOD_TEXT,
      // The command's entity runs past the text: the bot names the command the text holds.
      expect.stringMatching(/^\/x is not a command I know\./),
      NOT_UNDERSTOOD_TEXT,
      expect.stringMatching(/^Hello, Rui\./),
      'New case. What is the client’s name? (Send /cancel to stop.)',
      expect.stringMatching(/^The client name is too long \(200,000 characters\)/),
      expect.stringMatching(/^Hello, Rui\./),
    ]);
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && c.error !== undefined)).toEqual([]);
    expect(running.isRunning()).toBe(true);
  });
});
