// What every Cache must do, run against the in-process cache (unit) and real Redis (integration) with real time.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestAPI } from 'vitest';
import { expect } from 'vitest';
import type { Cache } from '../../../core/cache/cache.ts';
import { eventually } from '../fixtures.ts';

export interface CacheContractFixtures {
  /** The cache under test; tests use keys of their own, so it may be shared by the file. */
  cache: Cache;
}

const key = (what: string): string => `${what}:${randomUUID()}`;

export function cacheContract<C extends CacheContractFixtures>(test: TestAPI<C>): void {
  test('stores, overwrites and deletes values', async ({ cache }) => {
    const k = key('session');
    await expect(cache.get(k)).resolves.toBeNull();
    await cache.set(k, 'step 1');
    await cache.set(k, 'step 2');
    await expect(cache.get(k)).resolves.toBe('step 2');
    await cache.delete(k);
    await expect(cache.get(k)).resolves.toBeNull();
    await expect(cache.delete(k)).resolves.toBeUndefined();
  });

  test('forgets a value once its TTL has passed', async ({ cache }) => {
    const k = key('ttl');
    await cache.set(k, 'short-lived', 80);
    await expect(cache.get(k)).resolves.toBe('short-lived');
    await sleep(160);
    await expect(cache.get(k)).resolves.toBeNull();
  });

  test('refuses a TTL that is not a positive number of milliseconds', async ({ cache }) => {
    await expect(cache.set(key('bad-ttl'), 'x', 0)).rejects.toThrow(RangeError);
    await expect(cache.setIfAbsent(key('bad-ttl'), 'x', -5)).rejects.toThrow(RangeError);
  });

  test('setIfAbsent lets exactly one of many concurrent callers win, until the TTL frees the key', async ({
    cache,
  }) => {
    const k = key('update');
    const wins = await Promise.all(
      Array.from({ length: 8 }, (_, i) => cache.setIfAbsent(k, `worker-${i}`, 150)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    await expect(cache.get(k)).resolves.toBe(`worker-${wins.indexOf(true)}`);
    await expect(cache.setIfAbsent(k, 'late', 150)).resolves.toBe(false);
    await sleep(250);
    await expect(cache.setIfAbsent(k, 'after expiry', 150)).resolves.toBe(true);
  });

  test('incr counts atomically from 1', async ({ cache }) => {
    const k = key('counter');
    await expect(cache.incr(k)).resolves.toBe(1);
    await expect(cache.incr(k)).resolves.toBe(2);
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.incr(k)));
    expect(new Set(values).size).toBe(20);
    await expect(cache.get(k)).resolves.toBe('22');
  });

  test('incr applies the TTL when the counter is created, and later increments do not extend it', async ({
    cache,
  }) => {
    const k = key('window');
    await expect(cache.incr(k, 200)).resolves.toBe(1);
    await sleep(120);
    await expect(cache.incr(k, 200)).resolves.toBe(2);
    await sleep(150);
    await expect(cache.incr(k, 200)).resolves.toBe(1);
  });

  test('incr refuses a value that is not an integer', async ({ cache }) => {
    const k = key('not-a-number');
    await cache.set(k, 'EB-1A');
    await expect(cache.incr(k)).rejects.toThrow(/integer/);
  });

  test('a token bucket allows a burst up to its capacity, then refuses with a sane retryAfterMs', async ({
    cache,
  }) => {
    const k = key('bucket');
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await cache.takeTokens(k, 5, 10));
    expect(burst.map((r) => r.allowed)).toEqual([true, true, true, true, true]);
    expect(burst.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(burst.every((r) => r.retryAfterMs === 0)).toBe(true);

    const refused = await cache.takeTokens(k, 5, 10);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    // One token takes 100 ms at 10 per second; some of it has already refilled.
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);

    await sleep(refused.retryAfterMs + 30);
    await expect(cache.takeTokens(k, 5, 10)).resolves.toMatchObject({ allowed: true, retryAfterMs: 0 });
  });

  test('a token bucket grants exactly its capacity to concurrent callers', async ({ cache }) => {
    const k = key('bucket-race');
    // 0.001 tokens per second: nothing refills during the test.
    const results = await Promise.all(Array.from({ length: 12 }, () => cache.takeTokens(k, 4, 0.001)));
    expect(results.filter((r) => r.allowed)).toHaveLength(4);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterMs > 100_000)).toBe(true);
  });

  test('a token bucket charges the cost and says how long until that many tokens are back', async ({
    cache,
  }) => {
    const k = key('bucket-cost');
    await expect(cache.takeTokens(k, 5, 10, 3)).resolves.toMatchObject({ allowed: true, remaining: 2 });
    const refused = await cache.takeTokens(k, 5, 10, 3);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(2);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    // A refused call takes nothing: the bucket refills from where it was.
    await sleep(refused.retryAfterMs + 30);
    await expect(cache.takeTokens(k, 5, 10, 3)).resolves.toMatchObject({ allowed: true });
  });

  test('token buckets under different keys are independent', async ({ cache }) => {
    const [a, b] = [key('bucket-a'), key('bucket-b')];
    await cache.takeTokens(a, 1, 0.001);
    await expect(cache.takeTokens(a, 1, 0.001)).resolves.toMatchObject({ allowed: false });
    await expect(cache.takeTokens(b, 1, 0.001)).resolves.toMatchObject({ allowed: true });
  });

  test('a token bucket refuses impossible arguments', async ({ cache }) => {
    await expect(cache.takeTokens(key('bucket-bad'), 2, 1, 3)).rejects.toThrow(RangeError);
    await expect(cache.takeTokens(key('bucket-bad'), 2, 0)).rejects.toThrow(RangeError);
    await expect(cache.takeTokens(key('bucket-bad'), 0, 1)).rejects.toThrow(RangeError);
  });

  test('publish delivers to every subscriber of the channel, and not after unsubscribing', async ({
    cache,
  }) => {
    const channel = key('allow-list:changed');
    const first: string[] = [];
    const second: string[] = [];
    const other: string[] = [];
    const stopFirst = await cache.subscribe(channel, (m) => first.push(m));
    const stopSecond = await cache.subscribe(channel, (m) => second.push(m));
    const stopOther = await cache.subscribe(key('feature-flags'), (m) => other.push(m));

    await cache.publish(channel, '12345');
    await eventually(() => {
      expect(first).toEqual(['12345']);
      expect(second).toEqual(['12345']);
    });

    await stopFirst();
    await cache.publish(channel, '67890');
    await eventually(() => expect(second).toEqual(['12345', '67890']));
    expect(first).toEqual(['12345']);
    expect(other).toEqual([]);
    await stopSecond();
    await stopOther();
  });

  test('a subscriber that throws does not stop the others or the publisher', async ({ cache }) => {
    const channel = key('flags');
    const received: string[] = [];
    const stopBroken = await cache.subscribe(channel, () => {
      throw new Error('subscriber bug');
    });
    const stopGood = await cache.subscribe(channel, (m) => received.push(m));
    await expect(cache.publish(channel, 'drafting:on')).resolves.toBeUndefined();
    await eventually(() => expect(received).toEqual(['drafting:on']));
    await stopBroken();
    await stopGood();
  });

  test('refuses to read a token bucket as a value', async ({ cache }) => {
    const k = key('bucket-as-value');
    await cache.takeTokens(k, 2, 1);
    await expect(cache.get(k)).rejects.toThrow(/WRONGTYPE/);
  });

  test('answers a ping', async ({ cache }) => {
    await expect(cache.ping()).resolves.toBeUndefined();
  });
}
