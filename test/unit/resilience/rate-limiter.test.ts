// Protects shared rate limits on the in-process cache: bursts up to the capacity, then a steady refill.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../../core/cache/cache.ts';
import { openMemoryCache } from '../../../core/cache/memory.ts';
import { createRateLimiter } from '../../../core/resilience/rate-limiter.ts';

const caches: Cache[] = [];
function cacheWithClock() {
  const clock = { ms: 1_000_000 };
  const cache = openMemoryCache({ now: () => clock.ms });
  caches.push(cache);
  return { cache, advance: (ms: number) => void (clock.ms += ms) };
}
afterEach(async () => {
  for (const cache of caches.splice(0)) await cache.close();
});

describe('token-bucket rate limiter (memory cache)', () => {
  it('lets a burst through up to the capacity, then refuses with the wait until the next token', async () => {
    const { cache } = cacheWithClock();
    const limiter = createRateLimiter(cache, { name: 'llm-per-lawyer', capacity: 5, refillPerSecond: 1 });
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await limiter.take('lawyer-1'));
    expect(burst).toEqual(
      [4, 3, 2, 1, 0].map((remaining) => ({ allowed: true, remaining, retryAfterMs: 0 })),
    );
    expect(await limiter.take('lawyer-1')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
  });

  it('refills continuously over time, never above the capacity', async () => {
    const { cache, advance } = cacheWithClock();
    const limiter = createRateLimiter(cache, { name: 'uploads', capacity: 3, refillPerSecond: 2 });
    for (let i = 0; i < 3; i++) expect((await limiter.take('lawyer-1')).allowed).toBe(true);

    advance(250); // half a token
    expect(await limiter.take('lawyer-1')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 250 });
    advance(250);
    expect(await limiter.take('lawyer-1')).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });

    advance(60_000); // an idle minute refills to 3, not to 120
    const after = [];
    for (let i = 0; i < 4; i++) after.push((await limiter.take('lawyer-1')).allowed);
    expect(after).toEqual([true, true, true, false]);
  });

  it('refuses a costly take without spending tokens, and says when it would fit', async () => {
    const { cache } = cacheWithClock();
    const limiter = createRateLimiter(cache, { name: 'drafting', capacity: 10, refillPerSecond: 4 });
    expect(await limiter.take('lawyer-1', 8)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    expect(await limiter.take('lawyer-1', 5)).toEqual({ allowed: false, remaining: 2, retryAfterMs: 750 });
    expect(await limiter.take('lawyer-1', 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('keeps a separate bucket per key and per limit', async () => {
    const { cache } = cacheWithClock();
    const perLawyer = createRateLimiter(cache, { name: 'per-lawyer', capacity: 1, refillPerSecond: 1 });
    const perKey = createRateLimiter(cache, { name: 'per-api-key', capacity: 1, refillPerSecond: 1 });
    expect((await perLawyer.take('42')).allowed).toBe(true);
    expect((await perLawyer.take('42')).allowed).toBe(false);
    expect((await perLawyer.take('43')).allowed).toBe(true);
    expect((await perKey.take('42')).allowed).toBe(true);
  });

  it('refills on the real clock too', async () => {
    const cache = openMemoryCache();
    caches.push(cache);
    const limiter = createRateLimiter(cache, { name: 'real-clock', capacity: 2, refillPerSecond: 10 });
    expect((await limiter.take('k')).allowed).toBe(true);
    expect((await limiter.take('k')).allowed).toBe(true);
    const refused = await limiter.take('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    await sleep(refused.retryAfterMs + 5);
    expect((await limiter.take('k')).allowed).toBe(true);
  });

  it('refuses a limit that can never be honoured when it is created, and a take larger than the bucket', async () => {
    const { cache } = cacheWithClock();
    expect(() => createRateLimiter(cache, { name: 'broken', capacity: 0, refillPerSecond: 1 })).toThrow(
      RangeError,
    );
    expect(() => createRateLimiter(cache, { name: 'broken', capacity: 5, refillPerSecond: 0 })).toThrow(
      RangeError,
    );
    expect(() => createRateLimiter(cache, { name: 'with:colon', capacity: 5, refillPerSecond: 1 })).toThrow(
      'rate limiter name must be a plain word',
    );
    const limiter = createRateLimiter(cache, { name: 'small', capacity: 2, refillPerSecond: 1 });
    await expect(limiter.take('k', 3)).rejects.toThrow(RangeError);
  });
});
