// What the de-duplication mark and the polling journal do with an update a dead process left behind:
// polling handles again what was cut short and only forgets what was finished; a webhook delivery that
// finds a dead replica's mark asks Telegram to deliver again until the mark's lease lapses.
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext, ConversationContext } from '../../../bot/context.ts';
import { keepingErrors } from '../../../bot/conversation-external.ts';
import { deduplicationKey, STARTED } from '../../../bot/middleware/deduplicate.ts';
import { updateKeeperOf, type UpdateKeeper } from '../../../bot/middleware/update-keeper.ts';
import { startWebhook } from '../../../bot/transports/webhook.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { DatabaseConnectionError } from '../../../core/errors.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { eventually } from '../../support/fixtures.ts';

const UNAVAILABLE = createTranslator().t('en', 'service-briefly-unavailable');
/** How many more times the conversation's saving step fails as it does when Postgres has gone away. */
let saveFailures = 0;

async function askForName(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
) {
  await ctx.reply('Client name?');
  const answer = await conversation.waitFor('message:text');
  await conversation.external(
    keepingErrors(() => {
      if (saveFailures > 0) {
        saveFailures--;
        throw new DatabaseConnectionError({}, { message: 'Postgres is unavailable: connection refused' });
      }
    }),
  );
  await answer.reply(`Saved: ${answer.message.text}`);
}

function askName(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(askForName, 'askForName'));
  feature.command('askname', (ctx) => ctx.conversation.enter('askForName'));
  return feature;
}

/** Answers every text with what it got. */
function echo(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('message:text', (ctx) => ctx.reply(`got ${ctx.message.text}`));
  return feature;
}

describe('polling: updates left in the journal by a process that died', () => {
  let h: BotHarness;
  let keeper: UpdateKeeper;

  beforeAll(async () => {
    h = await startBotHarness({ bot: { features: [askName, echo], keepUpdates: 'durable' } });
    const found = updateKeeperOf(h.bot);
    if (!found) throw new Error('createBot installs an update keeper');
    keeper = found;
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  async function journaled(): Promise<number[]> {
    return keeper.journal.ids(h.bot.botInfo.id);
  }

  it('handles again the update that was cut short, forgets the one that was finished, in update order', async () => {
    const lawyer = await h.addUser();
    const finished = h.fake.sendText(lawyer, 'finished before the crash');
    const cutShort = h.fake.sendText(lawyer, 'cut short');
    const neverStarted = h.fake.sendText(lawyer, 'never started');
    const botId = h.bot.botInfo.id;
    await keeper.journal.hold(botId, [finished, cutShort, neverStarted]);
    await h.app.cache.set(deduplicationKey(botId, finished.update_id), '1', 60_000);
    await h.app.cache.set(deduplicationKey(botId, cutShort.update_id), STARTED, 60_000);

    await keeper.loadHeld(botId);
    expect(keeper.heldCount()).toBe(3);
    // A newer update waits behind the ones the earlier run left.
    await h.say(lawyer, 'newer');
    expect(h.textsTo(lawyer.id)).toEqual([]);

    await keeper.replayHeld(h.bot);
    expect(h.textsTo(lawyer.id)).toEqual(['got cut short', 'got never started', 'got newer']);
    expect(await journaled()).toEqual([]);
    expect(keeper.heldCount()).toBe(0);
    expect(await h.app.cache.get(deduplicationKey(botId, cutShort.update_id))).toBe('1');
  });

  it('holds an update whose step failed because Postgres went away, with its conversation, and handles it again', async () => {
    const lawyer = await h.addUser();
    const botId = h.bot.botInfo.id;
    await h.say(lawyer, '/askname');
    const answer = h.fake.sendText(lawyer, 'Jane Doe');
    // As the poller does: the update is in the journal before it is handled.
    await keeper.journal.hold(botId, [answer]);
    keeper.journaled([answer.update_id]);
    saveFailures = 1;

    await h.deliver(answer);
    expect(h.textsTo(lawyer.id)).toEqual(['Client name?', UNAVAILABLE]);
    expect(keeper.heldCount()).toBe(1);
    expect(await journaled()).toEqual([answer.update_id]);

    await keeper.replayHeld(h.bot);
    // Handled again inside the conversation it was part of, once.
    expect(h.textsTo(lawyer.id)).toEqual(['Client name?', UNAVAILABLE, 'Saved: Jane Doe']);
    expect(await journaled()).toEqual([]);
    await h.say(lawyer, 'after');
    expect(h.textsTo(lawyer.id).at(-1)).toBe('got after');
  });

  it('reports a Postgres failure of an update that is not in the journal, as any failure', async () => {
    const lawyer = await h.addUser();
    await h.say(lawyer, '/askname');
    saveFailures = 1;
    await h.say(lawyer, 'Jane Doe');
    expect(h.textsTo(lawyer.id)[1]).toMatch(/try again/i);
    expect(keeper.heldCount()).toBe(0);
  });

  it('keeps a JSON payload Postgres jsonb would refuse (a NUL character) and hands it back intact', async () => {
    const lawyer = await h.addUser();
    const update = h.fake.sendText(lawyer, 'a\u0000b');
    await keeper.journal.hold(h.bot.botInfo.id, [update]);
    const [row] = await keeper.journal.read(h.bot.botInfo.id, [update.update_id]);
    expect(row?.payload).toEqual(update);
    await keeper.journal.release(h.bot.botInfo.id, update.update_id);
    expect(await journaled()).toEqual([]);
  });
});

describe('webhook: a delivery that finds the mark of a replica that died', () => {
  let h: BotHarness;

  beforeAll(async () => {
    // The lease of a "started" mark is twice the time limit: 600 ms here.
    h = await startBotHarness({
      bot: { features: [echo], keepUpdates: 'redelivery', updateTimeoutMs: 300 },
    });
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  it('is answered with an error until the lease lapses, then handled once', async () => {
    const hook = await startWebhook(h.bot, h.app, {
      settings: {
        url: 'https://bot.example.com/telegram/webhook',
        secret: 's'.repeat(32),
        allowedUpdates: ['message'],
      },
    });
    const lawyer = await h.addUser();
    const update = h.fake.sendText(lawyer, 'hello');
    // The replica that took this update died before answering: its mark is left, with its lease.
    await h.app.cache.set(deduplicationKey(h.bot.botInfo.id, update.update_id), STARTED, 600);

    expect(await hook.receive(update)).toBe('failed');
    expect(h.textsTo(lawyer.id)).toEqual([]);
    await eventually(async () => expect(await hook.receive(update)).toBe('handled'), 5_000);
    expect(h.textsTo(lawyer.id)).toEqual(['got hello']);
    expect(await hook.receive(update)).toBe('handled');
    expect(h.textsTo(lawyer.id)).toEqual(['got hello']);
  });
});
