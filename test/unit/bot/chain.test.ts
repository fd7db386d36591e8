// The rest of the middleware chain as a lawyer meets it: failures, floods, hung updates, the menu,
// conversations and /cancel.
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../core/app.ts';
import { CaseNotFoundError } from '../../../core/errors.ts';
import type { BotContext, ConversationContext } from '../../../bot/context.ts';
import { CONVERSATION_KEY_PREFIX } from '../../../bot/conversation-storage.ts';
import { FEATURES } from '../../../bot/features/index.ts';
import { COMMAND_MENU, MENU } from '../../../bot/features/start.ts';
import { TOO_SLOW_TEXT } from '../../../bot/middleware/time-limit.ts';
import { RATE_LIMIT_KEY_PREFIX } from '../../../bot/middleware/rate-limit.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

const RATE_LIMIT = { windowMs: 400, limit: 3, maxQueued: 4 };
const t = createTranslator();
const UPDATE_TIMEOUT_MS = 300;

let releaseHungUpdate: () => void = () => undefined;

/** A stand-in for a lawyer feature: a few commands that misbehave on purpose, and one conversation. */
function testFeature(_app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(askClientName, 'askClientName'));
  feature.command('crash', () => {
    const err = new Error('pg: relation "cases" does not exist');
    err.stack = `${err.message}\n    at secretInternal (/srv/megaagent/core/eb1a/cases.ts:42:7)`;
    throw err;
  });
  feature.command('missing', () => {
    throw new CaseNotFoundError({ caseId: 'c-1' });
  });
  feature.command('hang', () => new Promise<void>((resolve) => (releaseHungUpdate = resolve)));
  feature.command('askname', (ctx) => ctx.conversation.enter('askClientName'));
  feature.hears(/^ping$/, (ctx) => ctx.reply('pong'));
  feature.command('echo', (ctx) => ctx.reply(`echo ${ctx.match}`));
  return feature;
}

async function askClientName(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
) {
  await ctx.reply(`What is the client's name? (asked for ${ctx.lawyer.role} ${ctx.lawyer.telegramId})`);
  const answer = await conversation.waitFor('message:text');
  await answer.reply(
    `Opened a case for ${answer.message.text}; app is ${typeof answer.app.users.findActive}.`,
  );
}

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({
    bot: { features: [...FEATURES, testFeature], rateLimit: RATE_LIMIT, updateTimeoutMs: UPDATE_TIMEOUT_MS },
  });
}, 60_000);

afterAll(async () => {
  releaseHungUpdate();
  await h.close();
});

describe('error boundary', () => {
  it('shows a short message with a reference id, never the stack or the internal message', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/crash'));

    const [reply] = h.sentTo(lawyer.id);
    expect(reply?.text).toMatch(/Something went wrong on our side/);
    const reference = /Reference: ([0-9A-F]{8})/.exec(reply?.text ?? '')?.[1];
    expect(reference).toBeDefined();
    expect(reply?.text).not.toMatch(/pg:|relation|secretInternal|\.ts:|\bat\b/);
    const stats = await h.app.errors.stats();
    expect(stats.find((s) => s.code === 1000)?.count).toBeGreaterThanOrEqual(1);
  });

  it('shows the safe message of a known error', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/missing'));
    expect(h.textsTo(lawyer.id)[0]).toMatch(
      /^That case does not exist or is not yours\.\nReference: [0-9A-F]{8}$/,
    );
  });
});

describe('rate limit', () => {
  it('slows a flood down in order instead of dropping it, and says so once', async () => {
    const lawyer = await h.addUser();
    const started = Date.now();
    for (let i = 0; i < 8; i++) await h.deliver(h.fake.sendText(lawyer, `ping`));

    // Every message answered; the five beyond the burst waited for the bucket to refill.
    expect(h.textsTo(lawyer.id).filter((text) => text === 'pong')).toHaveLength(8);
    expect(h.textsTo(lawyer.id).filter((text) => text === t.t('en', 'service-slow-down'))).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(
      ((8 - RATE_LIMIT.limit) * RATE_LIMIT.windowMs) / RATE_LIMIT.limit - 50,
    );
  });

  it('keeps the order of a burst sent all at once, and refuses beyond the queue with a reply to that message', async () => {
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT.windowMs));
    const lawyer = await h.addUser();
    const updates = Array.from({ length: 9 }, (_, i) => h.fake.sendText(lawyer, `/echo ${i}`));
    await Promise.all(updates.map((update) => h.deliver(update)));

    const echoes = h.textsTo(lawyer.id).filter((text) => text.startsWith('echo '));
    // Three at once, four waiting in order, two refused (each told, as a reply to the refused message).
    expect(echoes).toEqual(['echo 0', 'echo 1', 'echo 2', 'echo 3', 'echo 4', 'echo 5', 'echo 6']);
    const refusals = h.sentTo(lawyer.id).filter((m) => m.text === t.t('en', 'service-too-many'));
    expect(refusals.map((m) => m.message.reply_to_message?.message_id)).toEqual([
      updates[7]?.message?.message_id,
      updates[8]?.message?.message_id,
    ]);
  });

  it('keeps its counts in one token bucket per lawyer', async () => {
    const lawyer = await h.addUser();
    const key = `${RATE_LIMIT_KEY_PREFIX}${lawyer.id}`;
    await h.deliver(h.fake.sendText(lawyer, 'ping'));
    await expect(h.app.cache.takeTokens(key, RATE_LIMIT.limit, 1)).resolves.toMatchObject({ remaining: 1 });
  });
});

