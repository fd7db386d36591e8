// Webhook mode: Telegram POSTs each update to `megaagent api` (the route is api/routes/telegram-webhook.ts,
// wired by bin/), so several replicas behind one Service can share the bot. This module registers the
// webhook, hands updates to the bot, and reports the registration for /health and readiness.
//
// When to answer Telegram. Telegram's Bot API server keeps one delivery queue per chat and sends a chat's
// next update only after the webhook answered the previous one (tdlib/telegram-bot-api, WebhookActor). So
// an update is answered when the bot has handled it — then the chat's next update cannot overtake it, on
// this replica or another — but never later than `answerWithinMs`: slower work (a long download, an
// analysis) is answered then and finishes in the background, tracked, and drained at shutdown. A replica
// that dies before answering leaves the update "started" (middleware/deduplicate.ts): its redeliveries are
// answered with an error until that mark's lease lapses, and the next one is handled. An update that was
// answered at `answerWithinMs` and whose replica then dies is not delivered again; the webhook trades that
// case for never holding Telegram's connection past what a load balancer allows.
//
// Ordering and exclusion across replicas (what this transport guarantees):
//   - each update is handled at most once, whichever replicas it reaches (de-duplication in the cache);
//   - a chat's updates are never handled at the same time, on one replica (a FIFO queue per chat) or on
//     several (a per-chat lock in the shared cache), up to the per-update time limit, as in polling; this
//     also covers a message and a button press of one lawyer, which Telegram queues separately;
//   - a chat's updates are handled in Telegram's order while each finishes within `answerWithinMs`. An
//     update slower than that lets Telegram send the chat's next one, which then waits for the lock; if
//     two more updates of that chat arrive at different replicas meanwhile, those two may swap.
import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BotError, type Bot } from 'grammy';
import type { Update, WebhookInfo } from 'grammy/types';
import type { App } from '../../core/app.ts';
import { CacheError } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { updateKeeperOf } from '../middleware/update-keeper.ts';
import { setCommandMenu } from '../features/start.ts';
import { ALLOWED_UPDATES } from './polling.ts';
import { explainTelegramFailure, TelegramStartupError } from './telegram-startup.ts';

/** Telegram's default delivery timeout is far longer; a load balancer in front may cut at 30 s. */
const DEFAULT_ANSWER_WITHIN_MS = 10_000;
const DEFAULT_STATUS_REFRESH_MS = 60_000;
const LOCK_RETRY_MS = 20;
/** The lock outlives the per-update time limit by this much, so it is released, not expired, in practice. */
const LOCK_MARGIN_MS = 10_000;

/** What Telegram is asked to do; the secret is sent back by Telegram in X-Telegram-Bot-Api-Secret-Token. */
export interface WebhookSettings {
  url: string;
  secret: string;
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
}

/** The registration as last seen in getWebhookInfo, for /health and readiness. */
export interface WebhookReport {
  url: string;
  /** Telegram's getWebhookInfo names our URL. */
  registered: boolean;
  pendingUpdateCount?: number;
  /** ISO time of Telegram's last failed delivery, if any. */
  lastErrorAt: string | null;
  lastErrorMessage: string | null;
}

/** What happened to one update handed in by the route. */
export type UpdateOutcome =
  /** Handled: answer 200. */
  | 'handled'
  /** Still running after `answerWithinMs`, tracked in the background: answer 200. */
  | 'continuing'
  /** Failed outside the bot's error boundary (e.g. the cache is down): answer 5xx so Telegram redelivers. */
  | 'failed'
  /** Shutdown has drained this replica: answer 503 so Telegram delivers it again, to another replica. */
  | 'refused';

export interface TelegramWebhook {
  /** Resolves when the update is handled, or after `answerWithinMs` with the rest running in the background. */
  receive(update: { update_id: number }): Promise<UpdateOutcome>;
  /** Sets the webhook if Telegram's differs (never dropping pending updates), verifies it, sets the command menu. */
  register(): Promise<WebhookReport>;
  /** The registration as last checked (at start, then every `statusRefreshMs`). */
  status(): WebhookReport;
  /** True until shutdown has drained this replica. */
  isRunning(): boolean;
  /** Updates still being handled here. */
  inFlight(): number;
}

