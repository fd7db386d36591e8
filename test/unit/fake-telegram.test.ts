// Proves the fake Telegram Bot API answers grammY the way the real server does, so e2e tests can trust it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';

const lawyer = { id: 5001, first_name: 'Alice', username: 'alice_law' };

let fake: FakeTelegram;
let api: Api;

beforeEach(async () => {
  fake = await startFakeTelegram();
  api = new Api(fake.token, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.close();
});

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(err)}`);
  return err;
}

describe('fake Telegram: identity and routing', () => {
  it('answers getMe with the bot user derived from the token', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'megaagent_test_bot' });
  });

  it('rejects a wrong token with 401 Unauthorized, as the real API does', async () => {
    const res = await fetch(`${fake.apiRoot}/bot999:WRONG/getMe`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });

    const err = await apiError(new Api('999:WRONG', { apiRoot: fake.apiRoot }).getMe());
    expect(err.error_code).toBe(401);
  });

  it('answers an unknown method with 404 Not Found and records the call', async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'sendTelepathy', status: 404 });
  });

  it('treats method names case-insensitively, like the real API', async () => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/GETME`);
    expect(await res.json()).toMatchObject({ ok: true, result: { id: 123456 } });
    expect(fake.calls.at(-1)?.method).toBe('getMe');
  });
});

