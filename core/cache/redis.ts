// The Cache over Redis (ioredis): shared by every replica, so sessions, limits and fan-out work across pods.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { checkBucketArguments, checkTtl } from './arguments.ts';
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
}

export interface RedisCache extends Cache {
  readonly kind: 'redis';
  /** The raw connection, already prefixed, for libraries that need one (bot sessions, @fastify/rate-limit). */
  readonly client: Redis;
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

export function openRedisCache(opts: RedisCacheOptions, log: Logger): Promise<RedisCache> {
  const prefix = opts.keyPrefix ?? '';
  const pingTimeoutMs = opts.pingTimeoutMs ?? 1_000;
  const connectionName = opts.connectionName ?? 'megaagent';
  const client = new Redis(opts.url, {
    ...(prefix ? { keyPrefix: prefix } : {}),
    connectionName,
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
    const connection = client.duplicate({ connectionName: `${connectionName}-subscriber` });
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

  const cache: RedisCache = {
    kind: 'redis',
    client,

    get: (key) => client.get(key),

    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await client.set(key, value);
      else await client.set(key, value, 'PX', checkTtl(ttlMs));
    },

    async setIfAbsent(key, value, ttlMs) {
      return (await client.set(key, value, 'PX', checkTtl(ttlMs), 'NX')) === 'OK';
    },

    async delete(key) {
      await client.del(key);
    },

    async incr(key, ttlMs) {
      return scripts.megaagentIncr(key, ttlMs === undefined ? 0 : checkTtl(ttlMs));
    },

    async takeTokens(key, capacity, refillPerSecond, cost = 1): Promise<TokenBucketResult> {
      checkBucketArguments(capacity, refillPerSecond, cost);
      const [allowed, remaining, retryAfterMs] = await scripts.megaagentTakeTokens(
        key,
        capacity,
        refillPerSecond,
        cost,
      );
      return { allowed: allowed === 1, remaining, retryAfterMs };
    },

    async publish(channel, message) {
      await client.publish(prefix + channel, message);
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
        // The PING left in the offline queue is rejected later and handled by the race.
        await Promise.race([client.ping(), timeout]);
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
  return Promise.resolve(cache);
}
