// Probes and rate limits over real Postgres and Redis: readiness names the store that is down while
// liveness keeps passing, and the rate limit counts in Redis across servers (as across API pods).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { HealthReport } from '../../../api/routes/probes.ts';
import { buildServer, type ServerOptions } from '../../../api/server.ts';
import { createApp, type App } from '../../../core/app.ts';
import type { Cache } from '../../../core/cache/cache.ts';
import { openRedisCache } from '../../../core/cache/redis.ts';
import { loadConfig } from '../../../core/config/config.ts';
import type { Database } from '../../../core/db/database.ts';
import { openPostgres } from '../../../core/db/postgres.ts';
import { it, silentLogger } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';

/** Nothing listens on port 1: connections are refused at once. */
const DEAD_POSTGRES = 'postgres://postgres@127.0.0.1:1/test';
const DEAD_REDIS = 'redis://127.0.0.1:1';

const limitedRoutes: FastifyPluginAsync = (server) => {
  server.get('/test/limited', () => ({ ok: true }));
  return Promise.resolve();
};

integrationSuite('probes and rate limits on real Postgres and Redis', ['postgres', 'redis'], () => {
  // The App's services come from createApp; its stores are swapped for the file's real (or dead) ones.
  let base: App;
  let dataDir: string;
  const servers: FastifyInstance[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'megaagent-probes-'));
    base = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await base.close('test done');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function serverOn(db: Database, cache: Cache, options: ServerOptions = {}): Promise<FastifyInstance> {
    const server = await buildServer({ ...base, db, cache }, { checkTimeoutMs: 1_000, ...options });
    servers.push(server);
    return server;
  }

  it('passes readiness with both stores answering', async ({ pgDb, redisCache }) => {
    const server = await serverOn(pgDb, redisCache);
    const res = await server.inject({ url: '/readiness' });
    expect(res.statusCode).toBe(200);
    const report = res.json<HealthReport>();
    expect(report.status).toBe('pass');
    expect(report.checks['database:responseTime']?.[0]).toMatchObject({
      componentId: 'postgres',
      status: 'pass',
    });
    expect(report.checks['cache:responseTime']?.[0]).toMatchObject({ componentId: 'redis', status: 'pass' });
  });

  it('fails readiness naming Postgres when it is unreachable, and liveness still passes', async ({
    redisCache,
  }) => {
    const deadDb = await openPostgres(
      { url: DEAD_POSTGRES, poolSize: 1, statementTimeoutMs: 1_000, connectionTimeoutMs: 500 },
      silentLogger(),
    );
    try {
      const server = await serverOn(deadDb, redisCache);
      const res = await server.inject({ url: '/readiness' });
      expect(res.statusCode).toBe(503);
      const report = res.json<HealthReport>();
      expect(report.status).toBe('fail');
      expect(report.checks['database:responseTime']?.[0]).toMatchObject({
        componentId: 'postgres',
        status: 'fail',
      });
      expect(report.checks['cache:responseTime']?.[0]?.status).toBe('pass');
      // Probes answer anyone: the failure is named, its address and driver message are not.
      expect(res.body).not.toContain('127.0.0.1');
      expect((await server.inject({ url: '/liveness' })).statusCode).toBe(200);
      expect((await server.inject({ url: '/health' })).statusCode).toBe(503);
    } finally {
      await deadDb.close();
    }
  });

  it('fails readiness naming Redis when it is unreachable, and liveness still passes', async ({ pgDb }) => {
    const deadCache = await openRedisCache({ url: DEAD_REDIS, pingTimeoutMs: 300 }, silentLogger());
    try {
      const server = await serverOn(pgDb, deadCache);
      const started = Date.now();
      const res = await server.inject({ url: '/readiness' });
      expect(res.statusCode).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000); // a dead store must not hang the probe
      const report = res.json<HealthReport>();
      expect(report.checks['cache:responseTime']?.[0]).toMatchObject({
        componentId: 'redis',
        status: 'fail',
      });
      expect(report.checks['database:responseTime']?.[0]?.status).toBe('pass');
      expect((await server.inject({ url: '/liveness' })).statusCode).toBe(200);
    } finally {
      await deadCache.close();
    }
  });

  it('counts rate limits in Redis, so two API pods share one quota, and answers 429 with Retry-After', async ({
    pgDb,
    redisCache,
  }) => {
    const options: ServerOptions = {
      extraRoutes: [limitedRoutes],
      rateLimit: { max: 2, timeWindowMs: 60_000 },
    };
    const podA = await serverOn(pgDb, redisCache, options);
    const podB = await serverOn(pgDb, redisCache, options);

    expect((await podA.inject({ url: '/test/limited' })).statusCode).toBe(200);
    expect((await podB.inject({ url: '/test/limited' })).statusCode).toBe(200);
    const refused = await podA.inject({ url: '/test/limited', headers: { 'x-request-id': 'rl-redis-1' } });
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({
      error: { code: 7200, category: 'resource', requestId: 'rl-redis-1' },
    });

    // The counter lives in Redis (under the cache's key prefix), not in either process.
    const [, keys] = await redisCache.client.scan(
      '0',
      'MATCH',
      `${redisCache.client.options.keyPrefix ?? ''}rate-limit:*`,
      'COUNT',
      1000,
    );
    expect(keys.length).toBeGreaterThan(0);

    // Probes are never limited: Kubernetes polls them all the time.
    for (let i = 0; i < 4; i++) expect((await podB.inject({ url: '/liveness' })).statusCode).toBe(200);
  });
});
