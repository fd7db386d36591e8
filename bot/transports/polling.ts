// Long polling with @grammyjs/runner: updates of different chats concurrently, each chat in order (the
// bot's `sequentialize`), nothing dropped at start, a poller death that ends the process instead of
// leaving it alive and deaf, and a stop that finishes the updates already taken from Telegram.
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { DatabaseConnectionError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { updateKeeperOf } from '../middleware/update-keeper.ts';
import { setCommandMenu } from '../features/start.ts';
import { explainTelegramFailure } from './telegram-startup.ts';
import { journalPolledUpdates, type JournalOptions } from './update-journal.ts';

/** Every update type the allow-list and the features know; anything else Telegram need not send. */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'inline_query',
  'my_chat_member',
  'chat_member',
] as const satisfies ReadonlyArray<Exclude<keyof Update, 'update_id'>>;

/** Updates handled at once across all chats; one chat is always one at a time. */
const CONCURRENCY = 100;

export interface PollingOptions {
  /** Longest one update may take before the runner frees its slot (default: config.telegram.updateTimeoutMs). */
  updateTimeoutMs?: number;
  /** Interval at which the drain step checks for updates still in flight. */
  drainPollMs?: number;
  /** How often held updates are looked at while the cache was down (default 500 ms). */
  replayEveryMs?: number;
  journal?: JournalOptions;
}

export interface Poller {
  /** True while updates are being fetched: the readiness probe's "bot running". */
  isRunning(): boolean;
  /**
   * Settles when polling ends: resolves after a requested stop, rejects when polling died (a
   * TelegramStartupError for 401/409, the raw error otherwise). Whoever starts polling must watch it.
   */
  watch(): Promise<void>;
  /** Stops fetching and waits for the updates in flight. Also registered with the app's shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts long polling. Rejects with TelegramStartupError when Telegram refuses the token at start.
 * Registers with `app.lifecycle`: "stop-intake" stops fetching, "drain" waits for updates in flight.
 */
export async function startPolling(
  bot: Bot<BotContext>,
  app: App,
  options: PollingOptions = {},
): Promise<Poller> {
  const log = app.log.child({ component: 'telegram-polling' });
  const updateTimeoutMs = options.updateTimeoutMs ?? app.config.telegram.updateTimeoutMs;

  try {
    await bot.init();
    const webhook = await bot.api.getWebhookInfo();
    if (webhook.url) {
      // Polling and a webhook exclude each other. Deleting it keeps the pending updates: they are lawyers' messages.
      await bot.api.deleteWebhook({ drop_pending_updates: false });
      log.warn(
        { pendingUpdates: webhook.pending_update_count },
        'a webhook was set; removed it to poll (pending updates kept)',
      );
    }
  } catch (err) {
    throw explainTelegramFailure(err, 'polling');
  }
  // Every polled update is journaled in Postgres until handled (transports/update-journal.ts). Updates an
  // earlier run left unfinished, and those held while the cache was down (middleware/update-keeper.ts), are
  // handled in order first, as soon as the cache answers; newer updates wait behind them.
  const keeper = updateKeeperOf(bot);
  let replayTimer: NodeJS.Timeout | undefined;
  let replaying: Promise<void> | null = null;
  let databaseAway = false;
  if (keeper?.mode === 'durable') {
    journalPolledUpdates(bot, app, keeper, log, options.journal);
    await keeper.loadHeld(bot.botInfo.id);
    replayTimer = setInterval(() => {
      if (replaying || keeper.heldCount() === 0 || !app.cache.available()) return;
      replaying = keeper
        .replayHeld(bot)
        .then(
          () => {
            databaseAway = false;
          },
          (err: unknown) => {
            // Postgres still away: said once per outage, not twice a second.
            if (!(err instanceof DatabaseConnectionError))
              log.error({ err }, 'could not handle the held updates; trying again');
            else if (!databaseAway) log.warn({ err }, 'held updates wait for Postgres');
            databaseAway = err instanceof DatabaseConnectionError;
          },
        )
        .finally(() => (replaying = null));
    }, options.replayEveryMs ?? 500);
    replayTimer.unref();
  }
  async function stopReplaying(): Promise<void> {
    clearInterval(replayTimer);
    await replaying;
  }

  try {
    await setCommandMenu(bot.api);
  } catch (err) {
    // The menu is a convenience; the bot works without it, so this must not stop polling.
    log.warn({ err }, 'could not set the command menu');
  }

  // Errors of getUpdates: the runner retries the temporary ones; log them instead of its console output.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === 'getUpdates' && !result.ok) {
      log.warn({ errorCode: result.error_code, description: result.description }, 'getUpdates failed');
    }
    return result;
  });

  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true },
    sink: {
      concurrency: CONCURRENCY,
      // A backstop for updates stuck before the per-chat time limit applies (e.g. a hung cache call).
      timeout: {
        milliseconds: updateTimeoutMs + 5_000,
        handler: (update) =>
          log.error({ updateId: update.update_id }, 'update still running past its time limit'),
      },
    },
  });
  log.info(
    { allowedUpdates: ALLOWED_UPDATES, username: bot.botInfo.username },
    'polling Telegram for updates',
  );

  const task = runner.task();
  const finished: Promise<void> = (task ?? Promise.resolve()).catch((err: unknown) => {
    throw explainTelegramFailure(err, 'polling');
  });

  async function drain(): Promise<void> {
    const started = Date.now();
    while (runner.size() > 0 && Date.now() - started < updateTimeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, options.drainPollMs ?? 50));
    }
    if (runner.size() > 0)
      log.error({ inFlight: runner.size() }, 'updates still running after the drain time limit');
  }

  let stopping: Promise<void> | null = null;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      await stopReplaying();
      if (runner.isRunning()) await runner.stop();
      await drain();
      log.info('polling stopped');
    })();
    return stopping;
  }

  app.lifecycle.onShutdown('bot poller', 'stop-intake', async () => {
    await stopReplaying();
    if (runner.isRunning()) await runner.stop();
  });
  app.lifecycle.onShutdown('bot updates in flight', 'drain', () => stop());

  return {
    isRunning: () => runner.isRunning(),
    watch: () => finished,
    stop,
  };
}
