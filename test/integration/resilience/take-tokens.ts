// A separate OS process for the Redis rate-limiter test: opens its own Redis connection, says "ready",
// waits for "go" on stdin, then takes tokens concurrently and prints how many it was granted.
import { once } from 'node:events';
import { pino } from 'pino';
import { openRedisCache } from '../../../core/cache/redis.ts';
import { createRateLimiter } from '../../../core/resilience/rate-limiter.ts';

export interface TakerRun {
  url: string;
  keyPrefix: string;
  limit: string;
  key: string;
  capacity: number;
  refillPerSecond: number;
  attempts: number;
}

const run = JSON.parse(process.argv[2] ?? '') as TakerRun;
// stdout carries the protocol with the parent test; logs go to stderr.
const cache = await openRedisCache(
  { url: run.url, keyPrefix: run.keyPrefix },
  pino({ level: 'warn' }, pino.destination(2)),
);
const limiter = createRateLimiter(cache, {
  name: run.limit,
  capacity: run.capacity,
  refillPerSecond: run.refillPerSecond,
});
await cache.ping();
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();

const results = await Promise.all(Array.from({ length: run.attempts }, () => limiter.take(run.key)));
process.stdout.write(`${JSON.stringify({ granted: results.filter((result) => result.allowed).length })}\n`);
await cache.close();
