// Protects shared rate limits on real Redis: one bucket for every process, exact under concurrency.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RedisCache } from '../../../core/cache/redis.ts';
import { createRateLimiter } from '../../../core/resilience/rate-limiter.ts';
import { it, uniqueTestName } from '../../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';
import type { TakerRun } from './take-tokens.ts';

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const TAKER = fileURLToPath(new URL('./take-tokens.ts', import.meta.url));

interface Taker {
  ready: Promise<void>;
  go(): void;
  granted: Promise<number>;
}

/** Starts take-tokens.ts in its own OS process; it takes tokens once told to go. */
function startTaker(run: TakerRun): Taker {
  const child = spawn(NODE, [TAKER, JSON.stringify(run)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`token taker exited with ${code}: ${stderr}`)),
    );
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const line = await Promise.race([lines.next(), exited.then(() => ({ done: true, value: '' }) as const)]);
    if (line.done) throw new Error(`token taker stopped before answering: ${stderr}`);
    return line.value;
  };
  const ready = nextLine().then((line) => {
    if (line !== 'ready') throw new Error(`token taker said "${line}" instead of ready`);
  });
  const granted = ready.then(async () => {
    const answer = JSON.parse(await nextLine()) as { granted: number };
    await exited;
    return answer.granted;
  });
  return { ready, granted, go: () => child.stdin.end('go\n') };
}

function prefixOf(cache: RedisCache): string {
  const prefix = cache.client.options.keyPrefix;
  if (!prefix) throw new Error('the test Redis cache has no key prefix');
  return prefix;
}

integrationSuite('token-bucket rate limiter on Redis', ['redis'], () => {
  it('grants exactly the capacity when two OS processes race for the same bucket', async ({ redisCache }) => {
    const capacity = 60;
    const run: TakerRun = {
      url: testServiceUrls.redis,
      keyPrefix: prefixOf(redisCache),
      limit: 'exactness',
      key: uniqueTestName('lawyer-'),
      capacity,
      // About one token per 17 minutes: no whole token comes back while the test runs.
      refillPerSecond: 0.001,
      attempts: 100,
    };
    const takers = [startTaker(run), startTaker(run)];
    await Promise.all(takers.map((taker) => taker.ready));
    for (const taker of takers) taker.go();
    const granted = await Promise.all(takers.map((taker) => taker.granted));

    expect(granted.reduce((sum, n) => sum + n, 0)).toBe(capacity);
    // This process sees the same bucket, and it is empty.
    const limiter = createRateLimiter(redisCache, { name: 'exactness', capacity, refillPerSecond: 0.001 });
    expect(await limiter.take(run.key)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('lets a burst through to the capacity, refuses, then refills at the configured rate', async ({
    redisCache,
  }) => {
    const limiter = createRateLimiter(redisCache, { name: 'burst', capacity: 5, refillPerSecond: 5 });
    const key = uniqueTestName('lawyer-');
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await limiter.take(key));
    expect(burst.map((r) => r.allowed)).toEqual([true, true, true, true, true]);
    expect(burst.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0]);

    const refused = await limiter.take(key);
    expect(refused.allowed).toBe(false);
    // One token every 200 ms; a few ms have passed since the burst.
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(200);

    await sleep(refused.retryAfterMs + 10);
    expect((await limiter.take(key)).allowed).toBe(true);

    // Idle for 7 tokens' worth of time: the bucket fills to 5, not 7.
    await sleep(1400);
    const afterIdle = [];
    for (let i = 0; i < 7; i++) afterIdle.push((await limiter.take(key)).allowed);
    expect(afterIdle.filter(Boolean)).toHaveLength(5);
    expect(afterIdle.slice(0, 5)).toEqual([true, true, true, true, true]);
  });

  it('refuses a take larger than what is left without spending any tokens', async ({ redisCache }) => {
    const limiter = createRateLimiter(redisCache, { name: 'drafting', capacity: 10, refillPerSecond: 0.01 });
    const key = uniqueTestName('lawyer-');
    expect(await limiter.take(key, 8)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    const refused = await limiter.take(key, 5);
    expect(refused).toMatchObject({ allowed: false, remaining: 2 });
    // 3 missing tokens at 0.01/s: about 300 s.
    expect(refused.retryAfterMs).toBeGreaterThan(299_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(300_000);
    expect(await limiter.take(key, 2)).toMatchObject({ allowed: true, remaining: 0 });
  });
});
