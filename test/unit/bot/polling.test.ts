// Long polling against the fake Telegram server: nothing a lawyer sent is dropped, a dead poller is
// noticed, and stopping finishes what is in flight.
import { Composer } from 'grammy';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../bot/context.ts';
import { FEATURES } from '../../../bot/features/index.ts';
import { COMMAND_MENU } from '../../../bot/features/start.ts';
import { ALLOWED_UPDATES, startPolling, type Poller } from '../../../bot/transports/polling.ts';
import { TelegramStartupError } from '../../../bot/transports/telegram-startup.ts';
import {
  startBotHarness,
  temporaryDataDir,
  type BotHarness,
  type BotHarnessOptions,
} from '../../support/bot-harness.ts';

const dataDir = temporaryDataDir();
let h: BotHarness | undefined;
let poller: Poller | undefined;

async function harness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  h = await startBotHarness({ dataDir, ...options });
  return h;
}

afterEach(async () => {
  await h?.close();
  h = undefined;
  poller = undefined;
}, 30_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The error polling ended with (a test failure if it ended without one). */
async function fatalFailureOf(running: Poller): Promise<TelegramStartupError> {
  const failure = await running.watch().then(
    () => new Error('polling ended without an error'),
    (err: unknown) => err,
  );
  if (!(failure instanceof TelegramStartupError))
    throw new Error(`expected a TelegramStartupError, got ${String(failure)}`);
  return failure;
}

describe('long polling', () => {
  it('handles updates that waited while the bot was down, and never asks Telegram to drop them', async () => {
    const { fake, bot, app, addUser } = await harness();
    const lawyer = await addUser();
    fake.sendText(lawyer, '/help'); // sent while no poller runs, as during a deploy

    poller = await startPolling(bot, app);
    await fake.waitFor((m) => m.chat_id === lawyer.id && /What I can do/.test(m.text ?? ''));

    const polls = fake.calls.filter((c) => c.method === 'getUpdates');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((c) => c.body.drop_pending_updates === undefined)).toBe(true);
    expect(polls[0]?.body.allowed_updates).toEqual([...ALLOWED_UPDATES]);
    expect(poller.isRunning()).toBe(true);
  }, 30_000);

  it('removes a leftover webhook but keeps the updates queued for it', async () => {
    const { fake, bot, app, addUser } = await harness();
    await bot.api.setWebhook('https://old-deploy.example.test/telegram');
    const lawyer = await addUser();
    fake.sendText(lawyer, '/help');

    poller = await startPolling(bot, app);
    await fake.waitFor((m) => m.chat_id === lawyer.id);

    const deletion = fake.calls.find((c) => c.method === 'deleteWebhook');
    expect(deletion?.body.drop_pending_updates).not.toBe(true);
    expect(fake.webhook).toBeNull();
  }, 30_000);

  it('sets the command menu when it starts', async () => {
    const { fake, bot, app } = await harness();
    poller = await startPolling(bot, app);
    const call = await fake.waitForCall('setMyCommands');
    expect(call.body.commands).toEqual(COMMAND_MENU);
  }, 30_000);

  it('ends with a clear fatal error when another poller or a webhook takes over (409)', async () => {
    const { fake, bot, app } = await harness();
    fake.failNext('getUpdates', { status: 409 });
    poller = await startPolling(bot, app);

    const failure = await fatalFailureOf(poller);
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toMatch(/409 Conflict.*Another process is polling/);
    expect(poller.isRunning()).toBe(false);
  }, 30_000);

  it('ends with a clear fatal error when Telegram rejects the token while polling (401)', async () => {
    const { fake, bot, app } = await harness();
    fake.failNext('getUpdates', { status: 401 });
    poller = await startPolling(bot, app);

    const failure = await fatalFailureOf(poller);
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toMatch(/401 Unauthorized.*TELEGRAM_BOT_TOKEN/);
  }, 30_000);

  it('refuses to start when Telegram rejects the token at once', async () => {
    const { fake, bot, app } = await harness({ bot: { botInfo: undefined } });
    fake.failNext('getMe', { status: 401 });
    await expect(startPolling(bot, app)).rejects.toBeInstanceOf(TelegramStartupError);
  }, 30_000);

  it('finishes the updates in flight when the app shuts down', async () => {
    let started: () => void = () => undefined;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const slowFeature = () => {
      const feature = new Composer<BotContext>();
      feature.command('draft', async (ctx) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 400));
        await ctx.reply('Draft ready.');
      });
      return feature;
    };
    const { fake, bot, app, addUser } = await harness({ bot: { features: [slowFeature, ...FEATURES] } });
    const lawyer = await addUser();
    poller = await startPolling(bot, app);
    fake.sendText(lawyer, '/draft');
    await handlerStarted;

    const { clean } = await app.close('deploy');
    expect(clean).toBe(true);
    expect(fake.sent.some((m) => m.chat_id === lawyer.id && m.text === 'Draft ready.')).toBe(true);
    expect(poller.isRunning()).toBe(false);
    await poller.watch();
  }, 30_000);
});
