// The bot's shared state in real Redis: every key it writes expires, so a crash can never leave a lawyer
// rate-limited, refused or stuck in a conversation forever, and any replica sees the same state.
import { randomBytes } from 'node:crypto';
import { createConversation, type Conversation } from '@grammyjs/conversations';
import { Composer } from 'grammy';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotContext, ConversationContext } from '../../../bot/context.ts';
import { CONVERSATION_KEY_PREFIX, CONVERSATION_STATE_TTL_MS } from '../../../bot/conversation-storage.ts';
import { FEATURES } from '../../../bot/features/index.ts';
import { DEDUPLICATION_WINDOW_MS } from '../../../bot/middleware/deduplicate.ts';
import { REFUSAL_INTERVAL_MS } from '../../../bot/middleware/allow-list.ts';
import { RATE_LIMIT_KEY_PREFIX } from '../../../bot/middleware/rate-limit.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

const RATE_LIMIT = { windowMs: 1_000, limit: 2 };

async function askForName(
  conversation: Conversation<BotContext, ConversationContext>,
  ctx: ConversationContext,
) {
  await ctx.reply('Client name?');
  const answer = await conversation.waitFor('message:text');
  await answer.reply(`Noted: ${answer.message.text}`);
}

const conversationFeature = () => {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(askForName, 'askForName'));
  feature.command('askname', (ctx) => ctx.conversation.enter('askForName'));
  return feature;
};

integrationSuite('bot state in Redis', ['redis'], () => {
  const prefix = `megaagent-test-${randomBytes(4).toString('hex')}:`;
  let h: BotHarness;
  let redis: Redis;

  beforeAll(async () => {
    h = await startBotHarness({
      env: { REDIS_URL: testServiceUrls.redis, REDIS_KEY_PREFIX: prefix },
      bot: { features: [...FEATURES, conversationFeature], rateLimit: RATE_LIMIT },
    });
    redis = new Redis(testServiceUrls.redis);
  }, 60_000);

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await h.close();
  });

  /** Milliseconds left on a key the bot wrote; -1 means it would never expire, -2 that it does not exist. */
  const ttlOf = (key: string) => redis.pttl(`${prefix}${key}`);

  it('runs on Redis', () => {
    expect(h.app.cache.kind).toBe('redis');
  });

  it('gives the rate-limit bucket an expiry, and slows a flood down without dropping any of it', async () => {
    const lawyer = await h.addUser();
    for (let i = 0; i < 4; i++) await h.deliver(h.fake.sendText(lawyer, '/help'));

    const ttl = await ttlOf(`${RATE_LIMIT_KEY_PREFIX}${lawyer.id}`);
    expect(ttl).toBeGreaterThan(0);
    // Full again after one window, plus the bucket's one-second margin.
    expect(ttl).toBeLessThanOrEqual(RATE_LIMIT.windowMs + 1_000);
    expect(h.sentTo(lawyer.id).filter((m) => /What I can do/.test(m.text ?? ''))).toHaveLength(4);
  });

  it('marks handled updates for a day, so a redelivery on another replica is ignored too', async () => {
    const lawyer = await h.addUser();
    const update = h.fake.sendText(lawyer, '/help');
    await h.deliver(update);
    const ttl = await ttlOf(`update:${h.fake.botUser.id}:${update.update_id}`);
    expect(ttl).toBeGreaterThan(DEDUPLICATION_WINDOW_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(DEDUPLICATION_WINDOW_MS);
  });

  it('forgets a refusal after an hour', async () => {
    const stranger = h.stranger();
    await h.deliver(h.fake.sendText(stranger, 'hello'));
    const ttl = await ttlOf(`access-denied:${stranger.id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(REFUSAL_INTERVAL_MS);
  });

  it('keeps a conversation in Redis between messages, with an expiry, and removes it at the end', async () => {
    const lawyer = await h.addUser();
    await h.deliver(h.fake.sendText(lawyer, '/askname'));
    const key = `${CONVERSATION_KEY_PREFIX}${lawyer.id}`;
    const ttl = await ttlOf(key);
    expect(ttl).toBeGreaterThan(CONVERSATION_STATE_TTL_MS - 60_000);

    await h.deliver(h.fake.sendText(lawyer, 'Jane Doe'));
    expect(h.sentTo(lawyer.id).map((m) => m.text)).toEqual(['Client name?', 'Noted: Jane Doe']);
    expect(await ttlOf(key)).toBe(-2);
  });
});
