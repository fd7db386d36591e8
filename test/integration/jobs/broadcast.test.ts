// Broadcasts sent by the job against the fake Bot API with Telegram's flood control switched on: every
// active user gets the message once, a 429 pauses the whole broadcast for its retry_after and loses
// nothing, a user who blocked the bot is counted, and a broadcast resumed after its worker stopped mid-way
// never writes twice to a chat. Recipients and outcomes live in Postgres; messages go through grammY.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { broadcastDelivery } from '../../../bot/broadcast-delivery.ts';
import { createBroadcastStore, type BroadcastStore } from '../../../core/broadcast.ts';
import type { Cache } from '../../../core/cache/cache.ts';
import { openMemoryCache } from '../../../core/cache/memory.ts';
import type { Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrate.ts';
import { openPostgres } from '../../../core/db/postgres.ts';
import { broadcastPace, sendBroadcast, type DeliverMessage } from '../../../core/jobs/broadcast-job.ts';
import { createMetrics } from '../../../core/metrics.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { silentLogger, testPostgresOptions, uniqueTestName, waitUntil } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

const FIRST_USER = 610_000_000;

integrationSuite('broadcast jobs against Telegram flood control', ['postgres'], () => {
  let schema: string;
  let db: Database;
  let store: BroadcastStore;
  let cache: Cache;
  const fakes: FakeTelegram[] = [];

  beforeAll(async () => {
    schema = uniqueTestName('megaagent_test_');
    db = await openPostgres(testPostgresOptions(schema), silentLogger());
    await migrate(db, silentLogger());
    store = createBroadcastStore(db);
  });

  afterAll(async () => {
    for (const fake of fakes) await fake.close();
    await db?.close();
    const admin = new pg.Client({ connectionString: testServiceUrls.postgres });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  });

  beforeEach(async () => {
    await db.query('DELETE FROM broadcasts');
    await db.query('DELETE FROM users');
    cache = openMemoryCache();
    return () => cache.close();
  });

  /** `count` active lawyers who wrote to the bot, plus one who is no longer on the allow-list. */
  async function allowList(
    fake: FakeTelegram,
    count: number,
  ): Promise<{ active: number[]; inactive: number }> {
    const active = Array.from({ length: count }, (_, i) => FIRST_USER + i);
    const inactive = FIRST_USER + count;
    for (const id of [...active, inactive]) {
      fake.knowUser({ id, first_name: `Lawyer ${id}` });
      await db.query('INSERT INTO users (telegram_id, role, active) VALUES ($1, $2, $3)', [
        id,
        'lawyer',
        id !== inactive,
      ]);
    }
    return { active, inactive };
  }

  async function fakeTelegram(messagesPerSecond: number): Promise<FakeTelegram> {
    const fake = await startFakeTelegram({ floodLimit: { messagesPerSecond, retryAfterSeconds: 1 } });
    fakes.push(fake);
    return fake;
  }

  function deliveryTo(fake: FakeTelegram): DeliverMessage {
    return broadcastDelivery({
      token: fake.token,
      apiRoot: fake.apiRoot,
      metrics: createMetrics({ processMetrics: false }),
    });
  }

  const received = (fake: FakeTelegram, text: string) =>
    fake.sent.filter((m) => m.method === 'sendMessage' && m.text === text).map((m) => m.chat_id);

  it('sends once to every active user under 30 a second, and counts users who blocked the bot', async () => {
    const fake = await fakeTelegram(30);
    const { active, inactive } = await allowList(fake, 70);
    const blocked = [active[3]!, active[41]!];
    for (const id of blocked) fake.blockBot(id);
    const { id, recipients } = await store.create('Office closed on Friday', 'admin:1');
    expect(recipients).toBe(70);

    const started = performance.now();
    const { counts, floods } = await sendBroadcast(id, {
      store,
      deliver: deliveryTo(fake),
      pace: broadcastPace(cache),
      log: silentLogger(),
    });
    const seconds = (performance.now() - started) / 1000;

    expect(counts).toEqual({ recipients: 70, sent: 68, blocked: 2, failed: 0, unconfirmed: 0, pending: 0 });
    expect(floods).toBe(0);
    expect(fake.floodRefusals()).toBe(0);
    const got = received(fake, 'Office closed on Friday');
    expect(got.sort()).toEqual(active.filter((chat) => !blocked.includes(chat)).sort());
    expect(got).not.toContain(inactive);
    // Evenly paced: 70 messages at 28 a second take about 2.5 s.
    expect(seconds).toBeGreaterThan(2);
    const report = await store.report(id);
    expect(report?.failures).toEqual(
      blocked.map((telegramId) => ({
        telegramId,
        outcome: 'blocked',
        reason: 'Forbidden: bot was blocked by the user',
      })),
    );
  }, 30_000);

  it('pauses the whole broadcast for retry_after when Telegram answers 429, and loses nothing', async () => {
    const fake = await fakeTelegram(10);
    const { active } = await allowList(fake, 40);
    const { id } = await store.create('Filing deadline moved', 'admin:1');

    // Paced far faster than this Telegram allows, so flood control must answer.
    const { counts, floods } = await sendBroadcast(id, {
      store,
      deliver: deliveryTo(fake),
      pace: broadcastPace(cache, 200),
      messagesPerSecond: 200,
      log: silentLogger(),
    });

    expect(floods).toBeGreaterThan(0);
    expect(floods).toBe(fake.floodRefusals());
    expect(counts).toMatchObject({ recipients: 40, sent: 40, pending: 0, unconfirmed: 0 });
    expect(received(fake, 'Filing deadline moved').sort()).toEqual([...active].sort());
    // After a refusal nothing more is sent until the second it asked for has passed (allowing for the
    // messages already on their way when the answer came).
    const sends = fake.calls.filter((call) => call.method === 'sendMessage');
    for (const refusal of sends.filter((call) => call.status === 429)) {
      const during = sends.filter((call) => call.at > refusal.at + 100 && call.at < refusal.at + 900);
      expect(during).toEqual([]);
    }
  }, 30_000);

  it('sends again, after a pause, a message Telegram’s front proxy failed (502), and loses nothing', async () => {
    const fake = await fakeTelegram(30);
    const { active } = await allowList(fake, 20);
    fake.failNext('sendMessage', { status: 502 }, 2);
    const { id } = await store.create('Proxy hiccup', 'admin:1');

    const started = performance.now();
    const { counts } = await sendBroadcast(id, {
      store,
      deliver: deliveryTo(fake),
      pace: broadcastPace(cache),
      log: silentLogger(),
    });

    expect(counts).toMatchObject({ recipients: 20, sent: 20, failed: 0, pending: 0 });
    const got = received(fake, 'Proxy hiccup');
    expect(got.sort()).toEqual([...active].sort());
    expect(fake.calls.filter((call) => call.status === 502)).toHaveLength(2);
    // The failures paused the broadcast (a second) instead of being hammered again at once.
    expect(performance.now() - started).toBeGreaterThan(1_000);
  }, 30_000);

  it('shares the limit between two broadcasts sent at once, as two workers on one Redis would', async () => {
    const fake = await fakeTelegram(30);
    const { active } = await allowList(fake, 30);
    const first = await store.create('Morning notice', 'admin:1');
    const second = await store.create('Evening notice', 'admin:2');

    const started = performance.now();
    const results = await Promise.all(
      [first.id, second.id].map((id) =>
        sendBroadcast(id, {
          store,
          deliver: deliveryTo(fake),
          pace: broadcastPace(cache),
          log: silentLogger(),
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;

    for (const [text, result] of [
      ['Morning notice', results[0]!],
      ['Evening notice', results[1]!],
    ] as const) {
      expect(result.counts).toMatchObject({ recipients: 30, sent: 30, pending: 0 });
      expect(received(fake, text).sort()).toEqual([...active].sort());
    }
    // 60 messages under one limit of 30 a second (each alone would go at 28): about 2 s, not 1.
    expect(seconds).toBeGreaterThan(1.8);
  }, 30_000);

  it('resumes a broadcast whose worker stopped mid-way without writing twice to any chat', async () => {
    const fake = await fakeTelegram(30);
    const { active } = await allowList(fake, 50);
    const { id } = await store.create('New intake form', 'admin:1');
    const real = deliveryTo(fake);

    // The first worker dies with four messages on their way: Telegram got them, but their answers never
    // come back, so nobody recorded them as sent.
    let answered = 0;
    const dying: DeliverMessage = async (chatId, text) => {
      const answer = await real(chatId, text);
      if (answered >= 19) return new Promise<never>(() => undefined);
      answered++;
      return answer;
    };
    void sendBroadcast(id, {
      store,
      deliver: dying,
      pace: broadcastPace(cache),
      log: silentLogger(),
      maxInFlight: 4,
    });
    await waitUntil(
      () => received(fake, 'New intake form').length === 23,
      'the first worker stuck with 4 messages in flight',
      10_000,
    );
    expect((await store.counts(id)).sent).toBe(19);

    // Another worker takes the job over (after the first one's heartbeat stopped) and finishes it.
    const { counts } = await sendBroadcast(id, {
      store,
      deliver: real,
      pace: broadcastPace(openMemoryCache()),
      log: silentLogger(),
    });

    const got = received(fake, 'New intake form');
    expect(new Set(got).size).toBe(got.length); // nobody twice
    expect(got.sort()).toEqual([...active].sort()); // nobody left out
    // The four whose answers were lost are reported as unconfirmed: Telegram may have them (here it
    // does), so they are not sent again.
    expect(counts).toMatchObject({ recipients: 50, sent: 46, unconfirmed: 4, pending: 0 });
  }, 30_000);
});
