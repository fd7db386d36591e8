// Webhook mode over real Postgres and Redis and the fake Telegram: the route lets only Telegram's secret
// in, registration is idempotent and never drops pending updates, /health and readiness report it, slow
// work is answered in time and drained at shutdown, and replicas sharing the stores serve one chat as one.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { Composer, type Bot } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../../api/routes/probes.ts';
import {
  SECRET_TOKEN_HEADER,
  TELEGRAM_WEBHOOK_PATH,
  telegramWebhookRoutes,
} from '../../../api/routes/telegram-webhook.ts';
import { buildServer } from '../../../api/server.ts';
import type { BotContext } from '../../../bot/context.ts';
import { createBot } from '../../../bot/create-bot.ts';
import type { Feature } from '../../../bot/features/index.ts';
import { ALLOWED_UPDATES } from '../../../bot/transports/polling.ts';
import {
  chatKeyOf,
  startWebhook,
  type TelegramWebhook,
  type WebhookOptions,
} from '../../../bot/transports/webhook.ts';
import { TelegramStartupError } from '../../../bot/transports/telegram-startup.ts';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.ts';
import {
  capturingLogger,
  eventually,
  freePort,
  openServerStorage,
  type CapturedLog,
  type ServerStorage,
} from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

const SECRET = 'webhook-secret-0123456789abcdef';
/** Replies travel bot → fake Telegram over loopback; a busy machine gets slack. */
const REPLY_MS = 10_000;

interface Replica {
  app: App;
  bot: Bot<BotContext>;
  webhook: TelegramWebhook;
  server: FastifyInstance;
  /** Where this replica's route listens (the registered URL may name another: the "ingress"). */
  endpoint: string;
  /** The URL registered with Telegram. */
  url: string;
  log: CapturedLog;
  close(): Promise<void>;
}

interface ReplicaOptions {
  fake: FakeTelegram;
  /** The registered URL (default: this replica's own endpoint). */
  url?: string;
  secret?: string;
  features?: readonly Feature[];
  webhook?: WebhookOptions;
  /** Register with Telegram at once (default true). */
  register?: boolean;
  env?: Record<string, string>;
}

let nextBotId = 700_000 + Math.floor(Math.random() * 100_000) * 10;
/** A fake Telegram with a bot of its own: registration state in the shared cache is per bot. */
const fakeTelegram = () => startFakeTelegram({ token: `${nextBotId++}:WEBHOOK-TEST-TOKEN` });

let nextLawyerId = 6_100_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
const newLawyer = (): FakeUser => ({ id: nextLawyerId++, first_name: 'Maria' });

/** POSTs a body to a webhook endpoint as Telegram does (or as someone without the secret does). */
async function post(
  endpoint: string,
  body: unknown,
  headers: Record<string, string> = { [SECRET_TOKEN_HEADER]: SECRET },
): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

/** Calls the fake Telegram's HTTP API directly: what another deployment or an operator would do. */
async function callTelegram(
  fake: FakeTelegram,
  method: string,
  params: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  expect(response.status).toBe(200);
}

const callsOf = (fake: FakeTelegram, method: string) => fake.calls.filter((c) => c.method === method);
const sentTo = (fake: FakeTelegram, user: FakeUser) => fake.sent.filter((m) => m.chat_id === user.id);

