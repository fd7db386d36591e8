// The token-bucket arithmetic, shared by the in-process cache and mirrored line for line by the Redis Lua script.
import type { TokenBucketResult } from './cache.ts';

export interface BucketState {
  tokens: number;
  /** Milliseconds on the clock the bucket was last updated with. */
  at: number;
}

/** Refill maths in floating point leaves 0.9999999 where 1 was meant; this much is treated as rounding. */
const ROUNDING_SLACK = 1e-6;

/**
 * A missing bucket is full. Tokens refill continuously with elapsed time (a clock going backwards adds
 * nothing). Returns the new state, the answer, and how long the state is worth keeping: once the
 * bucket would be full again it is the same as a missing one.
 */
export function takeFromBucket(
  state: BucketState | null,
  now: number,
  capacity: number,
  refillPerSecond: number,
  cost: number,
): { state: BucketState; result: TokenBucketResult; keepForMs: number } {
  const previous = state ?? { tokens: capacity, at: now };
  const elapsedMs = Math.max(0, now - previous.at);
  let tokens = Math.min(capacity, previous.tokens + (elapsedMs * refillPerSecond) / 1000);
  let allowed = false;
  let retryAfterMs = 0;
  if (tokens + ROUNDING_SLACK >= cost) {
    tokens = Math.max(0, tokens - cost);
    allowed = true;
  } else {
    retryAfterMs = Math.max(1, Math.ceil(((cost - tokens) * 1000) / refillPerSecond - ROUNDING_SLACK));
  }
  const keepForMs = Math.ceil(((capacity - tokens) * 1000) / refillPerSecond) + 1000;
  return {
    state: { tokens, at: now },
    result: { allowed, remaining: Math.floor(tokens + ROUNDING_SLACK), retryAfterMs },
    keepForMs,
  };
}

/** The same arithmetic (and rounding slack) inside Redis, with Redis's own clock so every replica shares one timeline. */
export const TAKE_TOKENS_LUA = `
local capacity = tonumber(ARGV[1])
local refill_per_second = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(saved[1])
local at = tonumber(saved[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
local elapsed_ms = math.max(0, now - at)
tokens = math.min(capacity, tokens + elapsed_ms * refill_per_second / 1000)
local allowed = 0
local retry_after_ms = 0
if tokens + 1e-6 >= cost then
  tokens = math.max(0, tokens - cost)
  allowed = 1
else
  retry_after_ms = math.max(1, math.ceil((cost - tokens) * 1000 / refill_per_second - 1e-6))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / refill_per_second) + 1000)
return { allowed, math.floor(tokens + 1e-6), retry_after_ms }
`;
