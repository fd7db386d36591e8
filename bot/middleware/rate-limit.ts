// Per-lawyer pace for incoming updates (a stuck client or a script flooding the bot), counted in the
// shared cache so every replica enforces the same pace.
//
// Nothing a lawyer sends is dropped silently. A lawyer forwarding a batch of documents or tapping through
// a form faster than the pace is slowed down, not cut off: their updates wait here, in the order they
// came, until the token bucket has room, and the lawyer is told once that they are being worked through.
// The wait is bounded (`maxQueued` updates and `maxDelayMs` each); an update beyond that is refused and
// the lawyer is told so about that very message. With the cache down the limit lets everything through.
// The "slow down" notice is best-effort: when it cannot be sent, the update still waits its turn.
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import type { BotContext } from '../context.ts';
import { orWhenCacheFails } from './cache-trouble.ts';
import { stopUpdate } from './update-metrics.ts';

export interface RateLimitOptions {
  /** The pace: `limit` updates per `windowMs` on average, and a burst of `limit` at once. */
  windowMs: number;
  limit: number;
  /** Updates of one lawyer that may wait at once (default 100). */
  maxQueued?: number;
  /** Longest one update waits for its turn (default 60 s). */
  maxDelayMs?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 10_000, limit: 20 };
export const RATE_LIMIT_KEY_PREFIX = 'ratelimit:bot:';

interface LawyerQueue {
  /** Settles when the last update queued so far has been let through or refused. */
  tail: Promise<void>;
  waiting: number;
}

export function rateLimit(
  app: App,
  options: RateLimitOptions = DEFAULT_RATE_LIMIT,
): MiddlewareFn<BotContext> {
  const maxQueued = options.maxQueued ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const refillPerSecond = (options.limit * 1000) / options.windowMs;
  const queues = new Map<string, LawyerQueue>();
  /** When each lawyer was last slowed down: told once per flood, not per message (pruned as it grows). */
  const lastSlowed = new Map<string, number>();

  function firstSlowDownOfFlood(id: string): boolean {
    const now = Date.now();
    const previous = lastSlowed.get(id);
    lastSlowed.delete(id);
    lastSlowed.set(id, now); // re-inserted: the map stays ordered oldest first
    for (const [other, at] of lastSlowed) {
      if (lastSlowed.size <= 1_000 || now - at <= options.windowMs) break;
      lastSlowed.delete(other);
    }
    return previous === undefined || now - previous > options.windowMs;
  }

  /** Waits until the bucket has a token for this update; false when it would wait longer than allowed. */
  async function turn(ctx: BotContext, id: string): Promise<boolean> {
    const giveUpAt = Date.now() + maxDelayMs;
    for (;;) {
      const taken = await orWhenCacheFails(ctx.log, 'bot rate limit', null, () =>
        app.cache.takeTokens(`${RATE_LIMIT_KEY_PREFIX}${id}`, options.limit, refillPerSecond),
      );
      if (taken === null || taken.allowed) return true;
      if (Date.now() + taken.retryAfterMs > giveUpAt) return false;
      if (firstSlowDownOfFlood(id)) {
        ctx.log.warn({ limit: options.limit, windowMs: options.windowMs }, 'lawyer slowed down');
        await tellToSlowDown(ctx);
      }
      await new Promise((resolve) => setTimeout(resolve, taken.retryAfterMs));
    }
  }

  return async (ctx, next) => {
    const from = ctx.from;
    if (!app.flags.isEnabled('enableRateLimiting') || !from) {
      await next();
      return;
    }
    const id = String(from.id);
    const queue = queues.get(id) ?? { tail: Promise.resolve(), waiting: 0 };
    queues.set(id, queue);
    if (queue.waiting >= maxQueued) {
      ctx.log.warn({ maxQueued }, 'lawyer update refused: too many waiting');
      stopUpdate(ctx, 'refused');
      await tellRefused(ctx);
      return;
    }
    // First come, first served: this update's turn starts when the one before it got through.
    const before = queue.tail;
    let done!: () => void;
    queue.tail = new Promise<void>((resolve) => (done = resolve));
    queue.waiting++;
    let admitted: boolean;
    try {
      await before;
      admitted = await turn(ctx, id);
    } finally {
      queue.waiting--;
      done();
      if (queue.waiting === 0 && queues.get(id) === queue) queues.delete(id);
    }
    if (!admitted) {
      ctx.log.warn({ maxDelayMs }, 'lawyer update refused: it would wait too long');
      stopUpdate(ctx, 'refused');
      await tellRefused(ctx);
      return;
    }
    await next();
  };
}

/**
 * A courtesy: when Telegram refuses it (often its own flood control, in the very flood being slowed down),
 * the update still waits for its turn and is handled; the lost notice is logged.
 */
async function tellToSlowDown(ctx: BotContext): Promise<void> {
  if (ctx.chat?.type !== 'private') return;
  try {
    await ctx.reply(ctx.t('service-slow-down'));
  } catch (err) {
    ctx.log.warn({ err }, 'could not send the slow-down notice; the update still waits for its turn');
  }
}

async function tellRefused(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t('service-too-many'), show_alert: true });
    return;
  }
  const message = ctx.message ?? ctx.editedMessage;
  if (ctx.chat?.type === 'private' && message) {
    await ctx.reply(ctx.t('service-too-many'), {
      reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
    });
  }
}