describe('fake Telegram: long polling', () => {
  it('holds getUpdates open until the lawyer writes, then returns the update at once', async () => {
    const started = Date.now();
    let settled = false;
    const poll = api.getUpdates({ timeout: 10 }).finally(() => (settled = true));
    await fake.waitForCall('getUpdates');
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);

    const update = fake.sendText(lawyer, '/start hello');
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(updates).toEqual([update]);
    expect(updates[0]?.message).toMatchObject({
      text: '/start hello',
      chat: { id: lawyer.id, type: 'private' },
      from: { id: lawyer.id, is_bot: false, first_name: 'Alice' },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
  });

  it('keeps updates until an offset above them confirms them', async () => {
    const first = fake.sendText(lawyer, 'one');
    const second = fake.sendText(lawyer, 'two');
    expect(second.update_id).toBe(first.update_id + 1);

    expect(await api.getUpdates()).toEqual([first, second]);
    expect(await api.getUpdates()).toEqual([first, second]); // not confirmed yet: delivered again
    expect(await api.getUpdates({ offset: second.update_id })).toEqual([second]);
    expect(await api.getUpdates({ offset: second.update_id + 1 })).toEqual([]);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it('honours limit', async () => {
    const sent = [fake.sendText(lawyer, 'a'), fake.sendText(lawyer, 'b'), fake.sendText(lawyer, 'c')];
    expect(await api.getUpdates({ limit: 2 })).toEqual(sent.slice(0, 2));
  });

  it('returns an empty list when the poll times out', async () => {
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('ends the older poll with 409 Conflict when a second poller appears', async () => {
    const older = apiError(api.getUpdates({ timeout: 10 }));
    await fake.waitForCall('getUpdates');
    const newer = api.getUpdates({ timeout: 10 });
    const err = await older;
    expect(err.error_code).toBe(409);
    expect(err.description).toMatch(/terminated by other getUpdates request/);
    const update = fake.sendText(lawyer, 'still delivered');
    expect(await newer).toEqual([update]);
  });

  it('does not create update types the bot has not opted into', async () => {
    fake.pushUpdate({
      chat_member: {
        chat: { id: -100777, type: 'supergroup', title: 'Firm' },
        from: { id: 1, is_bot: false, first_name: 'Admin' },
        date: 1,
        old_chat_member: { status: 'left', user: { id: 2, is_bot: false, first_name: 'New' } },
        new_chat_member: { status: 'member', user: { id: 2, is_bot: false, first_name: 'New' } },
      },
    });
    const message = fake.sendText(lawyer, 'hello');
    expect(await api.getUpdates()).toEqual([message]);
  });

  it('refuses to requeue an update the poller already confirmed', async () => {
    const update = fake.sendText(lawyer, 'once');
    await api.getUpdates({ offset: update.update_id + 1 });
    expect(() => fake.pushUpdate({ ...update })).toThrow(/already confirmed/);
  });
});

describe('fake Telegram: sending messages', () => {
  beforeEach(() => {
    fake.sendText(lawyer, '/start');
  });

  it('numbers messages per chat after the lawyer’s own and records what the bot sent', async () => {
    const msg = await api.sendMessage(lawyer.id, 'Welcome', {
      reply_markup: { inline_keyboard: [[{ text: 'Open case', callback_data: 'case:open:1' }]] },
    });
    expect(msg).toMatchObject({
      message_id: 2,
      chat: { id: lawyer.id },
      text: 'Welcome',
      from: { is_bot: true },
    });
    expect(msg.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ callback_data: 'case:open:1' });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({
      method: 'sendMessage',
      chat_id: lawyer.id,
      message_id: 2,
      text: 'Welcome',
    });
    expect(fake.sent[0]?.buttons.map((b) => b.text)).toEqual(['Open case']);
  });

  it('refuses a chat the bot never talked to', async () => {
    const err = await apiError(api.sendMessage(424242, 'hi'));
    expect(err.description).toBe('Bad Request: chat not found');
  });

  it('accepts 4096 characters and rejects 4097 with "message is too long"', async () => {
    await api.sendMessage(lawyer.id, 'a'.repeat(4096));
    const err = await apiError(api.sendMessage(lawyer.id, 'a'.repeat(4097)));
    expect(err.error_code).toBe(400);
    expect(err.description).toBe('Bad Request: message is too long');
    expect(fake.sent).toHaveLength(1);
  });

  it('rejects empty or whitespace-only text', async () => {
    for (const text of ['', '   ']) {
      const err = await apiError(api.sendMessage(lawyer.id, text));
      expect(err.description).toBe('Bad Request: message text is empty');
    }
  });

  it('parses HTML into plain text with entities, counted after markup', async () => {
    const msg = await api.sendMessage(
      lawyer.id,
      '<b>Case</b> &lt;42&gt; <a href="https://uscis.gov">form</a>',
      {
        parse_mode: 'HTML',
      },
    );
    expect(msg.text).toBe('Case <42> form');
    expect(msg.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 10, length: 4, url: 'https://uscis.gov' },
    ]);
    expect(fake.sent[0]).toMatchObject({
      text: 'Case <42> form',
      sent_text: '<b>Case</b> &lt;42&gt; <a href="https://uscis.gov">form</a>',
    });
    // 4096 visible characters are fine even though the markup makes the request longer.
    await api.sendMessage(lawyer.id, `<b>${'x'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
  });

  it.each([
    ['<b>unclosed', `Can't find end tag corresponding to start tag "b"`],
    ['<b>bold <i>both</b></i>', 'Unmatched end tag at byte offset 15, expected "</i>", found "</b>"'],
    ['plain</b>', 'Unexpected end tag at byte offset 5'],
    ['<br>line', 'Unsupported start tag "br" at byte offset 0'],
    ['income < 5000', 'Unsupported start tag "" at byte offset 7'],
  ])('rejects unbalanced or unknown HTML %j', async (text, detail) => {
    const err = await apiError(api.sendMessage(lawyer.id, text, { parse_mode: 'HTML' }));
    expect(err.error_code).toBe(400);
    expect(err.description).toBe(`Bad Request: can't parse entities: ${detail}`);
  });

  it('rejects unescaped reserved characters in MarkdownV2', async () => {
    const err = await apiError(api.sendMessage(lawyer.id, 'Done.', { parse_mode: 'MarkdownV2' }));
    expect(err.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    const ok = await api.sendMessage(lawyer.id, '*Done*\\.', { parse_mode: 'MarkdownV2' });
    expect(ok).toMatchObject({ text: 'Done.', entities: [{ type: 'bold', offset: 0, length: 4 }] });
  });

  it('rejects callback data over 64 bytes', async () => {
    const err = await apiError(
      api.sendMessage(lawyer.id, 'Pick', {
        reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'c'.repeat(65) }]] },
      }),
    );
    expect(err.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('edits text, refuses an identical edit, and drops the keyboard when an edit omits it', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Next', callback_data: 'next' }]] };
    const msg = await api.sendMessage(lawyer.id, 'Step 1', { reply_markup: keyboard });

    const same = await apiError(
      api.editMessageText(lawyer.id, msg.message_id, 'Step 1', { reply_markup: keyboard }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified: /);

    const edited = await api.editMessageText(lawyer.id, msg.message_id, 'Step 1');
    if (edited === true) throw new Error('an edit of a chat message returns the Message');
    expect('text' in edited && edited.text).toBe('Step 1');
    expect(edited.edit_date).toBeGreaterThan(0);
    expect(edited).not.toHaveProperty('reply_markup');

    const missing = await apiError(api.editMessageText(lawyer.id, 999, 'nope'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
    expect(fake.sent.map((m) => m.method)).toEqual(['sendMessage', 'editMessageText']);
  });

  it('edits only the keyboard with editMessageReplyMarkup', async () => {
    const msg = await api.sendMessage(lawyer.id, 'Choose', {
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
    const edited = await api.editMessageReplyMarkup(lawyer.id, msg.message_id, {
      reply_markup: { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] },
    });
    expect(edited).toMatchObject({
      text: 'Choose',
      reply_markup: { inline_keyboard: [[{ callback_data: 'b' }]] },
    });
    expect(fake.sent.at(-1)).toMatchObject({ method: 'editMessageReplyMarkup', text: 'Choose' });
  });

  it('deletes a message once', async () => {
    const msg = await api.sendMessage(lawyer.id, 'temporary');
    expect(await api.deleteMessage(lawyer.id, msg.message_id)).toBe(true);
    const again = await apiError(api.deleteMessage(lawyer.id, msg.message_id));
    expect(again.description).toBe('Bad Request: message to delete not found');
  });

  it('validates chat actions', async () => {
    expect(await api.sendChatAction(lawyer.id, 'typing')).toBe(true);
    const err = await apiError(
      api.raw.sendChatAction({ chat_id: lawyer.id, action: 'thinking' as 'typing' }),
    );
    expect(err.description).toBe('Bad Request: wrong parameter action in request');
  });

  it('stores commands per scope and language', async () => {
    await api.setMyCommands([{ command: 'cases', description: 'List your cases' }]);
    await api.setMyCommands([{ command: 'faelle', description: 'Fälle' }], { language_code: 'de' });
    expect(await api.getMyCommands()).toEqual([{ command: 'cases', description: 'List your cases' }]);
    expect(await api.getMyCommands({ language_code: 'de' })).toEqual([
      { command: 'faelle', description: 'Fälle' },
    ]);
    await api.deleteMyCommands();
    expect(await api.getMyCommands()).toEqual([]);
    const bad = await apiError(api.setMyCommands([{ command: 'Cases', description: 'x' }]));
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });
});

describe('fake Telegram: buttons', () => {
  it('turns a click into a callback_query on the bot’s current message, answerable once', async () => {
    fake.sendText(lawyer, '/cases');
    await api.sendMessage(lawyer.id, 'Your cases', {
      reply_markup: { inline_keyboard: [[{ text: 'Case 7', callback_data: 'case:open:7' }]] },
    });
    const shown = await fake.waitFor((m) => m.text === 'Your cases');

    const update = fake.clickButton(lawyer, shown, 'case:open:7');
    expect(update.callback_query).toMatchObject({
      from: { id: lawyer.id },
      data: 'case:open:7',
      message: { message_id: shown.message_id, text: 'Your cases' },
    });
    const id = update.callback_query?.id ?? '';
    expect(await api.answerCallbackQuery(id)).toBe(true);
    const twice = await apiError(api.answerCallbackQuery(id));
    expect(twice.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );

    expect(() => fake.clickButton(lawyer, shown, 'case:open:8')).toThrow(
      /currently shows: Case 7 \(case:open:7\)/,
    );
  });
});

describe('fake Telegram: files', () => {
  // Bytes that would break a naive multipart parser: CRLFs, dashes and a fake boundary inside the file.
  const evidence = Buffer.concat([
    Buffer.from('%PDF-1.7\r\n--------------------not-a-boundary\r\n\r\n'),
    Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)),
  ]);

  it('receives a multipart sendDocument from grammY and serves the same bytes back via getFile', async () => {
    fake.sendText(lawyer, '/draft');
    const msg = await api.sendDocument(lawyer.id, new InputFile(evidence, 'Petition letter.pdf'), {
      caption: '<b>Draft</b> petition',
      parse_mode: 'HTML',
    });
    expect(msg.document).toMatchObject({
      file_name: 'Petition letter.pdf',
      mime_type: 'application/pdf',
      file_size: evidence.length,
    });
    expect(msg.caption).toBe('Draft petition');
    expect(fake.sent[0]?.document?.bytes.equals(evidence)).toBe(true);
    expect(fake.calls.at(-1)?.body).toMatchObject({ chat_id: String(lawyer.id) });

    const file = await api.getFile(msg.document?.file_id ?? '');
    const download = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(evidence)).toBe(true);

    // A file_id string resends the stored file without an upload.
    const again = await api.sendDocument(lawyer.id, msg.document?.file_id ?? '');
    expect(again.document?.file_unique_id).toBe(msg.document?.file_unique_id);
  });

  it('lets the bot download a document the lawyer sent', async () => {
    const update = fake.sendDocument(
      lawyer,
      { name: 'cv.docx', mime: 'application/msword', bytes: evidence },
      'My CV',
    );
    const doc = update.message?.document;
    expect(update.message?.caption).toBe('My CV');
    const file = await api.getFile(doc?.file_id ?? '');
    const download = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(evidence)).toBe(true);

    const unknown = await apiError(api.getFile('no-such-file'));
    expect(unknown.description).toBe('Bad Request: invalid file_id');
  });
});

describe('fake Telegram: observing the bot', () => {
  it('waitFor resolves on a message sent later', async () => {
    fake.sendText(lawyer, '/start');
    const waiting = fake.waitFor((m) => m.text === 'later', 2_000);
    await api.sendMessage(lawyer.id, 'later');
    expect((await waiting).message_id).toBe(2);
  });

  it('waitFor rejects after its timeout listing what the bot did send and which calls failed', async () => {
    fake.sendText(lawyer, '/start');
    await api.sendMessage(lawyer.id, 'Welcome, counsel', {
      reply_markup: { inline_keyboard: [[{ text: 'New case', callback_data: 'case:new' }]] },
    });
    await apiError(api.sendMessage(lawyer.id, '<b>broken', { parse_mode: 'HTML' }));

    const started = Date.now();
    const err = await fake
      .waitFor((m) => m.text === 'never', 300)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain('within 300 ms');
    expect(message).toContain('"Welcome, counsel"');
    expect(message).toContain('New case (case:new)');
    expect(message).toContain("sendMessage -> 400 Bad Request: can't parse entities");
  });

  it('waitForCall rejects naming the methods that were called', async () => {
    await api.getMe();
    await expect(fake.waitForCall('setWebhook', 200)).rejects.toThrow(/did not call setWebhook.*getMe/);
  });
});

describe('fake Telegram: fault injection', () => {
  beforeEach(() => {
    fake.sendText(lawyer, '/start');
  });

  it('answers 429 with retry_after, then recovers', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 7 });
    const err = await apiError(api.sendMessage(lawyer.id, 'first'));
    expect(err.error_code).toBe(429);
    expect(err.description).toBe('Too Many Requests: retry after 7');
    expect(err.parameters.retry_after).toBe(7);
    expect(fake.sent).toHaveLength(0);

    await api.sendMessage(lawyer.id, 'second');
    expect(fake.sent.map((m) => m.text)).toEqual(['second']);
  });

  it('fails the given number of times', async () => {
    fake.failNext('getMe', { status: 500 }, 2);
    expect((await apiError(api.getMe())).error_code).toBe(500);
    expect((await apiError(api.getMe())).error_code).toBe(500);
    expect((await api.getMe()).id).toBe(123456);
  });

  it('answers 502 with the proxy’s HTML page, which grammY reports as an HttpError', async () => {
    fake.failNext('sendMessage', { status: 502 });
    const err = await api.sendMessage(lawyer.id, 'x').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
  });
});