export interface WebhookOptions {
  /** Longest Telegram waits for an answer before the update goes on in the background (default 10 s). */
  answerWithinMs?: number;
  /** Longest one update holds its chat (default: config.telegram.updateTimeoutMs). */
  updateTimeoutMs?: number;
  /** How often /health's view of getWebhookInfo is refreshed (default 60 s). */
  statusRefreshMs?: number;
  /** Default: config.telegram.mode (url and secret) and ALLOWED_UPDATES. */
  settings?: WebhookSettings;
}

/** What getWebhookInfo shows that setWebhook would change; the secret is not shown, so it is fingerprinted. */
function differences(info: WebhookInfo, wanted: WebhookSettings, fingerprintMatches: boolean): string[] {
  const found: string[] = [];
  if (info.url !== wanted.url) found.push('url');
  const current = [...(info.allowed_updates ?? [])].sort().join(',');
  if (current !== [...wanted.allowedUpdates].sort().join(',')) found.push('allowed_updates');
  if (!fingerprintMatches) found.push('secret_token');
  return found;
}

/**
 * Makes Telegram deliver to `settings`, calling setWebhook only when something differs, and verifies the
 * result. Telegram does not report the secret back, so a keyed fingerprint of what was registered is kept
 * in the shared cache: a rotated secret is re-registered, and a lost fingerprint costs one more setWebhook.
 */
async function registerWebhook(
  bot: Bot<BotContext>,
  app: App,
  settings: WebhookSettings,
): Promise<{ info: WebhookInfo; changed: string[] }> {
  const fingerprintKey = `telegram:webhook:${bot.botInfo.id}`;
  // Keyed by the bot token: the cache never holds anything from which the secret could be guessed.
  const fingerprint = createHmac('sha256', bot.token)
    .update(JSON.stringify([settings.url, settings.secret, [...settings.allowedUpdates].sort()]))
    .digest('base64url');
  const before = await bot.api.getWebhookInfo();
  const changed = differences(before, settings, (await app.cache.get(fingerprintKey)) === fingerprint);
  if (changed.length > 0) {
    await bot.api.setWebhook(settings.url, {
      secret_token: settings.secret,
      allowed_updates: settings.allowedUpdates,
      // Pending updates are lawyers' messages: never dropped, whatever changed.
      drop_pending_updates: false,
    });
  }
  const after = await bot.api.getWebhookInfo();
  if (after.url !== settings.url) {
    throw new TelegramStartupError(
      `Telegram did not take the webhook: getWebhookInfo names "${after.url}" instead of TELEGRAM_WEBHOOK_URL.`,
      1,
    );
  }
  await app.cache.set(fingerprintKey, fingerprint);
  return { info: after, changed };
}

/** `value.id` when it is a number: updates are read defensively here, before the bot has seen them. */
function idOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'number' ? id : undefined;
}

/**
 * The chat an update belongs to (for updates without one, the user: in a private chat the same id), as
 * the bot's own per-chat queue keys it. A malformed update has no key and goes to the bot unqueued,
 * whose error boundary deals with it.
 */
export function chatKeyOf(update: object): string | null {
  for (const [kind, value] of Object.entries(update)) {
    if (kind === 'update_id' || typeof value !== 'object' || value === null) continue;
    const part = value as { chat?: unknown; message?: { chat?: unknown }; from?: unknown; user?: unknown };
    const id = idOf(part.chat) ?? idOf(part.message?.chat) ?? idOf(part.from) ?? idOf(part.user);
    return id === undefined ? null : String(id);
  }
  return null;
}

function settingsFromConfig(mode: App['config']['telegram']['mode']): WebhookSettings {
  if (mode.kind !== 'webhook')
    throw new Error('startWebhook needs TELEGRAM_MODE=webhook (or explicit settings)');
  return { url: mode.url, secret: mode.secret.reveal(), allowedUpdates: ALLOWED_UPDATES };
}

