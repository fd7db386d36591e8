// The bot process as deployed, against a fake Telegram: a lawyer is answered, Telegram's rate limits are
// waited out, a dead poller ends the process loudly, and a deploy (SIGTERM) loses nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_MENU, MENU } from '../../bot/features/start.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';

const lawyer = { id: 310_000_001, first_name: 'Maria' };
// One embedded database for the file: creating one takes seconds; the processes run one after another.
const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-e2e-bot-'));

let fake: FakeTelegram;
let bot: BotProcess | undefined;

beforeEach(async () => {
  fake = await startFakeTelegram();
});

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await fake.close();
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (options: Partial<Parameters<typeof spawnBot>[0]> = {}) =>
  (bot = spawnBot({ fake, dataDir, allowedUsers: [lawyer.id], ...options }));

describe('megaagent bot', { tags: ['slow'] }, () => {
  it('answers /start with the welcome and the menu, and sets the command menu', async () => {
    // Sent before the process exists, as during a deploy: it must still be answered.
    fake.sendText(lawyer, '/start');
    start();

    const welcome = await fake.waitFor((m) => m.chat_id === lawyer.id, 30_000);
    expect(welcome.text).toMatch(/^Hello, Maria\./);
    expect(welcome.buttons.map((b) => ('callback_data' in b ? b.callback_data : undefined))).toEqual(
      Object.values(MENU),
    );
    const commands = await fake.waitForCall('setMyCommands', 10_000);
    expect((commands.body.commands as Array<{ command: string }>).map((c) => c.command)).toEqual(
      COMMAND_MENU.map((c) => c.command),
    );
  });

  it("waits out Telegram's retry_after on a 429 and still delivers the reply", async () => {
    start();
    await bot?.polling();
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    fake.sendText(lawyer, '/help');

    const help = await fake.waitFor((m) => m.chat_id === lawyer.id, 15_000);
    expect(help.text).toMatch(/What I can do/);
    const sends = fake.calls.filter((c) => c.method === 'sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[0]?.status).toBe(429);
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('exits non-zero with a clear message when Telegram rejects the token (401)', async () => {
    fake.failNext('getUpdates', { status: 401 });
    const run = start();
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/401 Unauthorized.*TELEGRAM_BOT_TOKEN/);
    expect(run.stderr()).not.toContain('    at ');
  });

  it('exits non-zero with a clear message when another poller holds the token (409)', async () => {
    fake.failNext('getUpdates', { status: 409 });
    const run = start();
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/409 Conflict.*Another process is polling with this bot token/);
  });

  it('stops cleanly on SIGTERM and never asked Telegram to drop pending updates', async () => {
    const run = start();
    await run.polling();
    fake.sendText(lawyer, '/help');
    await fake.waitFor((m) => m.chat_id === lawyer.id, 15_000);

    expect(await run.stop()).toBe(0);
    const polls = fake.calls.filter((c) => c.method === 'getUpdates' || c.method === 'deleteWebhook');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.some((c) => c.body.drop_pending_updates === true)).toBe(false);
  });

  it('refuses to start without TELEGRAM_BOT_TOKEN, saying what is missing', async () => {
    const run = start({ env: { TELEGRAM_BOT_TOKEN: undefined } });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('TELEGRAM_BOT_TOKEN');
    expect(fake.calls).toHaveLength(0);
  });
});

describe('megaagent start', { tags: ['slow'] }, () => {
  it('keeps running with the bot off, and says why, when there is no token', async () => {
    const run = start({ args: ['start'], env: { TELEGRAM_BOT_TOKEN: undefined, PORT: '0' } });
    await run.waitForOutput('Telegram bot is off: TELEGRAM_BOT_TOKEN is not set');
    await new Promise((r) => setTimeout(r, 300));
    expect(run.isRunning()).toBe(true);
    expect(await run.stop()).toBe(0);
  });

  it('polls Telegram when a token is set', async () => {
    start({ args: ['start'], env: { PORT: '0' } });
    fake.sendText(lawyer, '/help');
    const help = await fake.waitFor((m) => m.chat_id === lawyer.id, 30_000);
    expect(help.text).toMatch(/What I can do/);
  });
});
