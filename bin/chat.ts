// `megaagent chat`: the real bot and the real core, with this terminal standing in for Telegram. Nothing to
// configure: embedded PGlite under DATA_DIR/chat, the in-process cache, and one local lawyer on the
// allow-list. For trying the bot, demos and support; it refuses to run in production.
import { join, resolve } from 'node:path';
import { broadcastHandlers } from '../bot/broadcast-delivery.ts';
import { createBot } from '../bot/create-bot.ts';
import { telegramMessenger } from '../bot/messenger.ts';
import {
  converse,
  createScreen,
  paint,
  startTerminalTelegram,
  TERMINAL_BOT,
  TERMINAL_LAWYER,
  type Screen,
} from '../bot/transports/terminal.ts';
import { createApp } from '../core/app.ts';
import { runProductWorker } from '../core/jobs/product-worker.ts';
import type { Config } from '../core/config/config.ts';
import { Secret } from '../core/config/secret.ts';
import { ConfigurationError } from '../core/errors.ts';
import { createLogger } from '../core/logging/logger.ts';

/** One local person typing: a per-user rate limit protects nothing here and would throttle piped scripts. */
const TERMINAL_RATE_LIMIT = { windowMs: 1_000, limit: 1_000 };

const CHAT_IN_PRODUCTION_MESSAGE =
  'megaagent chat is for trying the bot on this machine (a local admin user, embedded storage) and does not run with ENV=production. Unset ENV, or use megaagent start.';

/** Throws ConfigurationError in production: the chat adds a local admin to the allow-list of its database. */
export function refuseChatInProduction(profile: string | undefined): void {
  if (profile?.trim() === 'production') {
    throw new ConfigurationError({ command: 'chat' }, { message: CHAT_IN_PRODUCTION_MESSAGE });
  }
}

function title(screen: Screen): void {
  screen.write(
    `\n${paint('MegaAgent Pro — terminal chat', 'bold', screen.color)}\n` +
      'The real bot and its real storage, in this terminal instead of Telegram. Nothing to configure.\n\n',
  );
}

function usage(screen: Screen, dataDir: string, outboxDir: string, ignored: string[]): void {
  const lines = [
    `  You are   “${TERMINAL_LAWYER.first_name}” (Telegram id ${String(TERMINAL_LAWYER.id)}), on the allow-list as an admin of this local database.`,
    `  Data      ${dataDir} (embedded PGlite; your cases are still there next time)`,
    `  Outbox    ${outboxDir} (documents the bot sends you)`,
    ...(ignored.length > 0
      ? [`  Not used  ${ignored.join(', ')}: the chat always keeps its data locally`]
      : []),
    '',
    '  /start            the welcome and the main menu; every bot command works (/help, /newcase, /cases, ...)',
    '  1, 2, 3 ...       press the button with that number under the latest message (\\2 sends the text "2")',
    '  /file PATH        send a document, as if attached in Telegram (PDF, JPEG, PNG, Word .docx, .txt)',
    '  /quit or Ctrl-D   leave',
    '',
  ];
  screen.write(`${lines.join('\n')}\n`);
}

export interface TerminalChatOptions {
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Log lines go here (default stderr), so the chat on stdout stays readable. */
  logOutput?: { write(line: string): unknown };
  /** Default "error": the chat is the point; LOG_LEVEL=info shows what happens underneath. */
  logLevel?: Config['observability']['logLevel'];
  /** ANSI styles (default: when the output is a terminal and NO_COLOR is not set). */
  color?: boolean;
}

/**
 * Runs the chat until /quit, end of input (Ctrl-D) or SIGINT/SIGTERM, then shuts the app down. Resolves with
 * the exit code: 0 after a clean shutdown, 1 otherwise.
 */
export async function runTerminalChat(config: Config, options: TerminalChatOptions = {}): Promise<number> {
  refuseChatInProduction(config.app.profile);
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = Boolean(input.isTTY && output.isTTY);
  const screen = createScreen(
    output,
    options.color ?? (Boolean(output.isTTY) && process.env.NO_COLOR === undefined),
  );

  // Its own directory under DATA_DIR: the local admin it adds must never reach the allow-list of a bot
  // that `megaagent start` runs on Telegram from the same data directory.
  const dataDir = resolve(config.app.dataDir, 'chat');
  const outboxDir = join(dataDir, 'outbox');
  const ignored = [config.database.url ? 'DATABASE_URL' : null, config.redis.url ? 'REDIS_URL' : null].filter(
    (name): name is string => name !== null,
  );
  title(screen);
  const telegram = await startTerminalTelegram(screen, outboxDir);
  try {
    screen.write(`  Opening the embedded database (the first start takes a few seconds)...\n\n`);
    const chatConfig: Config = {
      ...config,
      app: { ...config.app, dataDir },
      database: { ...config.database, url: null },
      redis: { ...config.redis, url: null },
      telegram: {
        ...config.telegram,
        botToken: new Secret(telegram.token),
        apiRoot: telegram.apiRoot,
        mode: { kind: 'polling' },
        allowedUsers: [],
        adminUsers: [],
      },
    };
    const log = createLogger({
      level: options.logLevel ?? 'error',
      format: 'pretty',
      destination: options.logOutput ?? process.stderr,
    });
    const app = await createApp(chatConfig, { log });
    let clean = false;
    try {
      await app.users.upsert({
        telegramId: TERMINAL_LAWYER.id,
        role: 'admin',
        displayName: TERMINAL_LAWYER.first_name,
      });
      const bot = createBot(app, { botInfo: TERMINAL_BOT, rateLimit: TERMINAL_RATE_LIMIT });
      // Background work (documents, /draft, /letters, /packet, /broadcast) runs here too, on the embedded
      // queue, and reports into this terminal as it would in Telegram.
      await runProductWorker(app, telegramMessenger(bot.api), broadcastHandlers(app));
      usage(screen, dataDir, outboxDir, ignored);
      await converse(bot, telegram, screen, input, output, interactive, (err, update) =>
        app.log.error(
          { err, updateId: update.update_id },
          'terminal chat: an update failed outside the error boundary',
        ),
      );
    } finally {
      ({ clean } = await app.close('terminal chat ended'));
    }
    screen.write(`\nChat ended. Your cases stay in ${dataDir}; run megaagent chat to continue.\n`);
    return clean ? 0 : 1;
  } finally {
    await telegram.close();
  }
}
