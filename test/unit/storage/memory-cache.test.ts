// The in-process cache: the shared Cache contract in real time, then the token-bucket arithmetic step by step on a fake clock.
import { describe, expect, it } from 'vitest';
import { openMemoryCache } from '../../../core/cache/memory.ts';
import { openCache } from '../../../core/cache/open.ts';
import { cacheContract } from '../../support/contracts/cache.contract.ts';
import { capturingLogger, silentLogger, test } from '../../support/fixtures.ts';

describe('in-process cache', () => {
  cacheContract(test.extend('cache', ({ memoryCache }) => memoryCache));
});

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let at = start;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('in-process cache on a fake clock', () => {
  it('refills a bucket continuously and answers retryAfterMs to the millisecond', async () => {
    const clock = fakeClock();
    const cache = openMemoryCache({ now: clock.now });
    for (let i = 0; i < 10; i++) await cache.takeTokens('lawyer:7', 10, 2);
    await expect(cache.takeTokens('lawyer:7', 10, 2)).resolves.toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 500,
    });
    clock.advance(499);
    await expect(cache.takeTokens('lawyer:7', 10, 2)).resolves.toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 1,
    });
    clock.advance(1);
    await expect(cache.takeTokens('lawyer:7', 10, 2)).resolves.toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
    });
    // Never more than the capacity, however long the lawyer was away.
    clock.advance(3_600_000);
    await expect(cache.takeTokens('lawyer:7', 10, 2)).resolves.toEqual({
      allowed: true,
      remaining: 9,
      retryAfterMs: 0,
    });
    await cache.close();
  });

  it('adds nothing when the clock goes backwards', async () => {
    const clock = fakeClock();
    const cache = openMemoryCache({ now: clock.now });
    await cache.takeTokens('k', 1, 1);
    clock.advance(-10_000);
    await expect(cache.takeTokens('k', 1, 1)).resolves.toMatchObject({ allowed: false, retryAfterMs: 1000 });
    await cache.close();
  });

  it('expires values at exactly their TTL', async () => {
    const clock = fakeClock();
    const cache = openMemoryCache({ now: clock.now });
    await cache.set('session', 'intake step 3', 1000);
    clock.advance(999);
    await expect(cache.get('session')).resolves.toBe('intake step 3');
    clock.advance(1);
    await expect(cache.get('session')).resolves.toBeNull();
    await cache.close();
  });

  it('forgets a bucket once it would be full again, as the Redis expiry does', async () => {
    const clock = fakeClock();
    const cache = openMemoryCache({ now: clock.now });
    await cache.takeTokens('bucket', 4, 2);
    await cache.takeTokens('bucket', 4, 2);
    // Two tokens at 2 per second: full after 1 s, kept 1 s longer, then gone; a value may take the key.
    clock.advance(2_000);
    await expect(cache.get('bucket')).resolves.toBeNull();
    await cache.close();
  });

  it('reports a subscriber that throws to the log, not to the publisher', async () => {
    const { log, lines } = capturingLogger();
    const cache = openMemoryCache({ log });
    await cache.subscribe('flags', () => {
      throw new Error('subscriber bug');
    });
    await cache.publish('flags', 'x');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      lines.some((line) => line.level === 50 && line.msg === 'cache subscriber failed on a message'),
    ).toBe(true);
    await cache.close();
  });

  it('refuses calls after close', async () => {
    const cache = openMemoryCache();
    await cache.close();
    await expect(cache.get('k')).rejects.toThrow(/closed/);
    await expect(cache.ping()).rejects.toThrow(/closed/);
  });

  it('is what openCache chooses without a Redis URL', async () => {
    const cache = await openCache({ url: null, keyPrefix: 'megaagent:' }, silentLogger());
    expect(cache.kind).toBe('memory');
    await cache.close();
  });
});
