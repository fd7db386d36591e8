// The bot in-process for tests: the embedded App (PGlite + in-process cache), the real middleware chain
// and features, and the fake Telegram server receiving every API call. Updates are fed with
// `deliver(update)` (bot.handleUpdate), so a test controls exactly which update arrives and when.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Role } from '../../core/access/users.ts';
import { createApp, type App } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { BotContext } from '../../bot/context.ts';
import { createBot, type CreateBotOptions } from '../../bot/create-bot.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser, type SentMessage } from './fake-telegram.ts';

export interface BotHarness {
  app: App;
  bot: Bot<BotContext>;
  fake: FakeTelegram;
  /** Runs one update through the whole middleware chain, as a transport would. */
  deliver: (update: Update) => Promise<void>;
  /** A new Telegram user on the allow-list with this role (default lawyer). */
  addUser: (role?: Role, profile?: Omit<FakeUser, 'id'>) => Promise<FakeUser>;
  /** A new Telegram user nobody has allowed. */
  stranger: () => FakeUser;
  /** Messages the bot sent to this chat so far. */
  sentTo: (chatId: number) => SentMessage[];
  /** Their texts ('' for a message without one). */
  textsTo: (chatId: number) => string[];
  /** The latest message the bot sent to this chat; throws when there is none. */
  lastTo: (chatId: number) => SentMessage;
  /** `user` sends `text`; resolves once the bot has handled it. */
  say: (user: FakeUser, text: string) => Promise<void>;
  /** `user` presses a button the bot really shows under `message`. */
  click: (user: FakeUser, message: SentMessage, data: string) => Promise<void>;
  /**
   * `user` sends callback data the bot never offered (as a modified client can), attached to a message the
   * bot did send; resolves with the text the bot answered the callback query with.
   */
  forge: (user: FakeUser, message: SentMessage, data: string) => Promise<string | undefined>;
  close: () => Promise<void>;
}

export interface BotHarnessOptions {
  bot?: CreateBotOptions;
  /** Extra environment for loadConfig (ENV, DATA_DIR and the Telegram variables are set by the harness). */
  env?: Record<string, string>;
  /**
   * An embedded database directory to reuse (kept on close). Creating one takes seconds, reopening it
   * well under one: tests that need a fresh bot each share one directory per file.
   */
  dataDir?: string;
  /** The App's logger (a test reading log lines passes capturingLogger's). */
  log?: Logger;
}

export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'megaagent-bot-'));
}

let nextTelegramId = 5_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

export async function startBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const fake = await startFakeTelegram();
  const dataDir = options.dataDir ?? temporaryDataDir();
  const config = loadConfig({
    ENV: 'test',
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...options.env,
  });
  const app = await createApp(config, options.log ? { log: options.log } : {});
  const bot = createBot(app, { botInfo: fake.botUser, ...options.bot });
  const deliver = (update: Update) => bot.handleUpdate(update);
  const sentTo = (chatId: number) => fake.sent.filter((m) => m.chat_id === chatId);
  let forgedQueries = 0;

  return {
    app,
    bot,
    fake,
    deliver,
    addUser: async (role = 'lawyer', profile = {}) => {
      const user = { id: nextTelegramId++, first_name: 'Alex', ...profile };
      await app.users.upsert({ telegramId: user.id, role, displayName: profile.first_name ?? null });
      return user;
    },
    stranger: () => ({ id: nextTelegramId++, first_name: 'Stranger' }),
    sentTo,
    textsTo: (chatId) => sentTo(chatId).map((m) => m.text ?? ''),
    lastTo: (chatId) => {
      const last = sentTo(chatId).at(-1);
      if (!last) throw new Error(`the bot sent nothing to ${String(chatId)}`);
      return last;
    },
    say: (user, text) => deliver(fake.sendText(user, text)),
    click: (user, message, data) => deliver(fake.clickButton(user, message, data)),
    forge: async (user, message, data) => {
      const id = `forged-${String(++forgedQueries)}`;
      await deliver(
        fake.pushUpdate({
          callback_query: {
            id,
            from: { id: user.id, is_bot: false, first_name: 'Alex' },
            chat_instance: '1',
            data,
            message: message.message,
          },
        }),
      );
      const answer = fake.calls.find(
        (call) => call.method === 'answerCallbackQuery' && call.body.callback_query_id === id,
      );
      return answer?.body.text as string | undefined;
    },
    close: async () => {
      try {
        await app.close('test done');
        await fake.close();
      } finally {
        if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
