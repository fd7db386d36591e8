// Real Redis: the shared Cache contract, plus what only a shared server brings (expiry on every key, fan-out across processes).
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { openCache } from '../../../core/cache/open.ts';
import { openRedisCache } from '../../../core/cache/redis.ts';
import { cacheContract } from '../../support/contracts/cache.contract.ts';
import { eventually, test, uniqueTestName } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

const redisTest = test.extend('cache', { scope: 'file' }, ({ redisCache }) => redisCache);

integrationSuite('Redis cache', ['redis'], () => {
  describe('contract', () => {
    cacheContract(redisTest);
  });

  describe('server behaviour', () => {
    test('gives every token bucket an expiry, so none can be left stuck', async ({ redisCache }) => {
      const key = `bucket:${randomUUID()}`;
      await redisCache.takeTokens(key, 10, 5);
      const ttl = await redisCache.client.pttl(key);
      // One token to refill at 5 per second (200 ms) plus the 1 s margin.
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1_200);
      expect(await redisCache.client.hgetall(key)).toMatchObject({ tokens: '9' });
    });

    test('counts refills on Redis’s clock, not the caller’s', async ({ redisCache }) => {
      const key = `bucket:${randomUUID()}`;
      await redisCache.takeTokens(key, 3, 1);
      const [seconds, micros] = await redisCache.client.time();
      const saved = Number(await redisCache.client.hget(key, 'at'));
      expect(Math.abs(Number(seconds) * 1000 + Number(micros) / 1000 - saved)).toBeLessThan(1_000);
    });

    test('gives a counter its TTL in the same step as its creation', async ({ redisCache }) => {
      const key = `counter:${randomUUID()}`;
      await redisCache.incr(key, 60_000);
      const ttl = await redisCache.client.pttl(key);
      expect(ttl).toBeGreaterThan(59_000);
      await redisCache.incr(key);
      expect(await redisCache.client.pttl(key)).toBeLessThanOrEqual(ttl);
    });

    test('shares values and messages with another process on the same prefix, and with no other', async ({
      redisCache,
      log,
    }) => {
      const keyPrefix = redisCache.client.options.keyPrefix ?? '';
      const sameDeployment = await openRedisCache({ url: testServiceUrls.redis, keyPrefix }, log);
      const otherDeployment = await openRedisCache(
        { url: testServiceUrls.redis, keyPrefix: `${uniqueTestName('megaagent-test:')}:` },
        log,
      );
      try {
        const key = `session:${randomUUID()}`;
        await redisCache.set(key, 'intake step 2', 60_000);
        await expect(sameDeployment.get(key)).resolves.toBe('intake step 2');
        await expect(otherDeployment.get(key)).resolves.toBeNull();

        const heardHere: string[] = [];
        const heardElsewhere: string[] = [];
        const stopHere = await sameDeployment.subscribe('allow-list:changed', (m) => heardHere.push(m));
        const stopElsewhere = await otherDeployment.subscribe('allow-list:changed', (m) =>
          heardElsewhere.push(m),
        );
        await redisCache.publish('allow-list:changed', '424242');
        await eventually(() => expect(heardHere).toEqual(['424242']));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(heardElsewhere).toEqual([]);
        await stopHere();
        await stopElsewhere();
      } finally {
        await sameDeployment.close();
        await otherDeployment.close();
      }
    });

    test('a subscription made again after the last one ended still receives messages', async ({
      redisCache,
    }) => {
      const channel = `flags:${randomUUID()}`;
      const stopFirst = await redisCache.subscribe(channel, () => undefined);
      const unsubscribing = stopFirst();
      const received: string[] = [];
      const stopSecond = await redisCache.subscribe(channel, (m) => received.push(m));
      await unsubscribing;
      await redisCache.publish(channel, 'drafting:off');
      await eventually(() => expect(received).toEqual(['drafting:off']));
      await stopSecond();
    });

    test('close quits both the command and the subscriber connection', async ({ log }) => {
      const connectionName = uniqueTestName('megaagent_close_test_');
      const cache = await openRedisCache(
        { url: testServiceUrls.redis, keyPrefix: `${connectionName}:`, connectionName },
        log,
      );
      const stop = await cache.subscribe('anything', () => undefined);
      await stop();
      const observer = await openRedisCache({ url: testServiceUrls.redis }, log);
      try {
        const ours = async (): Promise<string[]> =>
          String(await observer.client.client('LIST'))
            .split('\n')
            .filter((line) => line.includes(`name=${connectionName}`))
            .map((line) => /name=(\S+)/.exec(line)?.[1] ?? '');
        expect((await ours()).sort()).toEqual([connectionName, `${connectionName}-subscriber`]);
        await cache.close();
        expect(cache.client.status).toBe('end');
        await eventually(async () => expect(await ours()).toEqual([]));
        await expect(cache.ping()).rejects.toThrow();
      } finally {
        await observer.close();
      }
    });

    test('is what openCache chooses when given a URL', async ({ log }) => {
      const cache = await openCache(
        { url: testServiceUrls.redis, keyPrefix: `${uniqueTestName('megaagent-test:')}:` },
        log,
      );
      try {
        expect(cache.kind).toBe('redis');
        await expect(cache.ping()).resolves.toBeUndefined();
      } finally {
        await cache.close();
      }
    });
  });
});
