// Shared rate limits (per lawyer, per API key, per provider quota): a token bucket kept in the cache, so
// every replica draws from the same bucket when the cache is Redis (one atomic script per take).
import { checkBucketArguments } from '../cache/arguments.ts';
import type { Cache, TokenBucketResult } from '../cache/cache.ts';

export interface RateLimiterOptions {
  /** Names the limit (e.g. 'llm-per-lawyer'); buckets of different limits never share a key. */
  name: string;
  /** Largest burst: a full bucket holds this many tokens. */
  capacity: number;
  /** Sustained rate: tokens added back per second, continuously. */
  refillPerSecond: number;
}

export interface RateLimiter {
  readonly name: string;
  /**
   * Takes `cost` tokens (default 1) from the bucket of `key` (a lawyer id, an API key...). When not
   * allowed nothing is taken and `retryAfterMs` says when the same take would succeed.
   */
  take(key: string, cost?: number): Promise<TokenBucketResult>;
}

export function createRateLimiter(cache: Cache, opts: RateLimiterOptions): RateLimiter {
  const { name, capacity, refillPerSecond } = opts;
  // No ':' in the name, so limit 'a:b' on key 'c' can never share a bucket with limit 'a' on key 'b:c'.
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`rate limiter name must be a plain word, got "${name}"`);
  // A limit that can never be honoured is a configuration mistake: refuse it at start, not per call.
  checkBucketArguments(capacity, refillPerSecond, 0);
  return {
    name,
    take: (key, cost = 1) => cache.takeTokens(`ratelimit:${name}:${key}`, capacity, refillPerSecond, cost),
  };
}
