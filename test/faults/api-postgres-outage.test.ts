// Postgres going away while the admin API runs: every request that needs it answers 503 in the error
// shape naming `postgres` (never a 500, never a hang), and the API recovers by itself when it is back.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { buildServer } from '../../api/server.ts';
import { createApp, type App } from '../../core/app.ts';
import type { RedisCache } from '../../core/cache/redis.ts';
import { loadConfig } from '../../core/config/config.ts';
import { deleteRedisKeysUnder } from '../support/fixtures.ts';
import { integrationSuite, testServiceUrls } from '../support/services.ts';
import { accountWithToken, bearer } from '../integration/api/admin-harness.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../integration/api/throwaway-postgres.ts';

interface ErrorBody {
  error: { code: number; category: string; message: string; requestId: string; dependency?: string };
}

integrationSuite('admin API while Postgres is gone', ['redis'], () => {
  let cluster: ThrowawayPostgres;
  let app: App;
  let server: FastifyInstance;
  let token: string;
  const keyPrefix = `megaagent-outage-test:${process.pid}:`;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    app = await createApp(
      loadConfig({
        ENV: 'test',
        DATABASE_URL: cluster.url,
        DATABASE_POOL_SIZE: '2',
        REDIS_URL: testServiceUrls.redis,
        REDIS_KEY_PREFIX: keyPrefix,
      }),
    );
    server = await buildServer(app);
    await server.ready();
    ({ token } = await accountWithToken(app, 'admin'));
  }, 120_000);

  afterAll(async () => {
    try {
      await server?.close();
      if (app?.cache.kind === 'redis')
        await deleteRedisKeysUnder((app.cache as RedisCache).client, keyPrefix);
      await app?.close('test done');
    } finally {
      cluster?.destroy();
    }
  }, 120_000);

  it('answers 503 naming postgres while it is down, and 200 again once it is back', async () => {
    const users = () => server.inject({ method: 'GET', url: '/api/v1/admin/users', headers: bearer(token) });
    expect((await users()).statusCode).toBe(200);

    cluster.stop();
    // Every route that needs the database, signed in with a token or not yet signed in.
    const requests = [
      () => users(),
      () => server.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: bearer(token) }),
      () =>
        server.inject({
          method: 'POST',
          url: '/api/v1/auth/token',
          payload: { email: 'admin@firm.example', password: 'long enough password' },
        }),
    ];
    for (const request of requests) {
      const started = performance.now();
      const response = await request();
      expect(response.statusCode).toBe(503);
      const body = response.json<ErrorBody>();
      expect(body.error).toMatchObject({ code: 3001, category: 'storage', dependency: 'postgres' });
      expect(body.error.requestId).toBeTruthy();
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).not.toContain('ECONNREFUSED');
      // Refused at once, not after waiting for a connection that never comes.
      expect(performance.now() - started).toBeLessThan(10_000);
    }

    cluster.start();
    await vi.waitFor(
      async () => {
        expect((await users()).statusCode).toBe(200);
      },
      { timeout: 20_000, interval: 250 },
    );
    const stats = await server.inject({ method: 'GET', url: '/api/v1/admin/stats', headers: bearer(token) });
    expect(stats.statusCode).toBe(200);
  }, 120_000);
});
