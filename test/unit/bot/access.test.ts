// Who gets through the bot's front door, on every kind of update, and what everyone else sees.
import { Composer } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../bot/context.ts';
import { FEATURES } from '../../../bot/features/index.ts';
import { PRIVATE_ONLY_NOTICE } from '../../../bot/middleware/private-chats-only.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

/** Telegram users whose updates reached the features (i.e. got past every check). */
const reachedFeatures: Array<{ userId: number | undefined; type: string }> = [];

const spyFeature = () => {
  const spy = new Composer<BotContext>();
  spy.use(async (ctx, next) => {
    reachedFeatures.push({
      userId: ctx.from?.id,
      type: Object.keys(ctx.update).find((k) => k !== 'update_id') ?? '',
    });
    await next();
  });
  return spy;
};

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { features: [spyFeature, ...FEATURES] } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

const reached = (userId: number) => reachedFeatures.filter((r) => r.userId === userId);

async function auditRows(telegramId: number) {
  const { items } = await h.app.audit.list({ actor: `telegram:${telegramId}`, limit: 100, offset: 0 });
  return items;
}

describe('allow-list', () => {
  it('refuses an unknown user once, with their Telegram id, and audits the attempt', async () => {
    const stranger = h.stranger();
    await h.deliver(h.fake.sendText(stranger, '/start'));

    const replies = h.sentTo(stranger.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toContain(String(stranger.id));
    expect(reached(stranger.id)).toHaveLength(0);
    const audit = await auditRows(stranger.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'bot.access_denied', outcome: 'denied' });
  });

  it('says nothing more to an unknown user who keeps writing within the hour', async () => {
    const stranger = h.stranger();
    await h.deliver(h.fake.sendText(stranger, 'hello'));
    await h.deliver(h.fake.sendText(stranger, 'hello?'));
    await h.deliver(h.fake.sendText(stranger, '/cases'));

    expect(h.sentTo(stranger.id)).toHaveLength(1);
    expect(reached(stranger.id)).toHaveLength(0);
    expect(await auditRows(stranger.id)).toHaveLength(1);
  });

  it('lets an allowed lawyer and an admin through to the features', async () => {
    const lawyer = await h.addUser('lawyer');
    // Admins come from TELEGRAM_ADMIN_USERS, seeded at start.
    const admin = h.stranger();
    await h.app.users.seed([], [admin.id]);
    await h.deliver(h.fake.sendText(lawyer, '/start'));
    await h.deliver(h.fake.sendText(admin, '/start'));

    expect(reached(lawyer.id)).toHaveLength(1);
    expect(reached(admin.id)).toHaveLength(1);
    expect(h.sentTo(admin.id)[0]?.text).toMatch(/EB-1A/);
  });

  it('lets nobody in whose access an admin has switched off', async () => {
    const lawyer = await h.addUser('lawyer');
    await h.app.users.update(lawyer.id, { active: false });
    await h.deliver(h.fake.sendText(lawyer, '/start'));

    expect(reached(lawyer.id)).toHaveLength(0);
    expect(h.sentTo(lawyer.id)[0]?.text).toContain(String(lawyer.id));
  });

  it('answers a button press from an unknown user with the refusal, posting nothing in the chat', async () => {
    const lawyer = await h.addUser('lawyer');
    await h.deliver(h.fake.sendText(lawyer, '/start'));
    const menu = h.sentTo(lawyer.id)[0];
    if (!menu) throw new Error('no menu was sent');
    // Someone else presses a button of that menu (e.g. the message was forwarded to them).
    const stranger = h.stranger();
    const press = h.fake.clickButton(stranger, menu, 'menu:cases');
    await h.deliver(press);

    const answer = h.fake.calls.find(
      (c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === press.callback_query?.id,
    );
    expect(String(answer?.body.text)).toContain(String(stranger.id));
    expect(reached(stranger.id)).toHaveLength(0);
    expect(h.sentTo(lawyer.id)).toHaveLength(1);
  });

  it('checks every update type, not just messages', async () => {
    const stranger = h.stranger();
    const chat = { id: stranger.id, type: 'private' as const, first_name: 'Stranger' };
    const from = { id: stranger.id, is_bot: false, first_name: 'Stranger' };
    const updates: Array<Omit<Update, 'update_id'>> = [
      { edited_message: { message_id: 1, date: 1, edit_date: 2, chat, from, text: 'edited' } },
      { inline_query: { id: '77', from, query: 'case', offset: '' } },
      {
        message: {
          message_id: 2,
          date: 1,
          chat,
          from,
          document: { file_id: 'f', file_unique_id: 'u', file_name: 'cv.pdf' },
        },
      },
      {
        my_chat_member: {
          chat,
          from,
          date: 1,
          old_chat_member: { status: 'member', user: { ...from, id: h.fake.botUser.id, is_bot: true } },
          new_chat_member: {
            status: 'kicked',
            until_date: 0,
            user: { ...from, id: h.fake.botUser.id, is_bot: true },
          },
        },
      },
    ];
    for (const update of updates) await h.deliver(h.fake.pushUpdate(update));

    expect(reached(stranger.id)).toHaveLength(0);
  });

  it('drops updates that have no sender without failing', async () => {
    const before = reachedFeatures.length;
    const channel = { id: -100777, type: 'channel' as const, title: 'News' };
    await h.deliver(
      h.fake.pushUpdate({ channel_post: { message_id: 1, date: 1, chat: channel, text: 'post' } }),
    );
    await h.deliver(
      h.fake.pushUpdate({
        poll: {
          id: 'p',
          question: 'q',
          options: [],
          total_voter_count: 0,
          is_closed: false,
          is_anonymous: true,
          type: 'regular',
          allows_multiple_answers: false,
        },
      } as unknown as Omit<Update, 'update_id'>),
    );
    expect(reachedFeatures.length).toBe(before);
    expect(h.sentTo(channel.id)).toHaveLength(0);
  });

  it('survives update types it has never heard of and messages with nothing in them', async () => {
    const lawyer = await h.addUser('lawyer');
    await expect(
      h.deliver({ update_id: 990_000_001, future_update_kind: { id: 1 } } as unknown as Update),
    ).resolves.toBeUndefined();
    const chat = { id: lawyer.id, type: 'private' as const, first_name: 'Alex' };
    const from = { id: lawyer.id, is_bot: false, first_name: 'Alex' };
    await expect(
      h.deliver(h.fake.pushUpdate({ message: { message_id: 90, date: 1, chat, from } })),
    ).resolves.toBeUndefined();
    // An empty message is still the lawyer talking to the bot: it gets the catch-all answer, not silence.
    expect(h.sentTo(lawyer.id).at(-1)?.text).toMatch(/didn't understand/);
  });
});

describe('private chats only', () => {
  it('tells a group once that it only works in private chats, and does nothing else there', async () => {
    const lawyer = await h.addUser('lawyer');
    const group = { id: -4_000_000_000 - lawyer.id, type: 'group' as const, title: 'Firm' };
    await h.deliver(h.fake.sendText(lawyer, '/start', group));
    await h.deliver(h.fake.sendText(lawyer, '/cases', group));

    const inGroup = h.sentTo(group.id);
    expect(inGroup.map((m) => m.text)).toEqual([PRIVATE_ONLY_NOTICE]);
    expect(reached(lawyer.id)).toHaveLength(0);
  });
});

describe('de-duplication', () => {
  it('handles a redelivered update once', async () => {
    const lawyer = await h.addUser('lawyer');
    const update = h.fake.sendText(lawyer, '/help');
    await h.deliver(update);
    await h.deliver(structuredClone(update));

    expect(reached(lawyer.id)).toHaveLength(1);
    expect(h.sentTo(lawyer.id)).toHaveLength(1);
  });
});
