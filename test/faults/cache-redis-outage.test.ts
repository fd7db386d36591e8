// Redis going away never makes a caller wait: every cache call fails fast with a CacheError naming Redis,
// start-up names an unreachable Redis within seconds, and the cache works again by itself when Redis is back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Cache } from '../../core/cache/cache.ts';
import { openCache } from '../../core/cache/open.ts';
import { CacheError } from '../../core/errors.ts';
import { eventually, silentLogger } from '../support/fixtures.ts';
import { integrationSuite } from '../support/services.ts';
import { freePort, ownRedis, type OwnRedis } from '../integration/resilience/own-redis.ts';

/** Every kind of call a request or an update can make, each expected to settle quickly. */
const CALLS: Array<[string, (cache: Cache) => Promise<unknown>]> = [
  ['get', (cache) => cache.get('session:1')],
  ['set', (cache) => cache.set('session:1', 'x', 60_000)],
  ['setIfAbsent', (cache) => cache.setIfAbsent('update:1:1', '1', 60_000)],
  ['delete', (cache) => cache.delete('session:1')],
  ['incr', (cache) => cache.incr('ratelimit:1', 10_000)],
  ['takeTokens', (cache) => cache.takeTokens('bucket:1', 5, 1)],
  ['publish', (cache) => cache.publish('flags', 'x')],
  ['ping', (cache) => cache.ping()],
];

async function settleTime(call: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await call;
    return { ms: Date.now() - started, error: null };
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
}

integrationSuite('Redis outage', ['redis'], () => {
  let redis: OwnRedis;
  let cache: Cache;

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    cache = await openCache({ url: redis.url, keyPrefix: 'outage-test:' }, silentLogger());
  });
  afterAll(async () => {
    redis.resume();
    await cache.close();
    await redis.kill();
  });

  it('fails every call at once with a CacheError while Redis is down, and recovers by itself', async () => {
    await cache.set('session:1', 'intake step 2', 60_000);
    expect(cache.available()).toBe(true);

    await redis.kill();
    await eventually(() => expect(cache.available()).toBe(false));
    for (const [name, call] of CALLS) {
      const { ms, error } = await settleTime(call(cache));
      expect(error, name).toBeInstanceOf(CacheError);
      expect((error as CacheError).httpStatus).toBe(503);
      expect(ms, name).toBeLessThan(500);
    }

    await redis.start();
    await eventually(() => expect(cache.available()).toBe(true), 10_000);
    await expect(cache.setIfAbsent('update:1:2', '1', 60_000)).resolves.toBe(true);
  });

  it('fails a call on a stalled Redis after the command timeout instead of waiting for it', async () => {
    redis.stall();
    try {
      const { ms, error } = await settleTime(cache.get('session:1'));
      expect(error).toBeInstanceOf(CacheError);
      expect(ms).toBeGreaterThanOrEqual(1_500);
      expect(ms).toBeLessThan(3_500);
    } finally {
      redis.resume();
    }
    await eventually(() => expect(cache.available()).toBe(true), 10_000);
    await expect(cache.ping()).resolves.toBeUndefined();
  });

  it('refuses to start within seconds when Redis is unreachable, naming Redis and its URL without the password', async () => {
    const url = `redis://:start-pass-77@127.0.0.1:${await freePort()}/0`;
    const { ms, error } = await settleTime(openCache({ url, startTimeoutMs: 1_500 }, silentLogger()));
    expect(error).toBeInstanceOf(CacheError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Redis at redis:\/\/:redacted@127\.0\.0\.1:\d+\/0 is unreachable/);
    expect(message).not.toContain('start-pass-77');
    expect(ms).toBeLessThan(3_000);
  });
});
