// A button press Telegram delivers again (after a crash, before it saw our confirmation) was answered the
// first time; the second answer Telegram refuses must not turn into an error for the lawyer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALE_BUTTON_TEXT } from '../../../bot/features/unhandled.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

describe('a redelivered press of a button nobody handles', () => {
  it('is answered once and causes no error message', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/help'));
    const message = h.sentTo(lawyer.id).at(-1);
    if (!message) throw new Error('no reply to /help');
    const press = {
      id: 'press-1',
      from: { id: lawyer.id, is_bot: false, first_name: 'Alex' },
      chat_instance: '1',
      data: 'gone:button',
      message: message.message,
    };
    await h.deliver(h.fake.pushUpdate({ callback_query: press }));
    await h.deliver(h.fake.pushUpdate({ callback_query: press })); // a new update_id, the same query
    const answers = h.fake.calls.filter(
      (c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === press.id,
    );
    expect(answers.map((c) => c.status)).toEqual([200, 400]);
    expect(answers[0]?.body.text).toBe(STALE_BUTTON_TEXT);
    expect(h.sentTo(lawyer.id).map((m) => m.text ?? '').join('\n')).not.toContain('Reference');
  });
});
