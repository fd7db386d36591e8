// Per-lawyer limit on incoming updates (a stuck client or a script flooding the bot), counted in the
// shared cache so every replica enforces the same limit.
import { limit } from '@grammyjs/ratelimiter';
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import type { Cache } from '../../core/cache/cache.ts';
import type { BotContext } from '../context.ts';
import { stopUpdate } from './update-metrics.ts';

export interface RateLimitOptions {
  /** Length of one counting window. */
  windowMs: number;
  /** Updates a lawyer may send per window; a batch of documents must fit. */
  limit: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { windowMs: 10_000, limit: 20 };
export const RATE_LIMIT_KEY_PREFIX = 'ratelimit:bot:';
export const SLOW_DOWN_TEXT = 'You are sending messages faster than I can handle. Please wait a few seconds.';

/**
 * The ratelimiter's store contract (`incr`, then `pexpire` on the first hit) over our cache. The stock
 * Redis store sends those as two commands, so a crash between them leaves a counter without expiry that
 * blocks the lawyer forever. `cache.incr(key, ttl)` creates the key with its expiry atomically, which
 * leaves nothing for `pexpire` to do.
 */
export function atomicRateLimitStore(cache: Cache, windowMs: number) {
  return {
    incr: (key: string) => cache.incr(key, windowMs),
    pexpire: (_key: string, _ms: number) => Promise.resolve(1),
  };
}

export function rateLimit(
  app: App,
  options: RateLimitOptions = DEFAULT_RATE_LIMIT,
): MiddlewareFn<BotContext> {
  // The library calls onLimitExceeded without awaiting it; the notice is kept here and awaited below.
  const notices = new WeakMap<BotContext, Promise<void>>();
  const limiter = limit<BotContext, ReturnType<typeof atomicRateLimitStore>>({
    timeFrame: options.windowMs,
    limit: options.limit,
    storageClient: atomicRateLimitStore(app.cache, options.windowMs),
    keyPrefix: RATE_LIMIT_KEY_PREFIX,
    keyGenerator: (ctx) => (ctx.from ? String(ctx.from.id) : undefined),
    // Called once per window, when the limit is first exceeded.
    onLimitExceeded: (ctx) => {
      ctx.log.warn({ limit: options.limit, windowMs: options.windowMs }, 'lawyer rate-limited');
      notices.set(ctx, tellToSlowDown(ctx));
    },
  });
  return async (ctx, next) => {
    if (!app.flags.isEnabled('enableRateLimiting')) {
      await next();
      return;
    }
    let passed = false;
    await limiter(ctx, () => {
      passed = true;
      return next();
    });
    // Over the limit the library drops the update silently (the notice goes out once per window).
    if (!passed) stopUpdate(ctx, 'refused');
    const notice = notices.get(ctx);
    if (notice) await notice;
  };
}

async function tellToSlowDown(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: SLOW_DOWN_TEXT });
  else if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(SLOW_DOWN_TEXT);
}
