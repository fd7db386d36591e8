// The in-process Cache: the embedded default and tests. Same semantics as Redis, visible to this process only.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { checkBucketArguments, checkTtl } from './arguments.ts';
import type { Cache } from './cache.ts';
import { takeFromBucket, type BucketState } from './token-bucket.ts';

export interface MemoryCacheOptions {
  /** Milliseconds, monotonic; tests pass a fake clock to step through TTLs and refills. */
  now?: () => number;
  /** Where a subscriber's exception is reported (it must not reach the publisher). */
  log?: Logger;
}

type Entry =
  | { kind: 'string'; value: string; expiresAt: number }
  | { kind: 'bucket'; bucket: BucketState; expiresAt: number };

const SWEEP_EVERY_MS = 60_000;

export function openMemoryCache(opts: MemoryCacheOptions = {}): Cache {
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  const channels = new EventEmitter();
  channels.setMaxListeners(0);
  let closed = false;

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function stringAt(key: string): string | null {
    const entry = live(key);
    if (!entry) return null;
    // Redis answers WRONGTYPE too; the same mistake must fail in development as it would in production.
    if (entry.kind !== 'string')
      throw new Error(`WRONGTYPE cache key ${key} holds a token bucket, not a value`);
    return entry.value;
  }

  /** Answers as a server would: later, and with a rejection (never a synchronous throw) for a bad call. */
  function answer<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      if (closed) throw new Error('the in-process cache is closed');
      resolve(work());
    });
  }

  // Expired keys nobody reads again would otherwise stay forever.
  const sweeper = setInterval(() => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }, SWEEP_EVERY_MS);
  sweeper.unref();

  function deliver(channel: string, message: string): void {
    for (const listener of channels.listeners(channel) as Array<(message: string) => void>) {
      try {
        listener(message);
      } catch (err) {
        if (opts.log) opts.log.error({ err, channel }, 'cache subscriber failed on a message');
        else process.emitWarning(err as Error);
      }
    }
  }

  return {
    kind: 'memory',

    available: () => !closed,

    get: (key) => answer(() => stringAt(key)),

    set: (key, value, ttlMs) =>
      answer(() => {
        entries.set(key, {
          kind: 'string',
          value,
          expiresAt: ttlMs === undefined ? Infinity : now() + checkTtl(ttlMs),
        });
      }),

    setIfAbsent: (key, value, ttlMs) =>
      answer(() => {
        const expiresAt = now() + checkTtl(ttlMs);
        if (live(key)) return false;
        entries.set(key, { kind: 'string', value, expiresAt });
        return true;
      }),

    delete: (key) =>
      answer(() => {
        entries.delete(key);
      }),

    incr: (key, ttlMs) =>
      answer(() => {
        const ttl = ttlMs === undefined ? undefined : checkTtl(ttlMs);
        const current = stringAt(key);
        if (current === null) {
          entries.set(key, {
            kind: 'string',
            value: '1',
            expiresAt: ttl === undefined ? Infinity : now() + ttl,
          });
          return 1;
        }
        if (!/^-?\d+$/.test(current) || !Number.isSafeInteger(Number(current) + 1)) {
          throw new Error(`ERR cache key ${key} does not hold an integer`);
        }
        const next = Number(current) + 1;
        const entry = entries.get(key);
        if (entry?.kind === 'string') entry.value = String(next);
        return next;
      }),

    takeTokens: (key, capacity, refillPerSecond, cost = 1) =>
      answer(() => {
        checkBucketArguments(capacity, refillPerSecond, cost);
        const entry = live(key);
        if (entry && entry.kind !== 'bucket')
          throw new Error(`WRONGTYPE cache key ${key} holds a value, not a token bucket`);
        const at = now();
        const taken = takeFromBucket(entry?.bucket ?? null, at, capacity, refillPerSecond, cost);
        entries.set(key, { kind: 'bucket', bucket: taken.state, expiresAt: at + taken.keepForMs });
        return taken.result;
      }),

    publish: (channel, message) =>
      answer(() => {
        // Delivered later, as over Redis: the publisher never runs subscriber code in its own call.
        setImmediate(deliver, channel, message);
      }),

    subscribe: (channel, onMessage) =>
      answer(() => {
        const listener = (message: string): void => onMessage(message);
        channels.on(channel, listener);
        return () => {
          channels.off(channel, listener);
          return Promise.resolve();
        };
      }),

    ping: () => answer(() => undefined),

    close() {
      closed = true;
      clearInterval(sweeper);
      channels.removeAllListeners();
      entries.clear();
      return Promise.resolve();
    },
  };
}
