// How the bot copes with Telegram's own behaviour: flood control (429 with retry_after) is waited out below
// everything, conversations included; a button press delivered again was answered the first time, and the
// second answer Telegram refuses must not turn into an error for the lawyer.
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

describe('flood control', () => {
  it('a 429 on a reply inside a conversation is waited out and the conversation goes on', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/newcase'));
    h.fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    await h.deliver(h.fake.sendText(lawyer, 'Jane Doe'));
    const texts = h.sentTo(lawyer.id).map((m) => m.text ?? '');
    expect(texts.at(-1)).toMatch(/field/i);
    expect(texts.join('\n')).not.toContain('Reference');
    await h.deliver(h.fake.sendText(lawyer, 'Machine learning for medical imaging'));
    const created = await h.app.cases.active((await h.app.users.get(lawyer.id))?.id ?? '');
    expect(created?.clientName).toBe('Jane Doe');
    const refused = h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 429);
    expect(refused).toHaveLength(1);
  });

  it('a 429 longer than the bot will wait reaches the error boundary instead of hanging the chat', async () => {
    const lawyer = await h.addUser();
    h.fake.failNext('sendMessage', { status: 429, retryAfter: 3600 });
    await h.deliver(h.fake.sendText(lawyer, '/help'));
    // The help text was refused; the error boundary's own reply goes through.
    expect(
      h
        .sentTo(lawyer.id)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).toContain('Reference');
  });
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
    expect(
      h
        .sentTo(lawyer.id)
        .map((m) => m.text ?? '')
        .join('\n'),
    ).not.toContain('Reference');
  });
});
