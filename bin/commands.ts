// What each `megaagent` command runs (bin/megaagent.ts chooses): the only place that wires transports
// (bot/, api/) to the core. The bot's modules load only where a bot runs, and in `megaagent start` after
// the API listens, so the probes answer while the bot is still loading and connecting.
import { readFileSync } from 'node:fs';
import { createApp, openAppDatabase, type App } from '../core/app.ts';
import { createLogger } from '../core/logging/logger.ts';
import {
  ConfigError,
  configuredSecretValues,
  describeConfig,
  loadConfig,
  startRefusal,
  type Config,
} from '../core/config/config.ts';
import { migrate } from '../core/db/migrate.ts';
import type { createBot } from '../bot/create-bot.ts';
import type { Poller } from '../bot/transports/polling.ts';
import type { TelegramDelivery } from '../bot/transports/telegram-startup.ts';
import type * as ApiServer from '../api/server.ts';
import type { ServerOptions } from '../api/server.ts';
import type { TelegramWebhook } from '../bot/transports/webhook.ts';
import type { FastifyBaseLogger } from 'fastify';
import { runProductWorker } from '../core/jobs/product-worker.ts';
import type { TelegramMessenger } from '../core/jobs/progress.ts';
import type { JobHandlers } from '../core/jobs/worker.ts';
import type { ProductJobKinds } from '../core/jobs/kinds.ts';

type Bot = ReturnType<typeof createBot>;

/**
 * The App, with the API server's modules loaded while its database opens: neither needs the other, and
 * the database spends much of its opening waiting (files, WebAssembly compilation) rather than computing.
 */
async function createAppWithApi(config: Config): Promise<{ app: App; api: typeof ApiServer }> {
  const [app, api] = await Promise.all([createApp(config), import('../api/server.ts')]);
  return { app, api };
}

/** The bot and the modules only a process with a bot needs, loaded together. */
async function loadBot(app: App): Promise<{ bot: Bot; telegram: TelegramMessenger }> {
  const [{ createBot }, { telegramMessenger }] = await Promise.all([
    import('../bot/create-bot.ts'),
    import('../bot/messenger.ts'),
  ]);
  const bot = createBot(app);
  return { bot, telegram: telegramMessenger(bot.api) };
}

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function configOrExit(): Config {
  try {
    return loadConfig(process.env, version);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `${err.message}\n\nFix the variables above (see README.md, "Configuration") and start again.\n`,
      );
      process.exit(2);
    }
    throw err;
  }
}

/** Stops the app on SIGTERM/SIGINT; a second signal exits at once. */
function exitOnSignals(app: App): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      app
        .close(signal)
        .then(({ clean }) => process.exit(clean ? 0 : 1))
        .catch((err: unknown) => {
          process.stderr.write(`shutdown failed: ${String(err)}\n`);
          process.exit(1);
        });
    });
  }
}

/**
 * Ends the process when the bot cannot reach Telegram as configured: a refusal an operator must fix (a bad
 * token, a refused webhook URL, another poller) prints its message alone and exits with its code; anything
 * else prints the detail and exits 1.
 */
async function exitBecauseTelegramFailed(app: App, delivery: TelegramDelivery, err: unknown): Promise<never> {
  const { TelegramStartupError } = await import('../bot/transports/telegram-startup.ts');
  const known = err instanceof TelegramStartupError;
  process.stderr.write(
    known ? `${err.message}\n` : `Telegram ${delivery} failed: ${String((err as Error).stack ?? err)}\n`,
  );
  try {
    await app.close(`telegram ${delivery} failed`);
  } finally {
    process.exit(known ? err.exitCode : 1);
  }
}

/**
 * Starts the bot by long polling when this process should (a token is set and the mode is polling).
 * Returns the poller (its `isRunning()` is the readiness probe's "bot running"), or null when the bot is off.
 */
async function startTelegramPolling(app: App, bot: Bot | undefined): Promise<Poller | null> {
  const { telegram } = app.config;
  if (!telegram.enabled) {
    app.log.info('Telegram bot is off: TELEGRAM_BOT_ENABLED=false');
    return null;
  }
  if (!telegram.botToken) {
    app.log.warn(
      'Telegram bot is off: TELEGRAM_BOT_TOKEN is not set (the rest of the service keeps running)',
    );
    return null;
  }
  if (telegram.mode.kind === 'webhook') {
    app.log.info(
      'Telegram bot is in webhook mode: updates arrive through the API webhook route, not by polling',
    );
    return null;
  }
  try {
    const { startPolling } = await import('../bot/transports/polling.ts');
    const poller = await startPolling(bot ?? (await loadBot(app)).bot, app);
    poller.watch().then(
      () => undefined,
      (err: unknown) => exitBecauseTelegramFailed(app, 'polling', err),
    );
    return poller;
  } catch (err) {
    return exitBecauseTelegramFailed(app, 'polling', err);
  }
}