integrationSuite('Telegram webhook mode', ['postgres', 'redis'], () => {
  let storage: ServerStorage;
  const replicas: Replica[] = [];
  const fakes: FakeTelegram[] = [];

  beforeAll(async () => {
    storage = await openServerStorage();
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    for (const fake of fakes) await fake.close();
    await storage?.drop();
  });

  async function newFake(): Promise<FakeTelegram> {
    const fake = await fakeTelegram();
    fakes.push(fake);
    return fake;
  }

  /** What bin/megaagent.ts wires for `megaagent api` in webhook mode, with the test's knobs. */
  async function startReplica(options: ReplicaOptions): Promise<Replica> {
    const { fake } = options;
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`;
    const url = options.url ?? endpoint;
    const secret = options.secret ?? SECRET;
    const config = loadConfig({
      ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...storage.env,
      DATABASE_POOL_SIZE: '4',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: url,
      TELEGRAM_WEBHOOK_SECRET: secret,
      ...options.env,
    });
    const mode = config.telegram.mode;
    if (mode.kind !== 'webhook') throw new Error('the replica must be in webhook mode');
    const log = capturingLogger('info');
    const app = await createApp(config, { log: log.log });
    const bot = createBot(app, options.features ? { features: options.features } : {});
    let webhook: TelegramWebhook;
    try {
      webhook = await startWebhook(bot, app, { statusRefreshMs: 60_000, ...options.webhook });
    } catch (err) {
      await app.close('test: webhook did not start');
      throw err;
    }
    const server = await buildServer(app, {
      botStatus: () => ({ running: webhook.isRunning(), mode: 'webhook', webhook: webhook.status() }),
      extraRoutes: [
        telegramWebhookRoutes({
          secret: mode.secret,
          receive: (update) => webhook.receive(update),
        }),
      ],
      // Low, so a webhook route under the admin limit would be refused within a few deliveries.
      rateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    await server.listen({ host: '127.0.0.1', port });
    let closed = false;
    const replica: Replica = {
      app,
      bot,
      webhook,
      server,
      endpoint,
      url,
      log,
      async close() {
        if (closed) return;
        closed = true;
        await server.close();
        await app.close('test done');
      },
    };
    replicas.push(replica);
    if (options.register ?? true) await webhook.register();
    return replica;
  }

  async function allow(app: App, ...lawyers: FakeUser[]): Promise<void> {
    for (const lawyer of lawyers)
      await app.users.upsert({ telegramId: lawyer.id, role: 'lawyer', displayName: null });
  }

  describe('the route', () => {
    let fake: FakeTelegram;
    let replica: Replica;

    beforeAll(async () => {
      fake = await newFake();
      replica = await startReplica({ fake });
    });

    it('answers an update with the right secret with 200, and the bot replies', async () => {
      const lawyer = newLawyer();
      await allow(replica.app, lawyer);
      const delivered = await fake.deliverToWebhook(fake.sendText(lawyer, '/start'));
      expect(delivered.status).toBe(200);
      const reply = await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
      expect(reply.text).toContain('Hello, Maria');
    });

    it('refuses a wrong secret with 401 in the error shape and handles nothing; the same update with the right secret is then handled', async () => {
      const lawyer = newLawyer();
      await allow(replica.app, lawyer);
      const update = fake.sendText(lawyer, '/help');
      const sameLength = SECRET.slice(0, -1) + (SECRET.endsWith('f') ? 'e' : 'f');
      for (const wrong of [sameLength, 'short', `${SECRET}-and-more`]) {
        const refused = await post(replica.endpoint, update, { [SECRET_TOKEN_HEADER]: wrong });
        expect(refused.status).toBe(401);
        expect(JSON.parse(refused.body)).toEqual({
          error: {
            code: 2000,
            category: 'authentication',
            message: 'The webhook secret token is missing or wrong.',
            requestId: expect.any(String) as string,
          },
        });
      }
      await sleep(300);
      expect(sentTo(fake, lawyer)).toEqual([]);
      // Not marked as seen by the refused attempts: Telegram's own delivery is handled.
      expect((await fake.deliverToWebhook(update)).status).toBe(200);
      const reply = await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
      expect(reply.text).toContain('What I can do');
    });

    it('refuses a missing secret with 401, before looking at the body', async () => {
      const lawyer = newLawyer();
      await allow(replica.app, lawyer);
      const missing = await post(replica.endpoint, fake.sendText(lawyer, '/help'), {});
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 2000 } });
      // A body that is not even JSON gets the same answer: nobody without the secret learns more.
      const garbage = await post(replica.endpoint, '{not json', {
        [SECRET_TOKEN_HEADER]: 'x'.repeat(SECRET.length),
      });
      expect(garbage.status).toBe(401);
      await sleep(300);
      expect(sentTo(fake, lawyer)).toEqual([]);
    });

    it('refuses a body that is not an update with 400 and handles nothing', async () => {
      const lawyer = newLawyer();
      await allow(replica.app, lawyer);
      const message = fake.sendText(lawyer, '/help').message;
      const malformed = [
        '{not json',
        '[]',
        '"update"',
        'null',
        JSON.stringify({ message }),
        JSON.stringify({ update_id: 'abc', message }),
        JSON.stringify({ update_id: 1.5, message }),
        JSON.stringify({ update_id: -1, message }),
      ];
      for (const body of malformed) {
        const refused = await post(replica.endpoint, body);
        expect(refused.status, body).toBe(400);
        expect(JSON.parse(refused.body), body).toMatchObject({
          error: { code: 1100, category: 'validation' },
        });
      }
      await sleep(300);
      expect(sentTo(fake, lawyer)).toEqual([]);
    });

    it('refuses a body far larger than any update with 413', async () => {
      const lawyer = newLawyer();
      const huge = { ...fake.sendText(lawyer, 'x'), padding: 'x'.repeat(300 * 1024) };
      const refused = await post(replica.endpoint, huge);
      expect(refused.status).toBe(413);
      await sleep(200);
      expect(sentTo(fake, lawyer)).toEqual([]);
    });

    it('is neither behind admin authentication nor the admin rate limit (3 a minute on this server)', async () => {
      const lawyers = [newLawyer(), newLawyer(), newLawyer(), newLawyer(), newLawyer(), newLawyer()];
      await allow(replica.app, ...lawyers);
      for (const lawyer of lawyers) {
        const delivered = await fake.deliverToWebhook(fake.sendText(lawyer, '/help'));
        expect(delivered.status).toBe(200);
      }
      for (const lawyer of lawyers) await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
    });

    it('handles an update delivered twice once', async () => {
      const lawyer = newLawyer();
      await allow(replica.app, lawyer);
      const update = fake.sendText(lawyer, '/help');
      const [first, second] = await Promise.all([
        post(replica.endpoint, update),
        post(replica.endpoint, update),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
      await sleep(300);
      expect(sentTo(fake, lawyer)).toHaveLength(1);
    });
  });

  describe('registration', () => {
    it('registers the url, the secret and the allowed updates once, keeps the waiting updates, and a restart calls setWebhook zero times', async () => {
      const fake = await newFake();
      const lawyer = newLawyer();
      const waiting = fake.sendText(lawyer, '/help'); // sent while no replica was up

      const first = await startReplica({ fake });
      await allow(first.app, lawyer);
      expect(fake.calls.map((c) => c.method).filter((m) => /webhook/i.test(m))).toEqual([
        'getWebhookInfo',
        'setWebhook',
        'getWebhookInfo',
      ]);
      const [set] = callsOf(fake, 'setWebhook');
      expect(set?.body).toMatchObject({
        url: first.url,
        secret_token: SECRET,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      expect(set?.body.drop_pending_updates).not.toBe(true);
      expect(fake.webhook).toMatchObject({ url: first.url, secret_token: SECRET });
      // The command menu once per language: the default (English) and Russian.
      expect(callsOf(fake, 'setMyCommands').map((call) => call.body.language_code)).toEqual([
        undefined,
        'ru',
      ]);
      expect(first.webhook.status()).toMatchObject({
        url: first.url,
        registered: true,
        pendingUpdateCount: 1,
      });

      // The update sent before the start is still there, and arrives.
      expect((await fake.deliverToWebhook(waiting)).status).toBe(200);
      expect((await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS)).text).toContain('What I can do');

      await first.close();
      const restarted = await startReplica({ fake, url: first.url });
      expect(callsOf(fake, 'setWebhook')).toHaveLength(1);
      expect(restarted.webhook.status()).toMatchObject({ registered: true });
      expect(restarted.log.lines.some((l) => l.msg === 'Telegram webhook already registered')).toBe(true);
      expect(fake.calls.every((c) => c.body.drop_pending_updates !== true)).toBe(true);
    });

    it('registers again when another deployment changed the url or the allowed updates', async () => {
      const fake = await newFake();
      const first = await startReplica({ fake });
      await callTelegram(fake, 'setWebhook', { url: 'https://elsewhere.example/hook', secret_token: SECRET });
      const second = await startReplica({ fake, url: first.url });
      expect(callsOf(fake, 'setWebhook')).toHaveLength(3);
      expect(fake.webhook?.url).toBe(first.url);

      await callTelegram(fake, 'setWebhook', {
        url: first.url,
        secret_token: SECRET,
        allowed_updates: ['message'],
      });
      await second.close();
      await startReplica({ fake, url: first.url });
      expect(callsOf(fake, 'setWebhook')).toHaveLength(5);
      expect(fake.webhook?.allowed_updates).toEqual([...ALLOWED_UPDATES]);
    });

    it('re-registers a rotated secret, which getWebhookInfo cannot show; /health and readiness report the registration', async () => {
      const fake = await newFake();
      const lawyer = newLawyer();
      const rotated = 'rotated-secret-fedcba9876543210';
      const replica = await startReplica({
        fake,
        secret: rotated,
        register: false,
        webhook: { statusRefreshMs: 100 },
      });
      await allow(replica.app, lawyer);
      // The old deployment registered this same URL with the old secret.
      await callTelegram(fake, 'setWebhook', {
        url: replica.url,
        secret_token: SECRET,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      const update = fake.sendText(lawyer, '/help');
      expect((await fake.deliverToWebhook(update)).status).toBe(401);

      const notYet = await replica.server.inject({ url: '/readiness' });
      expect(notYet.statusCode).toBe(503);
      expect(notYet.json<HealthReport>().checks['bot:running']?.[0]).toMatchObject({
        status: 'fail',
        output: 'the webhook is not registered with Telegram',
      });

      await replica.webhook.register();
      expect(fake.webhook?.secret_token).toBe(rotated);
      expect((await replica.server.inject({ url: '/readiness' })).statusCode).toBe(200);
      const health = (await replica.server.inject({ url: '/health' })).json<{ bot: unknown }>();
      expect(health.bot).toEqual({
        running: true,
        mode: 'webhook',
        webhook: {
          url: replica.url,
          registered: true,
          pendingUpdateCount: 1,
          lastErrorAt: expect.any(String) as string,
          lastErrorMessage: 'Wrong response from the webhook: 401 Unauthorized',
        },
      });

      // Telegram delivers again with the new secret; the next status check sees the queue empty.
      expect((await fake.deliverToWebhook(update)).status).toBe(200);
      await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
      await eventually(async () => {
        const bot = (await replica.server.inject({ url: '/health' })).json<{ bot: { webhook: unknown } }>()
          .bot;
        expect(bot.webhook).toMatchObject({ pendingUpdateCount: 0, lastErrorMessage: null });
      }, 3_000);
    });

    it('fails the start when Telegram does not take the webhook', async () => {
      const fake = await newFake();
      const replica = await startReplica({ fake, register: false });
      // Telegram answering ok while keeping the old registration, as seen from here.
      replica.bot.api.config.use((prev, method, payload, signal) =>
        method === 'setWebhook'
          ? Promise.resolve({ ok: true as const, result: true as never })
          : prev(method, payload, signal),
      );
      const failure = await replica.webhook.register().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(TelegramStartupError);
      expect((failure as Error).message).toContain('TELEGRAM_WEBHOOK_URL');
      expect(replica.webhook.status().registered).toBe(false);
    });

    it('names TELEGRAM_BOT_TOKEN and exits 2 when Telegram refuses the token', async () => {
      const fake = await newFake();
      fake.failNext('getMe', { status: 401 });
      const failure = await startReplica({ fake }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(TelegramStartupError);
      expect(failure).toMatchObject({ exitCode: 2 });
      expect((failure as Error).message).toContain('TELEGRAM_BOT_TOKEN');
    });
  });

  describe('work slower than Telegram should wait for', () => {
    const slowFeature: Feature = () => {
      const feature = new Composer<BotContext>();
      feature.hears('slow', async (ctx) => {
        await sleep(1_500);
        await ctx.reply('done slowly');
      });
      return feature;
    };

    it('is answered within the answer time, finished in the background, and waited for at shutdown', async () => {
      const fake = await newFake();
      const lawyer = newLawyer();
      const replica = await startReplica({ fake, features: [slowFeature], webhook: { answerWithinMs: 200 } });
      await allow(replica.app, lawyer);

      const answered = await post(replica.endpoint, fake.sendText(lawyer, 'slow'));
      expect(answered.status).toBe(200);
      expect(answered.ms).toBeLessThan(1_200);
      expect(sentTo(fake, lawyer)).toEqual([]);
      expect(replica.webhook.inFlight()).toBe(1);

      // A deploy's SIGTERM right now: the close waits for the lawyer's answer before the stores close.
      const { clean } = await replica.app.close('test: deploy');
      expect(clean).toBe(true);
      expect(sentTo(fake, lawyer).map((m) => m.text)).toEqual(['done slowly']);
      expect(replica.webhook.inFlight()).toBe(0);

      // Drained: what still reaches this replica goes back to Telegram for another one.
      const refused = await post(replica.endpoint, fake.sendText(lawyer, '/help'));
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 1000 } });
      await replica.close();
    });

    it('answers an error when the cache is gone, so Telegram delivers the update again, and logs why', async () => {
      const fake = await newFake();
      const lawyer = newLawyer();
      const replica = await startReplica({ fake });
      await allow(replica.app, lawyer);
      await replica.app.cache.close();

      const failed = await post(replica.endpoint, fake.sendText(lawyer, '/help'));
      expect(failed.status).toBe(500);
      expect(JSON.parse(failed.body)).toMatchObject({ error: { code: 1000, category: 'internal' } });
      expect(
        replica.log.lines.some(
          (l) => l.msg === 'cache unavailable; asking Telegram to deliver the update again' && l.level === 40,
        ),
      ).toBe(true);
    });
  });

  describe('replicas sharing Postgres and Redis', () => {
    /** Each `step N` takes a while and records when it ran, on which replica. */
    const ran: Array<{ step: string; replica: string; start: number; end: number }> = [];
    const recordingFeature =
      (replicaName: string): Feature =>
      () => {
        const feature = new Composer<BotContext>();
        feature.hears(/^step (\d+)$/, async (ctx) => {
          const start = Date.now();
          await sleep(300);
          ran.push({ step: ctx.match[1] ?? '', replica: replicaName, start, end: Date.now() });
          await ctx.reply(`step ${ctx.match[1] ?? ''} done`);
        });
        return feature;
      };

    let fake: FakeTelegram;
    let a: Replica;
    let b: Replica;

    beforeAll(async () => {
      fake = await newFake();
      a = await startReplica({ fake, features: [recordingFeature('a')] });
      b = await startReplica({ fake, url: a.url, features: [recordingFeature('b')] });
    });

    afterEach(() => {
      ran.length = 0;
    });

    it('never handle two updates of one chat at the same time, though each replica gets one', async () => {
      const lawyer = newLawyer();
      await allow(a.app, lawyer);
      const one = fake.sendText(lawyer, 'step 1');
      const two = fake.sendText(lawyer, 'step 2');
      const answers = await Promise.all([post(a.endpoint, one), post(b.endpoint, two)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      await fake.waitFor((m) => m.chat_id === lawyer.id && m.text === 'step 2 done', REPLY_MS);
      await fake.waitFor((m) => m.chat_id === lawyer.id && m.text === 'step 1 done', REPLY_MS);
      expect(ran.map((r) => r.replica).sort()).toEqual(['a', 'b']);
      const [first, second] = [...ran].sort((x, y) => x.start - y.start);
      expect(second!.start).toBeGreaterThanOrEqual(first!.end);
    });

    it('let different chats run side by side', async () => {
      const [lawyer1, lawyer2] = [newLawyer(), newLawyer()];
      await allow(a.app, lawyer1, lawyer2);
      await Promise.all([
        post(a.endpoint, fake.sendText(lawyer1, 'step 1')),
        post(b.endpoint, fake.sendText(lawyer2, 'step 1')),
      ]);
      expect(ran).toHaveLength(2);
      const [first, second] = [...ran].sort((x, y) => x.start - y.start);
      expect(second!.start).toBeLessThan(first!.end);
    });

    it('handle an update delivered to both once', async () => {
      const lawyer = newLawyer();
      await allow(a.app, lawyer);
      const update = fake.sendText(lawyer, 'step 7');
      const answers = await Promise.all([post(a.endpoint, update), post(b.endpoint, update)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      await fake.waitFor((m) => m.chat_id === lawyer.id, REPLY_MS);
      await sleep(500);
      expect(sentTo(fake, lawyer).map((m) => m.text)).toEqual(['step 7 done']);
      expect(ran).toHaveLength(1);
    });
  });

  describe('which chat an update belongs to', () => {
    it('reads the chat, else the user, and gives a malformed update no chat rather than failing', () => {
      const user = { id: 42, is_bot: false, first_name: 'M' };
      const chat = { id: 42, type: 'private' as const, first_name: 'M' };
      const message = { message_id: 1, date: 0, chat, from: user, text: 'hi' };
      expect(chatKeyOf({ update_id: 1, message })).toBe('42');
      expect(
        chatKeyOf({ update_id: 2, callback_query: { id: 'q', from: user, chat_instance: 'c', message } }),
      ).toBe('42');
      expect(chatKeyOf({ update_id: 3, inline_query: { id: 'i', from: user, query: '', offset: '' } })).toBe(
        '42',
      );
      expect(chatKeyOf({ update_id: 4, message: { chat: null } })).toBeNull();
      expect(chatKeyOf({ update_id: 5, message: 'text' })).toBeNull();
      expect(chatKeyOf({ update_id: 6 })).toBeNull();
    });
  });
});
