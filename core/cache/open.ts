// Chooses the cache: Redis when a URL is configured, the in-process cache otherwise (never in production: config refuses).
import type { Logger } from 'pino';
import type { Cache } from './cache.ts';
import { openMemoryCache } from './memory.ts';

export interface CacheConfig {
  url: string | null;
  keyPrefix?: string;
  /** How long start-up waits for Redis before it gives up naming it (default 5000). */
  startTimeoutMs?: number;
}

/** Opens the cache; with Redis, fails within `startTimeoutMs` with a CacheError naming Redis and its URL. */
export async function openCache(cfg: CacheConfig, log: Logger): Promise<Cache> {
  if (!cfg.url) return openMemoryCache({ log });
  // Loaded only when configured: the Redis client is tens of megabytes an embedded start never uses.
  const { openRedisCache } = await import('./redis.ts');
  const cache = await openRedisCache(
    { url: cfg.url, ...(cfg.keyPrefix === undefined ? {} : { keyPrefix: cfg.keyPrefix }) },
    log,
  );
  try {
    await cache.whenReady(cfg.startTimeoutMs ?? 5_000);
  } catch (err) {
    await cache.close();
    throw err;
  }
  return cache;
}
