// Builds the bot: the middleware chain every update goes through, then the features. No side effects:
// nothing talks to Telegram until a transport (polling or the webhook route) starts feeding updates.
//
// Order matters, and each step relies on the ones before it:
//   update trace → update metrics → update context → error boundary → (in arrival order per chat: language →
//   de-duplication → allow-list → private chats only) → rate limit → one update at a time per chat (with
//   a time limit) → conversations → features → catch-all
//
// Metrics: each update's kind, outcome and duration (the middleware that stops an update, or the error
// report, names its outcome on the context), and each Bot API call, counted in the HTTP layer below.
//
// Conversations: `conversations()` is installed here, once. A feature registers its own conversation
// at the top of its composer with `createConversation(builder, 'id')` and enters it with
// `ctx.conversation.enter('id')`. Inside a conversation the context objects are the plugin's own, so
// `ctx.app`, `ctx.log` and `ctx.lawyer` are copied onto them by the plugin list below. Flood control
// (429 retry_after) is waited out, and a 5xx sent again where that cannot duplicate a message, in the HTTP
// layer (telegram-fetch.ts), below the conversations' replay log, so it covers calls inside conversations
// too; auto-retry above only waits out a retry_after longer than that layer does.
import { AsyncLocalStorage } from 'node:async_hooks';
import { autoRetry } from '@grammyjs/auto-retry';
import { conversations } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import type { I18nFlavor } from '@grammyjs/i18n';
import { Bot, type ApiClientOptions, type Context, type MiddlewareFn } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { App } from '../core/app.ts';
import { ConfigurationError } from '../core/errors.ts';
import { DEFAULT_RETRY_AFTER, fetchHonouringRetryAfter, fetchRecordingCalls } from './telegram-fetch.ts';
import { fetchTracingCalls } from './telegram-trace.ts';
import type { BotContext, BotFlavor, ConversationContext } from './context.ts';
import { rewindableConversationStorage } from './conversation-storage.ts';
import { FEATURES, featureComposers, type Feature } from './features/index.ts';
import { createBotI18n } from './i18n.ts';
import { allowList } from './middleware/allow-list.ts';
import { chatOrder } from './middleware/chat-order.ts';
import { deduplicateUpdates } from './middleware/deduplicate.ts';
import { attachUpdateKeeper, createUpdateKeeper, type KeepingMode } from './middleware/update-keeper.ts';
import { errorBoundary, reportFailure } from './middleware/error-boundary.ts';
import { privateChatsOnly } from './middleware/private-chats-only.ts';
import { DEFAULT_RATE_LIMIT, rateLimit, type RateLimitOptions } from './middleware/rate-limit.ts';
import { updateTimeLimit } from './middleware/time-limit.ts';
import { updateContext } from './middleware/update-context.ts';
import { updateMetrics } from './middleware/update-metrics.ts';
import { traceUpdates } from './middleware/update-trace.ts';

export interface CreateBotOptions {
  /** The features, in order (default: FEATURES from bot/features/index.ts); the catch-all is always last. */
  features?: readonly Feature[];
  rateLimit?: RateLimitOptions;
  /** Longest an update may hold its chat's queue (default: config.telegram.updateTimeoutMs). */
  updateTimeoutMs?: number;
  /** The bot's own user, when known: spares the getMe call (tests, webhook replicas). */
  botInfo?: UserFromGetMe;
  /** How long an abandoned conversation is kept (default 30 days). */
  conversationStateTtlMs?: number;
  /** How updates are kept while the cache is down (default: by the mode, see middleware/update-keeper.ts). */
  keepUpdates?: KeepingMode;
}

/**
 * Outgoing calls wait out a long `retry_after`; 5xx and lost connections were already sent again below
 * where that is safe (telegram-fetch.ts), so they surface here at once: a second round would hold the chat
 * past its time limit, and could send a message twice.
 */
const OUTGOING_RETRY = {
  maxRetryAttempts: 3,
  maxDelaySeconds: 60,
  rethrowHttpErrors: true,
  rethrowInternalServerErrors: true,
} as const;

/** The context of the outside middleware, before the conversations plugin adds `ctx.conversation`. */
type OutsideContext = Context & BotFlavor & I18nFlavor;

