// The Cache over Redis (ioredis): shared by every replica, so sessions, limits and fan-out work across pods.
//
// Every command is bounded in time. ioredis by default parks commands in an offline queue while it
// reconnects, so with Redis gone a lawyer's update or an admin request would wait for minutes. Here the
// queue is off (a command on a broken connection fails at once) and a command on a live but stalled
// connection fails after `commandTimeoutMs`; either way the caller gets a CacheError (3100, 503) and
// decides: pass through (rate limits, notices) or fail fast with that error.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { checkBucketArguments, checkTtl } from './arguments.ts';
import { CacheError } from '../errors.ts';
import type { Cache, TokenBucketResult } from './cache.ts';
import { TAKE_TOKENS_LUA } from './token-bucket.ts';

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key and channel, so several deployments (or test files) can share one Redis. */
  keyPrefix?: string;
  /** How long `ping` waits before reporting Redis as down (default 1000). */
  pingTimeoutMs?: number;
  /** How the connections appear in CLIENT LIST (default `megaagent`; the subscriber adds `-subscriber`). */
  connectionName?: string;
  /** Longest one command may take before it fails with a CacheError (default 2000). */
  commandTimeoutMs?: number;
  /** Longest a connection attempt may take (default 2000). */
  connectTimeoutMs?: number;
}

/** The URL with its password replaced, for messages an operator reads. */
function redisUrlForHumans(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return 'an unparseable REDIS_URL';
  }
}

export interface RedisCache extends Cache {
  readonly kind: 'redis';
  /** The raw connection, already prefixed, for libraries that need one (bot sessions, @fastify/rate-limit). */
  readonly client: Redis;
  /**
   * Resolves once the connection is ready; rejects with a CacheError naming Redis and its URL (password
   * redacted) when it is not ready within `timeoutMs`. Start-up calls this to fail in seconds, not minutes.
   */
  whenReady(timeoutMs: number): Promise<void>;
}

