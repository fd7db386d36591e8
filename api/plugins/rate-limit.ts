// Request rate limits (@fastify/rate-limit): counters in Redis when the app has Redis, so every API pod
// counts together; keyed per authenticated caller, else per client IP. Probes opt out per route.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { App } from '../../core/app.ts';
import type { Cache } from '../../core/cache/cache.ts';
import type { RedisCache } from '../../core/cache/redis.ts';
import { RateLimitExceededError } from '../../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Whose quota this request spends, set by authentication (e.g. `api-key:<id>`, `account:<id>`) before
     * the request is counted; null means the client IP is used.
     */
    rateLimitKey: string | null;
  }
}

export interface RateLimitSettings {
  /** Requests allowed per key and window. */
  max: number;
  timeWindowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 300, timeWindowMs: 60_000 };

/** The Redis cache exposes its (already key-prefixed) ioredis connection; the in-process one has none. */
function redisClientOf(cache: Cache): Redis | null {
  return cache.kind === 'redis' ? (cache as RedisCache).client : null;
}

function rateLimitKeyOf(request: FastifyRequest): string {
  return request.rateLimitKey ?? `ip:${request.ip}`;
}

export async function installRateLimiting(
  server: FastifyInstance,
  app: App,
  settings: RateLimitSettings,
): Promise<void> {
  server.decorateRequest('rateLimitKey', null);
  const redis = redisClientOf(app.cache);
  await server.register(rateLimit, {
    global: true,
    max: settings.max,
    timeWindow: settings.timeWindowMs,
    // Before the body is read. The admin API counts its requests itself, right after authentication (so
    // a caller is counted as themselves from any address, and refusals count too); this hook then skips
    // them. Every other route (webhook, docs) is counted here per client address.
    hook: 'onRequest',
    keyGenerator: rateLimitKeyOf,
    // Read on every request: an admin can switch limits off and on without a restart.
    allowList: () => !app.flags.isEnabled('enableRateLimiting'),
    ...(redis ? { redis, nameSpace: 'rate-limit:' } : {}),
    // Redis being down fails readiness and shows in /health; the limiter lets requests through meanwhile
    // rather than lock every admin out of the API.
    skipOnError: true,
    errorResponseBuilder: (request, context) =>
      new RateLimitExceededError(context.ttl / 1000, { key: rateLimitKeyOf(request), limit: context.max }),
  });
}
