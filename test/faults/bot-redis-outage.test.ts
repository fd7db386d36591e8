// The bot while Redis is away: the lawyer is told plainly, once, that the service is briefly unavailable
// and that nothing was lost — and nothing is: every update is handled once Redis is back, once, in order.
import { Composer } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotContext } from '../../bot/context.ts';
import { createBot } from '../../bot/create-bot.ts';
import { updateKeeperOf } from '../../bot/middleware/update-keeper.ts';
import { startWebhook } from '../../bot/transports/webhook.ts';
import { createTranslator } from '../../core/i18n/i18n.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import { ownRedis, type OwnRedis } from '../integration/resilience/own-redis.ts';

const UNAVAILABLE = createTranslator().t('en', 'service-briefly-unavailable');

/** Answers every text with what it got, so the order of handling is visible in the chat. */
function echo(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('message:text', (ctx) => ctx.reply(`got ${ctx.message.text}`));
  return feature;
}

integrationSuite('the bot while Redis is away', ['redis'], () => {
  let redis: OwnRedis;
  let polling: BotHarness;
  let webhook: BotHarness;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'outage:' };
    polling = await startBotHarness({ env, bot: { features: [echo], keepUpdates: 'durable' } });
    webhook = await startBotHarness({ env, bot: { features: [echo], keepUpdates: 'redelivery' } });
  }, 120_000);

  afterAll(async () => {
    await polling.close();
    await webhook.close();
    await redis.kill();
  });

  async function redisDown(h: BotHarness): Promise<void> {
    await redis.kill();
    await eventually(() => expect(h.app.cache.available()).toBe(false));
  }

  async function redisBack(h: BotHarness): Promise<void> {
    await redis.start();
    await eventually(() => expect(h.app.cache.available()).toBe(true), 10_000);
  }

  it('polling: holds what the lawyer sends in Postgres, says so once, and handles it in order once Redis is back', async () => {
    const h = polling;
    const keeper = updateKeeperOf(h.bot);
    if (!keeper) throw new Error('createBot installs an update keeper');
    const lawyer = await h.addUser();
    await h.say(lawyer, 'before');

    await redisDown(h);
    const sent: Update[] = ['one', 'two', 'three'].map((text) => h.fake.sendText(lawyer, text));
    for (const update of sent) await h.deliver(update);
    expect(h.textsTo(lawyer.id)).toEqual(['got before', UNAVAILABLE]);
    expect(keeper.heldCount()).toBe(3);
    const { rows } = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM held_updates');
    expect(Number(rows[0]?.n)).toBe(3);

    await redisBack(h);
    // A newer update that arrives before the held ones are handled waits behind them.
    await h.say(lawyer, 'four');
    expect(keeper.heldCount()).toBe(4);
    expect(await keeper.replayHeld(h.bot)).toBe(4);
    expect(h.textsTo(lawyer.id)).toEqual([
      'got before',
      UNAVAILABLE,
      'got one',
      'got two',
      'got three',
      'got four',
    ]);
    // Telegram delivering one of them again changes nothing: each was handled exactly once.
    await h.deliver(sent[0] as Update);
    expect(h.textsTo(lawyer.id)).toHaveLength(6);
    const left = await h.app.db.query<{ n: string }>('SELECT count(*) AS n FROM held_updates');
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it("two bots sharing one Redis never take each other's updates for duplicates", async () => {
    const h = polling;
    // A second bot on the same Redis and key prefix, whose update ids run in step with the first's.
    const other = createBot(h.app, {
      features: [echo],
      keepUpdates: 'durable',
      botInfo: { ...h.fake.botUser, id: h.fake.botUser.id + 1, username: 'other_bot' },
    });
    const lawyer = await h.addUser();
    const update = h.fake.sendText(lawyer, 'same id');
    await h.deliver(update);
    await other.handleUpdate(structuredClone(update));
    expect(h.textsTo(lawyer.id)).toEqual(['got same id', 'got same id']);
    // Each bot still ignores its own redelivery.
    await other.handleUpdate(structuredClone(update));
    expect(h.textsTo(lawyer.id)).toHaveLength(2);
  });

  it('webhook: answers Telegram with an error so it delivers again, says so once, and handles the redelivery once', async () => {
    const h = webhook;
    // Redis came back in the polling test; this bot's own connection may still be reconnecting.
    await eventually(() => expect(h.app.cache.available()).toBe(true), 10_000);
    const hook = await startWebhook(h.bot, h.app, {
      settings: {
        url: 'https://bot.example.com/telegram/webhook',
        secret: 's'.repeat(32),
        allowedUpdates: ['message'],
      },
    });
    const lawyer = await h.addUser();
    const update = h.fake.sendText(lawyer, 'hello');

    await redisDown(h);
    expect(await hook.receive(update)).toBe('failed');
    expect(await hook.receive(update)).toBe('failed'); // Telegram's retry while Redis is still away
    expect(h.textsTo(lawyer.id)).toEqual([UNAVAILABLE]);

    await redisBack(h);
    expect(await hook.receive(update)).toBe('handled');
    expect(await hook.receive(update)).toBe('handled');
    expect(h.textsTo(lawyer.id)).toEqual([UNAVAILABLE, 'got hello']);
  });
});