describe('one update at a time per chat, with a time limit', () => {
  it('releases a chat whose update hangs, so the lawyer is answered again', async () => {
    const lawyer = await h.addUser();
    const hung = h.deliver(h.fake.sendText(lawyer, '/hang'));
    const next = h.deliver(h.fake.sendText(lawyer, 'ping'));
    const started = Date.now();
    await Promise.all([hung, next]);

    const [notice, pong] = h.textsTo(lawyer.id);
    expect(notice).toMatch(new RegExp(`^${TOO_SLOW_TEXT}\nReference: [0-9A-F]{8}$`));
    expect(pong).toBe('pong');
    expect(Date.now() - started).toBeGreaterThanOrEqual(UPDATE_TIMEOUT_MS - 20);
    releaseHungUpdate();
  });

  it('keeps the order of one chat while other chats go ahead', async () => {
    const slow = await h.addUser();
    const other = await h.addUser();
    const hung = h.deliver(h.fake.sendText(slow, '/hang'));
    await h.deliver(h.fake.sendText(other, 'ping'));
    // The other chat was answered while the first chat's update was still holding its queue.
    expect(h.textsTo(other.id)).toEqual(['pong']);
    releaseHungUpdate();
    await hung;
  });
});

describe('/start, /help and the command menu', () => {
  it('welcomes the lawyer by name with the main menu', async () => {
    const lawyer = await h.addUser('lawyer', { first_name: 'Maria <Esq.>' });
    await h.deliver(h.fake.sendText(lawyer, '/start'));

    const [welcome] = h.sentTo(lawyer.id);
    expect(welcome?.text).toContain('Hello, Maria <Esq.>.');
    expect(welcome?.parse_mode).toBe('HTML');
    expect(welcome?.buttons.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(
      Object.values(MENU),
    );
    expect(welcome?.buttons.map((b) => b.text)).toEqual([
      'New case',
      'My cases',
      'Intake',
      'Add evidence',
      'Analyze',
    ]);
  });

  it('lists every command in /help', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/help'));
    const help = h.textsTo(lawyer.id)[0] ?? '';
    for (const { command } of COMMAND_MENU) expect(help).toContain(`/${command}`);
  });

  it('answers a button no feature handles instead of leaving it spinning', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/start'));
    const [menu] = h.sentTo(lawyer.id);
    if (!menu) throw new Error('no menu');
    const press = h.fake.clickButton(lawyer, menu, MENU.analyze);
    await h.deliver(press);
    const answered = h.fake.calls.find(
      (c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === press.callback_query?.id,
    );
    expect(answered?.status).toBe(200);
  });
});

describe('conversations and /cancel', () => {
  it('gives a conversation the lawyer, the services and state that survives between messages', async () => {
    const lawyer = await h.addUser('admin');
    await h.deliver(h.fake.sendText(lawyer, '/askname'));
    expect(h.textsTo(lawyer.id)[0]).toBe(`What is the client's name? (asked for admin ${lawyer.id})`);
    const stored = await h.app.cache.get(`${CONVERSATION_KEY_PREFIX}${lawyer.id}`);
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ version: [0, 1] });

    await h.deliver(h.fake.sendText(lawyer, 'Jane Doe'));
    expect(h.textsTo(lawyer.id)[1]).toBe('Opened a case for Jane Doe; app is function.');
    expect(await h.app.cache.get(`${CONVERSATION_KEY_PREFIX}${lawyer.id}`)).toBeNull();
  });

  it('/cancel leaves the conversation, and the next message is not taken as an answer', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/askname'));
    await h.deliver(h.fake.sendText(lawyer, '/cancel'));
    await h.deliver(h.fake.sendText(lawyer, 'Jane Doe'));

    const replies = h.textsTo(lawyer.id);
    expect(replies[1]).toMatch(/^Stopped\./);
    expect(replies[2]).toMatch(/didn't understand/);
    expect(await h.app.cache.get(`${CONVERSATION_KEY_PREFIX}${lawyer.id}`)).toBeNull();
  });

  it('/cancel with nothing in progress says so', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/cancel'));
    expect(h.textsTo(lawyer.id)[0]).toMatch(/^Nothing is in progress/);
  });
});