export function createBot(app: App, options: CreateBotOptions = {}): Bot<BotContext> {
  const { telegram } = app.config;
  if (!telegram.botToken) {
    throw new ConfigurationError(
      { variable: 'TELEGRAM_BOT_TOKEN' },
      { message: 'TELEGRAM_BOT_TOKEN is not set: the bot cannot be created' },
    );
  }
  const bot = new Bot<BotContext>(telegram.botToken.reveal(), {
    // grammY's client options reach the conversations' own Api objects too, so this covers them. Calls
    // are counted, and traced when a collector is set, below the retry-after wait, once per attempt.
    client: {
      apiRoot: telegram.apiRoot,
      fetch: fetchHonouringRetryAfter(
        DEFAULT_RETRY_AFTER,
        fetchRecordingCalls(app.metrics, fetchTracingCalls(app.tracing)),
      ) as unknown as NonNullable<ApiClientOptions['fetch']>,
    },
    ...(options.botInfo && { botInfo: options.botInfo }),
  });
  bot.api.config.use(autoRetry(OUTGOING_RETRY));

  // What a conversation's own context objects need from the update being handled.
  const currentUpdate = new AsyncLocalStorage<BotFlavor>();
  const carryIntoConversation: MiddlewareFn<ConversationContext> = (ctx, next) => {
    const outer = currentUpdate.getStore();
    if (!outer) throw new Error('a conversation ran outside the handling of an update');
    ctx.app = outer.app;
    ctx.log = outer.log;
    ctx.lawyer = outer.lawyer;
    return next();
  };

  // Messages in the lawyer's language from the first middleware on (refusals and errors included), and
  // inside conversations, whose context objects are their own.
  const i18n = createBotI18n<BotContext>(app);
  const conversationI18n = createBotI18n<ConversationContext>(app);

  bot.use(traceUpdates(app.tracing));
  bot.use(updateMetrics(app.metrics));
  bot.use(updateContext(app));
  bot.use(errorBoundary(app));
  // A chat's updates keep their order through the steps that wait (middleware/chat-order.ts).
  const order = chatOrder();
  bot.use(order.enter);
  bot.use(i18n);
  const conversationState = rewindableConversationStorage<OutsideContext>(
    app.cache,
    options.conversationStateTtlMs,
  );
  const keeper = createUpdateKeeper(
    app,
    options.keepUpdates ?? (telegram.mode.kind === 'webhook' ? 'redelivery' : 'durable'),
    { rewind: (ctx) => conversationState.rewind(ctx) },
  );
  attachUpdateKeeper(bot, keeper);
  // A process that dies mid-update leaves a "started" mark; it lapses after twice the time limit.
  bot.use(
    deduplicateUpdates(app.cache, keeper, {
      leaseMs: 2 * (options.updateTimeoutMs ?? telegram.updateTimeoutMs),
    }),
  );
  bot.use(allowList(app));
  bot.use(privateChatsOnly(app.cache));
  bot.use(order.leave);
  bot.use(rateLimit(app, options.rateLimit ?? DEFAULT_RATE_LIMIT));
  bot.use(sequentialize<BotContext>((ctx) => ctx.chatId?.toString()));
  bot.use(
    updateTimeLimit(
      options.updateTimeoutMs ?? telegram.updateTimeoutMs,
      (ctx, err) => reportFailure(app, ctx, err),
      app.errors,
    ),
  );
  bot.use((ctx, next) => currentUpdate.run({ app: ctx.app, log: ctx.log, lawyer: ctx.lawyer }, next));
  bot.use(
    conversations<OutsideContext, ConversationContext>({
      storage: conversationState.storage,
      plugins: [carryIntoConversation, conversationI18n],
    }),
  );
  for (const composer of featureComposers(app, options.features ?? FEATURES)) bot.use(composer);

  // Only failures outside the error boundary get here (the update context itself failed).
  bot.catch(async ({ ctx, error }) => {
    try {
      await reportFailure(app, ctx, error);
    } catch (reportErr) {
      app.log.error({ err: reportErr, cause: error }, 'could not report a failed update');
    }
  });
  return bot;
}
