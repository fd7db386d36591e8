// The probes on the embedded App: what Kubernetes and an operator see while the app runs, while it shuts
// down, and when a part of it (bot, breaker, migrations) is not well.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../../api/routes/probes.ts';
import { readBuildInfo } from '../../../api/routes/probes.ts';
import { buildServer, type BotStatus, type ServerOptions } from '../../../api/server.ts';
import { openTestPglite, silentLogger } from '../../support/fixtures.ts';
import { embeddedApp, type EmbeddedApp } from './embedded-app.ts';

let embedded: EmbeddedApp;
let server: FastifyInstance;

beforeAll(async () => {
  embedded = await embeddedApp();
  server = await buildServer(embedded.app);
}, 120_000); // PGlite starts and migrates in seconds on a quiet machine, far longer on a busy one

afterAll(async () => {
  await server.close();
  await embedded.dispose();
});

async function withServer<T>(options: ServerOptions, use: (s: FastifyInstance) => Promise<T>): Promise<T> {
  const s = await buildServer(embedded.app, options);
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

describe('/liveness', () => {
  it('answers 200 pass as health+json', async () => {
    const res = await server.inject({ url: '/liveness' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/health+json');
    expect(res.json()).toEqual({ status: 'pass' });
  });
});

describe('/readiness', () => {
  it('passes with the database and cache timed in milliseconds', async () => {
    const res = await server.inject({ url: '/readiness' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/health+json');
    const report = res.json<HealthReport>();
    expect(report.status).toBe('pass');
    for (const key of ['database:responseTime', 'cache:responseTime']) {
      const [check] = report.checks[key] ?? [];
      expect(check).toMatchObject({ status: 'pass', observedUnit: 'ms' });
      expect(typeof check?.observedValue).toBe('number');
    }
    expect(report.checks['database:responseTime']?.[0]?.componentId).toBe('pglite');
    expect(report.checks['cache:responseTime']?.[0]?.componentId).toBe('memory');
  });

  it('fails naming the bot when its poller died', async () => {
    const dead: BotStatus = { running: false, mode: 'polling' };
    await withServer({ botStatus: () => dead }, async (s) => {
      const res = await s.inject({ url: '/readiness' });
      expect(res.statusCode).toBe(503);
      expect(res.json<HealthReport>().checks['bot:running']?.[0]).toMatchObject({
        status: 'fail',
        componentId: 'polling',
      });
    });
  });

  it('fails while the webhook is not registered with Telegram, passes once it is', async () => {
    let bot: BotStatus = {
      running: true,
      mode: 'webhook',
      webhook: { url: 'https://bot.example/tg', registered: false },
    };
    await withServer({ botStatus: () => bot }, async (s) => {
      expect((await s.inject({ url: '/readiness' })).statusCode).toBe(503);
      bot = { ...bot, webhook: { url: 'https://bot.example/tg', registered: true } };
      const res = await s.inject({ url: '/readiness' });
      expect(res.statusCode).toBe(200);
      expect(res.json<HealthReport>().checks['bot:running']?.[0]?.status).toBe('pass');
    });
  });

  // An open breaker only warns: test/unit/metrics.test.ts opens the App's own and reads all three views.
  it("reports each of the App's breakers, passing while closed", async () => {
    const report = (await server.inject({ url: '/readiness' })).json<HealthReport>();
    expect(report.checks['telegram-files:circuitBreaker']?.[0]).toMatchObject({
      status: 'pass',
      observedValue: 'closed',
    });
    const metrics = (await server.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('megaagent_circuit_breaker_state{dependency="telegram-files"} 0');
  });
});

describe('/startup', () => {
  it('passes once config is loaded and every migration is applied', async () => {
    const res = await server.inject({ url: '/startup' });
    expect(res.statusCode).toBe(200);
    expect(res.json<HealthReport>().status).toBe('pass');
  });

  it('fails listing the migrations still pending', async () => {
    const blank = await openTestPglite(silentLogger());
    const s = await buildServer({ ...embedded.app, db: blank });
    try {
      const res = await s.inject({ url: '/startup' });
      expect(res.statusCode).toBe(503);
      const migrations = res.json<HealthReport>().checks['database:migrations']?.[0];
      expect(migrations?.status).toBe('fail');
      expect(migrations?.output).toMatch(/pending migrations: 001_/);
    } finally {
      await s.close();
      await blank.close();
    }
  });
});

describe('/health', () => {
  it('reports version, uptime, storage, breakers and the bot', async () => {
    const bot: BotStatus = { running: true, mode: 'polling' };
    await withServer({ botStatus: () => bot }, async (s) => {
      const res = await s.inject({ url: '/health' });
      expect(res.statusCode).toBe(200);
      const body = res.json<Record<string, unknown>>();
      expect(body).toMatchObject({
        status: 'pass',
        name: 'megaagent-pro',
        profile: 'test',
        storage: { database: 'pglite', cache: 'memory', embedded: true },
        breakers: { 'telegram-files': 'closed' },
        bot: { running: true, mode: 'polling' },
      });
      expect(typeof body.uptimeSeconds).toBe('number');
      expect(typeof body.commit).toBe('string');
      expect(body.checks).toHaveProperty('database:responseTime');
    });
  });
});

describe('/version', () => {
  it('names the version, commit and build time', async () => {
    const res = await server.inject({ url: '/version' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'megaagent-pro', version: embedded.app.config.app.version });
    expect(res.json<{ commit: string }>().commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
  });

  it('prefers GIT_COMMIT and BUILD_TIME from the environment (images have no .git)', () => {
    expect(readBuildInfo('1.2.3', { GIT_COMMIT: 'abc1234', BUILD_TIME: '2025-01-02T03:04:05Z' })).toEqual({
      version: '1.2.3',
      commit: 'abc1234',
      buildTime: '2025-01-02T03:04:05Z',
    });
  });
});

// Last: it shuts the file's App down for good.
describe('shutdown', () => {
  it('fails readiness with 503 as soon as it begins, while the stores still answer', async () => {
    let letShutdownFinish = (): void => undefined;
    embedded.app.lifecycle.onShutdown(
      'held by the test',
      'stop-intake',
      () => new Promise<void>((resolve) => (letShutdownFinish = resolve)),
    );
    expect((await server.inject({ url: '/readiness' })).statusCode).toBe(200);
    const closing = embedded.app.close('test');
    try {
      const res = await server.inject({ url: '/readiness' });
      expect(res.statusCode).toBe(503);
      const report = res.json<HealthReport>();
      expect(report.status).toBe('fail');
      expect(report.checks['process:shutdown']?.[0]?.status).toBe('fail');
      expect(report.checks['database:responseTime']?.[0]?.status).toBe('pass');
      expect((await server.inject({ url: '/liveness' })).statusCode).toBe(200);
    } finally {
      letShutdownFinish();
      await closing;
    }
  });
});