/** The bot by long polling with the API; `megaagent start` also runs the job worker here. */
async function start(config: Config, options: { worker?: boolean } = {}): Promise<void> {
  const { app, api } = await createAppWithApi(config);
  exitOnSignals(app);
  const seeded = await app.users.seed(config.telegram.allowedUsers, config.telegram.adminUsers);
  app.log.info(
    {
      profile: config.app.profile,
      database: app.db.kind,
      cache: app.cache.kind,
      dataDir: app.embeddedDataDir,
      seededUsers: seeded.inserted,
    },
    app.embeddedDataDir
      ? `embedded mode: PGlite data in ${app.embeddedDataDir}, in-process cache`
      : 'connected to Postgres and Redis',
  );
  // The API listens first, so probes answer while the bot connects; readiness then follows the poller.
  const polls =
    config.telegram.enabled && config.telegram.botToken !== null && config.telegram.mode.kind === 'polling';
  let poller: Poller | null = null;
  const server = await api.buildServer(app, {
    botStatus: () => (polls ? { running: poller?.isRunning() ?? false, mode: 'polling' } : null),
  });
  await api.serveApi(app, server);
  const bot = polls ? await loadBot(app) : undefined;
  if (options.worker) await runJobWorker(app, bot?.telegram ?? null);
  poller = await startTelegramPolling(app, bot?.bot);
}

/**
 * Runs the job worker in this process. `telegram` sends lawyers their progress and results; null when
 * no bot token is set (jobs then run without telling anyone).
 */
async function runJobWorker(app: App, telegram: TelegramMessenger | null): Promise<void> {
  await runProductWorker(app, telegram, await broadcastHandlers(app));
}

/** Broadcasts are worked only where a bot token lets this process send (bot/broadcast-delivery.ts). */
async function broadcastHandlers(app: App): Promise<JobHandlers<ProductJobKinds>> {
  return (await import('../bot/broadcast-delivery.ts')).broadcastHandlers(app);
}

/** `megaagent worker`: job consumers only, with /liveness, /readiness, /startup, /health and /metrics. */
async function startWorker(config: Config): Promise<void> {
  const [{ app, api }, { default: Fastify }, { probeRoutes, readBuildInfo }] = await Promise.all([
    createAppWithApi(config),
    import('fastify'),
    import('../api/routes/probes.ts'),
  ]);
  exitOnSignals(app);
  const logger: FastifyBaseLogger = app.log;
  const server = Fastify({ loggerInstance: logger, requestTimeout: 30_000 });
  await server.register(
    probeRoutes({
      app,
      build: readBuildInfo(config.app.version),
      metrics: config.observability.metricsEnabled ? app.metrics : null,
      botStatus: () => null,
      checkTimeoutMs: 1_000,
    }),
  );
  await api.serveApi(app, server);
  // The bot's Api only (no polling, no webhook): the worker talks to Telegram, it never receives from it.
  await runJobWorker(app, config.telegram.botToken ? (await loadBot(app)).telegram : null);
}

/**
 * Webhook mode: the bot runs in this process, fed by Telegram through POST /telegram/webhook. Returns
 * what the server needs and the registration to run once it listens (Telegram then delivers at once);
 * null when there is no bot here (polling mode, or no token).
 */
