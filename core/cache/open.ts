// Chooses the cache: Redis when a URL is configured, the in-process cache otherwise (never in production: config refuses).
import type { Logger } from 'pino';
import type { Cache } from './cache.ts';
import { openMemoryCache } from './memory.ts';
import { openRedisCache } from './redis.ts';

export interface CacheConfig {
  url: string | null;
  keyPrefix?: string;
}

export async function openCache(cfg: CacheConfig, log: Logger): Promise<Cache> {
  if (cfg.url)
    return openRedisCache(
      { url: cfg.url, ...(cfg.keyPrefix === undefined ? {} : { keyPrefix: cfg.keyPrefix }) },
      log,
    );
  return openMemoryCache({ log });
}