function reportOf(url: string, info: WebhookInfo): WebhookReport {
  return {
    url,
    registered: info.url === url,
    pendingUpdateCount: info.pending_update_count,
    lastErrorAt:
      info.last_error_date === undefined ? null : new Date(info.last_error_date * 1000).toISOString(),
    lastErrorMessage: info.last_error_message ?? null,
  };
}

/**
 * Prepares the bot for webhook delivery (getMe; nothing registered yet: call `register()` once the route
 * is served). Registers with `app.lifecycle`: "stop-intake" stops the status checks, "drain" waits for
 * the updates in flight, after which `receive` refuses.
 */
export async function startWebhook(
  bot: Bot<BotContext>,
  app: App,
  options: WebhookOptions = {},
): Promise<TelegramWebhook> {
  const { telegram } = app.config;
  const log = app.log.child({ component: 'telegram-webhook' });
  const settings = options.settings ?? settingsFromConfig(telegram.mode);
  const answerWithinMs = options.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS;
  const updateTimeoutMs = options.updateTimeoutMs ?? telegram.updateTimeoutMs;
  const lockTtlMs = updateTimeoutMs + LOCK_MARGIN_MS;
  const keeper = updateKeeperOf(bot);

  try {
    await bot.init();
  } catch (err) {
    throw explainTelegramFailure(err, 'webhook');
  }

  let report: WebhookReport = {
    url: settings.url,
    registered: false,
    lastErrorAt: null,
    lastErrorMessage: null,
  };
  let drained = false;
  const inFlight = new Set<Promise<void>>();
  const chatQueues = new Map<string, Promise<void>>();

  /** Runs `work` after the chat's earlier updates on this replica, first come first served. */
  async function inChatOrder(chat: string, work: () => Promise<void>): Promise<void> {
    const earlier = chatQueues.get(chat);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    chatQueues.set(chat, mine);
    try {
      await earlier; // never rejects: see `mine`
      await work();
    } finally {
      done();
      if (chatQueues.get(chat) === mine) chatQueues.delete(chat);
    }
  }

  /** Holds the chat across replicas while `work` runs; goes ahead unlocked if a holder never lets go. */
  async function underChatLock(chat: string, work: () => Promise<void>): Promise<void> {
    const key = `telegram:chat-lock:${bot.botInfo.id}:${chat}`;
    const token = randomBytes(9).toString('base64url');
    const giveUpAt = Date.now() + lockTtlMs;
    let held = await app.cache.setIfAbsent(key, token, lockTtlMs);
    while (!held && Date.now() < giveUpAt) {
      await sleep(LOCK_RETRY_MS);
      held = await app.cache.setIfAbsent(key, token, lockTtlMs);
    }
    if (!held)
      log.warn({ chat }, 'the chat stayed locked past its time limit; handling the update without the lock');
    try {
      await work();
    } finally {
      // Read-then-delete is not atomic, but the lock outlives the time limit that bounds `work`, so the
      // value read is still ours when deleted.
      if (held && (await app.cache.get(key)) === token) await app.cache.delete(key);
    }
  }

  async function handle(update: Update): Promise<void> {
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      // Failures the bot's error boundary could not catch (its own context failed): the bot's catch reports them.
      if (!(err instanceof BotError)) throw err;
      await bot.errorHandler(err as BotError<BotContext>);
    }
  }

  /** Handles one update in its chat's turn; never rejects: a failure is logged, counted and returned. */
  async function run(update: Update): Promise<'handled' | 'failed'> {
    let finished!: () => void;
    const tracked = new Promise<void>((resolve) => (finished = resolve));
    inFlight.add(tracked);
    try {
      const chat = chatKeyOf(update);
      // With the cache down there is no chat lock to take: the bot keeps the update for redelivery (and
      // tells the lawyer), and Telegram is answered with an error so that it delivers the update again.
      if (chat === null || !app.cache.available()) await handle(update);
      else await inChatOrder(chat, () => underChatLock(chat, () => handle(update)));
      if (keeper?.mustRedeliver(update)) {
        log.warn(
          { updateId: update.update_id },
          'cache unavailable; asking Telegram to deliver the update again',
        );
        return 'failed';
      }
      return 'handled';
    } catch (err) {
      if (err instanceof CacheError) {
        // The chat lock could not be taken: nothing was handled, so Telegram delivers the update again.
        log.warn(
          { err, updateId: update.update_id },
          'cache unavailable; asking Telegram to deliver the update again',
        );
        return 'failed';
      }
      log.error({ err, updateId: update.update_id }, 'update failed outside the bot');
      await app.errors.capture(err);
      return 'failed';
    } finally {
      inFlight.delete(tracked);
      finished();
    }
  }

  async function receive(raw: { update_id: number }): Promise<UpdateOutcome> {
    if (drained) return 'refused';
    // The route checked the secret and the shape: this is Telegram's own JSON.
    const update = raw as Update;
    const handling = run(update);
    let timer: NodeJS.Timeout | undefined;
    const answerDue = new Promise<'continuing'>((resolve) => {
      timer = setTimeout(() => resolve('continuing'), answerWithinMs);
    });
    try {
      const outcome = await Promise.race([handling, answerDue]);
      if (outcome === 'continuing') {
        log.info(
          { updateId: update.update_id, answerWithinMs },
          'update still running; answered Telegram, finishing in the background',
        );
      }
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  async function refreshStatus(): Promise<void> {
    checkRunning = true;
    try {
      const next = reportOf(settings.url, await bot.api.getWebhookInfo());
      if (report.registered && !next.registered) {
        log.error(
          { url: settings.url },
          'Telegram no longer delivers to this webhook: someone changed or deleted it',
        );
      }
      report = next;
    } catch (err) {
      // Telegram unreachable for a moment: the last known registration stays, and the next check tries again.
      log.warn({ err }, 'could not check the webhook with Telegram');
    } finally {
      checkRunning = false;
    }
  }

  let statusTimer: NodeJS.Timeout | undefined;
  let checkRunning = false;
  let checking: Promise<void> = Promise.resolve();

  async function drain(): Promise<void> {
    const giveUpAt = Date.now() + updateTimeoutMs;
    while (inFlight.size > 0 && Date.now() < giveUpAt) await sleep(25);
    drained = true;
    if (inFlight.size > 0)
      log.error({ inFlight: inFlight.size }, 'updates still running after the drain time limit');
    else log.info('webhook updates drained');
  }

  app.lifecycle.onShutdown('webhook status checks', 'stop-intake', async () => {
    clearInterval(statusTimer);
    await checking;
  });
  app.lifecycle.onShutdown('webhook updates in flight', 'drain', drain);

  return {
    receive,
    async register() {
      let outcome: Awaited<ReturnType<typeof registerWebhook>>;
      try {
        outcome = await registerWebhook(bot, app, settings);
      } catch (err) {
        throw explainTelegramFailure(err, 'webhook');
      }
      report = reportOf(settings.url, outcome.info);
      log.info(
        {
          url: settings.url,
          changed: outcome.changed,
          pendingUpdates: outcome.info.pending_update_count,
          allowedUpdates: settings.allowedUpdates,
          username: bot.botInfo.username,
        },
        outcome.changed.length > 0 ? 'Telegram webhook registered' : 'Telegram webhook already registered',
      );
      try {
        await setCommandMenu(bot.api);
      } catch (err) {
        // The menu is a convenience; the bot works without it.
        log.warn({ err }, 'could not set the command menu');
      }
      if (statusTimer === undefined && !app.lifecycle.shuttingDown) {
        statusTimer = setInterval(() => {
          // One check at a time: a slow Telegram must not pile them up.
          if (!checkRunning) checking = refreshStatus();
        }, options.statusRefreshMs ?? DEFAULT_STATUS_REFRESH_MS);
        statusTimer.unref();
      }
      return report;
    },
    status: () => report,
    isRunning: () => !drained,
    inFlight: () => inFlight.size,
  };
}
