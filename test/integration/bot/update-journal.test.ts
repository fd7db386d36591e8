// What the de-duplication mark and the polling journal do with an update a dead process left behind:
// polling handles again what was cut short and only forgets what was finished; a webhook delivery that
// finds a dead replica's mark asks Telegram to deliver again until the mark's lease lapses.
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../bot/context.ts';
import { deduplicationKey, STARTED } from '../../../bot/middleware/deduplicate.ts';
import { updateKeeperOf, type UpdateKeeper } from '../../../bot/middleware/update-keeper.ts';
import { startWebhook } from '../../../bot/transports/webhook.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { eventually } from '../../support/fixtures.ts';

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
    h = await startBotHarness({ bot: { features: [echo], keepUpdates: 'durable' } });
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