async function prepareTelegramWebhook(app: App): Promise<{
  serverOptions: ServerOptions;
  register: () => Promise<void>;
  telegram: TelegramMessenger;
} | null> {
  const { telegram } = app.config;
  if (telegram.mode.kind !== 'webhook' || !telegram.enabled) return null;
  if (!telegram.botToken) {
    app.log.warn(
      'Telegram bot is off: TELEGRAM_BOT_TOKEN is not set (the rest of the service keeps running)',
    );
    return null;
  }
  const [{ TELEGRAM_WEBHOOK_PATH, telegramWebhookRoutes }, { startWebhook }] = await Promise.all([
    import('../api/routes/telegram-webhook.ts'),
    import('../bot/transports/webhook.ts'),
  ]);
  if (new URL(telegram.mode.url).pathname !== TELEGRAM_WEBHOOK_PATH) {
    app.log.warn(
      { url: telegram.mode.url, route: TELEGRAM_WEBHOOK_PATH },
      'TELEGRAM_WEBHOOK_URL has another path than the webhook route: the ingress must rewrite it',
    );
  }
  await app.users.seed(telegram.allowedUsers, telegram.adminUsers);
  const { bot, telegram: messenger } = await loadBot(app);
  let webhook: TelegramWebhook;
  try {
    webhook = await startWebhook(bot, app);
  } catch (err) {
    return exitBecauseTelegramFailed(app, 'webhook', err);
  }
  return {
    telegram: messenger,
    serverOptions: {
      botStatus: () => ({ running: webhook.isRunning(), mode: 'webhook', webhook: webhook.status() }),
      extraRoutes: [
        telegramWebhookRoutes({ secret: telegram.mode.secret, receive: (update) => webhook.receive(update) }),
      ],
    },
    register: async () => {
      try {
        await webhook.register();
      } catch (err) {
        await exitBecauseTelegramFailed(app, 'webhook', err);
      }
    },
  };
}

/**
 * The admin API with probes and metrics: what a Kubernetes API pod runs; in webhook mode the bot too.
 * `megaagent start` in webhook mode runs the job worker here as well; `megaagent api` never does.
 */
async function startApi(config: Config, options: { worker?: boolean } = {}): Promise<void> {
  const { app, api } = await createAppWithApi(config);
  exitOnSignals(app);
  const webhook = await prepareTelegramWebhook(app);
  await api.serveApi(app, await api.buildServer(app, webhook?.serverOptions ?? {}));
  if (options.worker) await runJobWorker(app, webhook?.telegram ?? null);
  await webhook?.register();
}

async function runMigrations(config: Config): Promise<void> {
  const log = createLogger({
    level: config.observability.logLevel,
    format: config.observability.logFormat,
    secrets: configuredSecretValues(config),
  });
  const db = await openAppDatabase(config, log, { fromTemplate: false });
  try {
    const { applied } = await migrate(db, log);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await db.close();
  }
}

/** `megaagent start`: the bot, the API and the job worker in one process (webhook mode: the API is the bot). */
export function startCommand(): Promise<void> {
  const config = configOrExit();
  const refusal = startRefusal(config);
  if (refusal) {
    process.stderr.write(`${refusal.variable} ${refusal.message}.\n`);
    process.exit(2);
  }
  // In webhook mode Telegram feeds the bot through the API's webhook route: the API process is the bot.
  return config.telegram.mode.kind === 'webhook'
    ? startApi(config, { worker: true })
    : start(config, { worker: true });
}

export function botCommand(): Promise<void> {
  const config = configOrExit();
  if (!config.telegram.botToken) {
    process.stderr.write(
      'megaagent bot needs TELEGRAM_BOT_TOKEN (the token from @BotFather). Set it and start again.\n',
    );
    process.exit(2);
  }
  if (config.telegram.mode.kind === 'webhook') {
    process.stderr.write(
      'megaagent bot polls Telegram, but TELEGRAM_MODE=webhook: in webhook mode updates arrive at `megaagent api`.\n',
    );
    process.exit(2);
  }
  return start(config);
}

export async function chatCommand(): Promise<void> {
  const { refuseChatInProduction, runTerminalChat } = await import('./chat.ts');
  refuseChatInProduction(process.env.ENV); // before the production checks of the configuration
  const config = configOrExit();
  // Logs stay quiet on the chat's screen unless LOG_LEVEL asks for them.
  process.exitCode = await runTerminalChat(
    config,
    process.env.LOG_LEVEL ? { logLevel: config.observability.logLevel } : {},
  );
}

export const apiCommand = (): Promise<void> => startApi(configOrExit());
export const workerCommand = (): Promise<void> => startWorker(configOrExit());
export const migrateCommand = (): Promise<void> => runMigrations(configOrExit());

export async function adminCommand(args: string[]): Promise<void> {
  const { runAdminCommand } = await import('./admin-cli.ts');
  const config = configOrExit();
  process.exitCode = await runAdminCommand(args, process, async () => {
    // Logs to stderr: stdout carries only the result (an API key is printed there, once).
    const log = createLogger({
      level: config.observability.logLevel,
      format: config.observability.logFormat,
      destination: process.stderr,
      secrets: configuredSecretValues(config),
    });
    const app = await createApp(config, { log });
    return { services: app, close: () => app.close('admin command done') };
  });
}

export function configCheckCommand(): void {
  process.stdout.write(
    `${JSON.stringify(describeConfig(configOrExit()), null, 2)}\nconfiguration is valid\n`,
  );
}
