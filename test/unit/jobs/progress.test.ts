// Progress messages for a lawyer: one message edited at most once per 2 s per chat, the last state always
// shown, then the result or a plain-words failure; through a real grammY Api against the fake Telegram.
import { setTimeout as sleep } from 'node:timers/promises';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createProgressBoard, progressBar, type ProgressBoard } from '../../../core/jobs/progress.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.ts';
import { silentLogger } from '../../support/fixtures.ts';

const INTERVAL_MS = 2_000;
/** Timer slack: an edit may arrive a few milliseconds before the nominal 2 s after the previous one. */
const SLACK_MS = 30;

describe('job progress for a lawyer', () => {
  let fake: FakeTelegram;
  let board: ProgressBoard;
  let nextUser = 910_000_001;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });
    board = createProgressBoard({
      telegram: telegramMessenger(api),
      translator: createTranslator(),
      log: silentLogger(),
    });
  });
  afterAll(() => fake.close());

  /** A lawyer who has talked to the bot (Telegram only lets a bot write to such a chat). */
  function lawyer(): FakeUser {
    const user: FakeUser = { id: nextUser++, first_name: 'Maria' };
    fake.sendText(user, '/start');
    return user;
  }

  const toChat = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId);

  it('edits one message at most once every 2 s and always shows the last state', async () => {
    const user = lawyer();
    const progress = board.reporterFor({ chatId: user.id, locale: 'en' }, 'jobs-title-queue-check');
    // Forty steps in about 4.2 s (longer on a busy machine): a naive reporter would edit forty times.
    const began = Date.now();
    for (let done = 1; done <= 40; done++) {
      await progress.step('jobs-step-queue-check', done, 40);
      await sleep(105);
    }
    await progress.finish('jobs-done-queue-check', { attempt: 1 });

    const messages = toChat(user.id);
    const writes = messages.filter((m) => m.method === 'sendMessage' || m.method === 'editMessageText');
    const progressWrites = writes.slice(0, -1);
    // One message, edited in place: the first write sends it, the others edit that same message.
    expect(progressWrites[0]?.method).toBe('sendMessage');
    expect(new Set(progressWrites.map((m) => m.message_id)).size).toBe(1);
    expect(progressWrites.length).toBeGreaterThanOrEqual(2);
    // One write per 2 s interval the steps took, plus the first and the final state.
    const allowed = Math.floor((Date.now() - began) / INTERVAL_MS) + 2;
    expect(progressWrites.length).toBeLessThanOrEqual(Math.min(allowed, 40));
    for (let i = 1; i < progressWrites.length; i++) {
      expect(progressWrites[i]!.at - progressWrites[i - 1]!.at).toBeGreaterThanOrEqual(
        INTERVAL_MS - SLACK_MS,
      );
    }
    // The last progress state shown is the final one, then the result arrives as a message of its own.
    expect(progressWrites.at(-1)?.text).toContain(`${progressBar(40, 40)} 40/40`);
    expect(progressWrites.at(-1)?.text).toContain('Checking that background work runs');
    const result = writes.at(-1)!;
    expect(result.method).toBe('sendMessage');
    expect(result.text).toBe('Queue check finished: background work runs (attempt 1).');
  }, 20_000);

  it('keeps the 2 s spacing per chat across two jobs reporting to the same lawyer', async () => {
    const user = lawyer();
    const first = board.reporterFor({ chatId: user.id, locale: 'en' }, 'jobs-title-queue-check');
    const second = board.reporterFor({ chatId: user.id, locale: 'en' }, 'jobs-title-queue-check');
    await first.step('jobs-step-queue-check', 1, 2);
    await second.step('jobs-step-queue-check', 1, 2);
    await Promise.all([
      first.finish('jobs-done-queue-check', { attempt: 1 }),
      second.finish('jobs-done-queue-check', { attempt: 1 }),
    ]);
    const writes = toChat(user.id);
    expect(writes.filter((m) => m.text?.includes('1/2')).length).toBe(2);
    const progressWrites = writes.filter((m) => m.text?.includes('1/2'));
    expect(Math.abs(progressWrites[1]!.at - progressWrites[0]!.at)).toBeGreaterThanOrEqual(
      INTERVAL_MS - SLACK_MS,
    );
  }, 20_000);

  it('tells the lawyer in their language that the job failed for good and what to do', async () => {
    const user = lawyer();
    const progress = board.reporterFor({ chatId: user.id, locale: 'ru' }, 'jobs-title-queue-check');
    await progress.step('jobs-step-queue-check', 1, 4);
    await progress.failed();
    const last = toChat(user.id).at(-1)!;
    expect(last.method).toBe('sendMessage');
    expect(last.parse_mode).toBe('HTML');
    expect(last.text).toContain('Проверка очереди заданий: не удалось завершить');
    expect(last.text).toContain('Всё, что вы отправили, сохранено');
  });

  it('still delivers the result when Telegram refuses a progress edit', async () => {
    const user = lawyer();
    const progress = board.reporterFor({ chatId: user.id, locale: 'en' }, 'jobs-title-queue-check');
    fake.failNext('sendMessage', { status: 502 });
    await progress.step('jobs-step-queue-check', 1, 2);
    await progress.finish('jobs-done-queue-check', { attempt: 2 });
    expect(toChat(user.id).at(-1)?.text).toBe('Queue check finished: background work runs (attempt 2).');
  }, 10_000);

  it('sends composed messages with buttons and files after the last progress state', async () => {
    const user = lawyer();
    const progress = board.reporterFor({ chatId: user.id, locale: 'ru' }, 'jobs-title-queue-check');
    await progress.step('jobs-step-queue-check', 2, 2);
    await progress.send(`<b>${progress.t('jobs-title-queue-check')}</b>`, {
      inline_keyboard: [[{ text: 'OK', callback_data: 'job:ok' }]],
    });
    await progress.sendFile(
      { bytes: Buffer.from('%PDF-1.7 packet'), fileName: 'packet.pdf' },
      '<i>Packet</i>',
    );
    const [shown, composed, file] = toChat(user.id).slice(-3);
    expect(shown?.text).toContain('2/2');
    expect(composed?.text).toBe('Проверка очереди заданий');
    expect(composed?.sent_text).toBe('<b>Проверка очереди заданий</b>');
    expect(composed?.buttons.map((b) => [b.text, 'callback_data' in b && b.callback_data])).toEqual([
      ['OK', 'job:ok'],
    ]);
    expect(file?.method).toBe('sendDocument');
    expect(file?.document?.file_name).toBe('packet.pdf');
    expect(file?.document?.bytes.toString()).toBe('%PDF-1.7 packet');
    expect(file?.text).toBe('Packet');
  }, 10_000);

  it('draws the bar from done and total, clamped', () => {
    expect(progressBar(0, 10)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(3, 10)).toBe('▰▰▰▱▱▱▱▱▱▱');
    expect(progressBar(12, 10)).toBe('▰▰▰▰▰▰▰▰▰▰');
    expect(progressBar(1, 0)).toBe('▱▱▱▱▱▱▱▱▱▱');
  });
});