/** Increment and first-time expiry in one step: a counter can never be left without its TTL. */
const INCR_WITH_TTL_LUA = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCR', KEYS[1])
local ttl_ms = tonumber(ARGV[1])
if created and ttl_ms > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl_ms)
end
return value
`;

interface CacheScripts {
  megaagentTakeTokens(
    key: string,
    capacity: number,
    refillPerSecond: number,
    cost: number,
  ): Promise<[number, number, number]>;
  megaagentIncr(key: string, ttlMs: number): Promise<number>;
}

const ERROR_REPEAT_MS = 30_000;

/** Logs connection trouble once per distinct error (and again every 30 s), not on every reconnect attempt. */
function reportConnectionTrouble(connection: Redis, role: string, log: Logger): void {
  let lastMessage: string | null = null;
  let lastLoggedAt = 0;
  connection.on('error', (err: Error) => {
    const at = Date.now();
    if (err.message === lastMessage && at - lastLoggedAt < ERROR_REPEAT_MS) return;
    lastMessage = err.message;
    lastLoggedAt = at;
    log.warn({ err, role }, 'Redis connection error; reconnecting');
  });
  connection.on('ready', () => {
    if (lastMessage === null) return;
    lastMessage = null;
    log.info({ role }, 'Redis connection restored');
  });
}

const QUIT_WAIT_MS = 1_000;

/** Resolves once the socket is closed (QUIT's reply comes before that), or drops it after a short wait. */
async function closeConnection(connection: Redis, log: Logger): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') {
    // QUIT would wait in the offline queue for a server that may never come back. (ioredis 6.0.0 then
    // stays in 'reconnecting' without retrying: redis/ioredis#2169.)
    connection.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    connection.once('end', resolve);
    timer = setTimeout(() => {
      log.warn('Redis did not close the connection after QUIT; dropping it');
      connection.disconnect();
      resolve();
    }, QUIT_WAIT_MS);
  });
  try {
    await connection.quit();
  } catch (err) {
    log.warn({ err }, 'Redis QUIT failed; dropping the connection');
    connection.disconnect();
    clearTimeout(timer);
    return;
  }
  await ended;
  clearTimeout(timer);
}

export async function openRedisCache(opts: RedisCacheOptions, log: Logger): Promise<RedisCache> {
  const prefix = opts.keyPrefix ?? '';
  const pingTimeoutMs = opts.pingTimeoutMs ?? 1_000;
  const connectionName = opts.connectionName ?? 'megaagent';
  const commandTimeoutMs = opts.commandTimeoutMs ?? 2_000;
  const client = new Redis(opts.url, {
    ...(prefix ? { keyPrefix: prefix } : {}),
    connectionName,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: opts.connectTimeoutMs ?? 2_000,
    // A command in flight when the connection drops fails instead of being sent again after a reconnect.
    maxRetriesPerRequest: 0,
    scripts: {
      megaagentTakeTokens: { lua: TAKE_TOKENS_LUA, numberOfKeys: 1 },
      megaagentIncr: { lua: INCR_WITH_TTL_LUA, numberOfKeys: 1 },
    },
  });
  reportConnectionTrouble(client, 'commands', log);
  const scripts = client as Redis & CacheScripts;

  // A connection that has subscribed can do nothing else, so subscriptions get their own, opened on first use.
  let subscriber: Redis | undefined;
  const subscriptions = new Map<
    string,
    { listeners: Set<(message: string) => void>; subscribed: Promise<unknown> }
  >();

  function subscriberConnection(): Redis {
    if (subscriber) return subscriber;
    // The subscriber keeps the offline queue: SUBSCRIBE is sent while it first connects, and ioredis
    // subscribes again by itself after a reconnect. No update or request waits on this connection.
    const connection = client.duplicate({
      connectionName: `${connectionName}-subscriber`,
      enableOfflineQueue: true,
    });
    reportConnectionTrouble(connection, 'subscriber', log);
    connection.on('message', (channel: string, message: string) => {
      for (const listener of subscriptions.get(channel)?.listeners ?? []) {
        try {
          listener(message);
        } catch (err) {
          log.error({ err, channel }, 'cache subscriber failed on a message');
        }
      }
    });
    subscriber = connection;
    return connection;
  }

  /** Runs one command; a Redis failure (down, stalled, refused) becomes a CacheError naming the operation. */
  async function command<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof RangeError) throw err; // our own argument check, not Redis
      throw new CacheError(
        { operation, connection: client.status },
        { message: `Redis ${operation} failed (${client.status}): ${(err as Error).message}`, cause: err },
      );
    }
  }

  const cache: RedisCache = {
    kind: 'redis',
    client,

    available: () => client.status === 'ready',

    get: (key) => command('GET', () => client.get(key)),

    set: (key, value, ttlMs) =>
      command('SET', async () => {
        if (ttlMs === undefined) await client.set(key, value);
        else await client.set(key, value, 'PX', checkTtl(ttlMs));
      }),

    setIfAbsent: (key, value, ttlMs) =>
      command('SET NX', async () => (await client.set(key, value, 'PX', checkTtl(ttlMs), 'NX')) === 'OK'),

    delete: (key) =>
      command('DEL', async () => {
        await client.del(key);
      }),

    incr: (key, ttlMs) =>
      command('INCR', () => scripts.megaagentIncr(key, ttlMs === undefined ? 0 : checkTtl(ttlMs))),

    takeTokens: (key, capacity, refillPerSecond, cost = 1): Promise<TokenBucketResult> =>
      command('token bucket', async () => {
        checkBucketArguments(capacity, refillPerSecond, cost);
        const [allowed, remaining, retryAfterMs] = await scripts.megaagentTakeTokens(
          key,
          capacity,
          refillPerSecond,
          cost,
        );
        return { allowed: allowed === 1, remaining, retryAfterMs };
      }),

    publish: (channel, message) =>
      command('PUBLISH', async () => {
        await client.publish(prefix + channel, message);
      }),

    async whenReady(timeoutMs) {
      if (client.status === 'ready') return;
      let timer: NodeJS.Timeout | undefined;
      let onReady: (() => void) | undefined;
      try {
        await new Promise<void>((resolve, reject) => {
          onReady = resolve;
          client.once('ready', resolve);
          timer = setTimeout(() => {
            reject(
              new CacheError(
                { url: redisUrlForHumans(opts.url), connection: client.status, waitedMs: timeoutMs },
                {
                  message: `Redis at ${redisUrlForHumans(opts.url)} is unreachable: no connection within ${timeoutMs} ms. Check REDIS_URL and that Redis is running.`,
                },
              ),
            );
          }, timeoutMs);
        });
      } finally {
        clearTimeout(timer);
        if (onReady) client.off('ready', onReady);
      }
    },

    async subscribe(channel, onMessage) {
      const name = prefix + channel;
      let entry = subscriptions.get(name);
      if (!entry) {
        entry = { listeners: new Set(), subscribed: subscriberConnection().subscribe(name) };
        subscriptions.set(name, entry);
      }
      // Its own identity, so one function subscribed twice is two subscriptions.
      const listener = (message: string): void => onMessage(message);
      entry.listeners.add(listener);
      try {
        await entry.subscribed;
      } catch (err) {
        entry.listeners.delete(listener);
        if (entry.listeners.size === 0 && subscriptions.get(name) === entry) subscriptions.delete(name);
        throw err;
      }
      return async () => {
        const current = subscriptions.get(name);
        if (!current?.listeners.delete(listener) || current.listeners.size > 0) return;
        subscriptions.delete(name);
        // Commands on one connection run in order, so a SUBSCRIBE sent after this still wins.
        await subscriberConnection().unsubscribe(name);
      };
    },

    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Redis did not answer PING within ${pingTimeoutMs} ms (connection: ${client.status})`,
              ),
            ),
          pingTimeoutMs,
        );
      });
      try {
        await Promise.race([command('PING', () => client.ping()), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      subscriptions.clear();
      await Promise.all(
        [subscriber, client].filter((c) => c !== undefined).map((c) => closeConnection(c, log)),
      );
    },
  };
  await firstConnectionOutcome(client, opts.connectTimeoutMs ?? 2_000);
  return cache;
}

/**
 * Waits until the first connection attempt has either succeeded or failed, so a cache opened on a running
 * Redis takes commands at once (there is no offline queue to hold them). A Redis that is down is not an
 * error here: the caller decides (start-up waits with `whenReady`, probes report it).
 */
async function firstConnectionOutcome(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const timer = setTimeout(settle, timeoutMs);
  client.once('ready', settle);
  client.once('error', settle);
  try {
    await settled;
  } finally {
    clearTimeout(timer);
    client.off('ready', settle);
    client.off('error', settle);
  }
}