describe('fake Telegram: webhook mode', () => {
  it('refuses getUpdates with 409 while a webhook is set, and records drop_pending_updates', async () => {
    await api.setWebhook('http://127.0.0.1:9/telegram', { secret_token: 'abc_123' });
    expect(fake.webhook).toEqual({ url: 'http://127.0.0.1:9/telegram', secret_token: 'abc_123' });
    const err = await apiError(api.getUpdates());
    expect(err.error_code).toBe(409);
    expect(err.description).toBe(
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
    const update = fake.sendText(lawyer, 'queued while the webhook is set');
    expect((await api.getWebhookInfo()).pending_update_count).toBe(1);

    await api.deleteWebhook({ drop_pending_updates: false });
    expect(fake.webhook).toBeNull();
    expect(fake.calls.filter((c) => c.body.drop_pending_updates === true)).toEqual([]);
    expect(await api.getUpdates()).toEqual([update]);
  });

  it('drops pending updates when asked to', async () => {
    fake.sendText(lawyer, 'lost on purpose');
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(fake.calls.at(-1)?.body).toMatchObject({ drop_pending_updates: true });
    expect(await api.getUpdates()).toEqual([]);
  });

  it('posts updates with the secret header and runs a method returned in the webhook response', async () => {
    const received: { secret: string | undefined; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const header = req.headers['x-telegram-bot-api-secret-token'];
        received.push({
          secret: typeof header === 'string' ? header : undefined,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: 'sendMessage', chat_id: lawyer.id, text: 'Got it' }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      await api.setWebhook(`http://127.0.0.1:${port}/telegram`, { secret_token: 's3cret' });
      const update = fake.sendText(lawyer, 'hello');
      expect((await api.getWebhookInfo()).pending_update_count).toBe(1);

      const reply = await fake.deliverToWebhook(update);
      expect(reply.status).toBe(200);
      expect(received).toEqual([{ secret: 's3cret', body: JSON.stringify(update) }]);
      expect(fake.sent.map((m) => m.text)).toEqual(['Got it']);
      expect(fake.calls.at(-1)).toMatchObject({ method: 'sendMessage', viaWebhookReply: true, status: 200 });
      expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
    } finally {
      await new Promise<void>((resolve, reject) => receiver.close((e) => (e ? reject(e) : resolve())));
    }
  });
});

describe('fake Telegram: a real grammY bot against it', () => {
  it('runs a polling bot through command, button click and edit, then stops cleanly', async () => {
    const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
    bot.command('start', (ctx) =>
      ctx.reply('Open a case?', {
        reply_markup: new InlineKeyboard().text('Yes', 'case:new'),
      }),
    );
    bot.callbackQuery('case:new', async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText('Case opened');
    });
    const polling = bot.start({ drop_pending_updates: false });
    try {
      fake.sendText(lawyer, '/start');
      const prompt = await fake.waitFor((m) => m.text === 'Open a case?');
      fake.clickButton(lawyer, prompt, 'case:new');
      const edited = await fake.waitFor((m) => m.method === 'editMessageText');
      expect(edited).toMatchObject({ message_id: prompt.message_id, text: 'Case opened', buttons: [] });
      expect(fake.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.status)).toEqual([
        200,
      ]);
    } finally {
      await bot.stop();
      await polling;
    }
    expect(fake.calls.filter((c) => c.body.drop_pending_updates === true)).toEqual([]);
  });

  it('lets auto-retry honour retry_after and deliver the message', async () => {
    fake.sendText(lawyer, '/start');
    const retrying = new Api(fake.token, { apiRoot: fake.apiRoot });
    retrying.config.use(autoRetry());
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await retrying.sendMessage(lawyer.id, 'after the flood wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.sent.map((m) => m.text)).toEqual(['after the flood wait']);
  });

  it('closes while a long poll is open', async () => {
    const poll = api.getUpdates({ timeout: 30 });
    await fake.waitForCall('getUpdates');
    const started = Date.now();
    await fake.close();
    expect(await poll).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
