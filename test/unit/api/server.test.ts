// The server's middleware stack on the embedded App: request ids and log context, security headers, CORS,
// compression, the one error shape, request metrics and rate limits.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { securityHeaders } from '../../../api/plugins/security-headers.ts';
import { BODY_LIMIT_BYTES, buildServer } from '../../../api/server.ts';
import { createMetrics } from '../../../core/metrics.ts';
import { currentContext } from '../../../core/logging/context.ts';
import { embeddedApp, invalidPrometheusLines, type EmbeddedApp } from './embedded-app.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorBody {
  error: {
    code: number;
    category: string;
    message: string;
    requestId: string;
    fields?: Array<{ path: string; message: string }>;
    stack?: unknown;
  };
  debug?: unknown;
}

/** A route group the way the admin API adds one: an encapsulated plugin with schemas. */
const testRoutes: FastifyPluginAsync = (server) => {
  server.get('/test/context', () => ({ requestId: currentContext().requestId ?? null }));
  server.post(
    '/test/clients',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'birthYear'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, birthYear: { type: 'integer' } },
        },
      },
    },
    async (request) => {
      // The body arrived over several socket callbacks; the request's context must have survived them.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return { requestId: currentContext().requestId ?? null, body: request.body };
    },
  );
  server.get<{ Params: { id: string } }>('/test/cases/:id', (request) => ({ id: request.params.id }));
  server.get('/test/broken', () => {
    throw new TypeError('secret internal detail: password=hunter2');
  });
  server.get('/test/big', () => ({ filler: 'x'.repeat(4096) }));
  return Promise.resolve();
};

let embedded: EmbeddedApp;
let server: FastifyInstance;

beforeAll(async () => {
  embedded = await embeddedApp();
  server = await buildServer(embedded.app, {
    extraRoutes: [testRoutes],
    rateLimit: { max: 1000, timeWindowMs: 60_000 },
  });
  await server.ready();
}, 120_000); // PGlite starts and migrates in seconds on a quiet machine, far longer on a busy one

afterAll(async () => {
  await server.close();
  await embedded.dispose();
});

describe('request ids', () => {
  it('echoes a sane X-Request-ID from the caller', async () => {
    const res = await server.inject({ url: '/liveness', headers: { 'x-request-id': 'lb-7f3a.42:9' } });
    expect(res.headers['x-request-id']).toBe('lb-7f3a.42:9');
  });

  it('generates one when the caller sends none', async () => {
    const res = await server.inject({ url: '/liveness' });
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('replaces one that is too long or could break a log line or header', async () => {
    for (const bad of ['x'.repeat(129), 'has space', 'quote"d', 'new\tline']) {
      const res = await server.inject({ url: '/liveness', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('puts the request id into the log context of the handler', async () => {
    const res = await server.inject({ url: '/test/context', headers: { 'x-request-id': 'ctx-get-1' } });
    expect(res.json()).toEqual({ requestId: 'ctx-get-1' });
  });

  it('keeps the log context through reading a request body off a real socket', async () => {
    // inject() hands the body over in the caller's context; only a socket shows the context being lost.
    const listening = await buildServer(embedded.app, { extraRoutes: [testRoutes] });
    const origin = await listening.listen({ host: '127.0.0.1', port: 0 });
    try {
      // Sent in two parts with a pause, so the end of the body arrives in a later socket callback.
      const json = JSON.stringify({ name: 'Dr. Ada Lovelace', birthYear: 1815 });
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode(json.slice(0, 10)));
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(new TextEncoder().encode(json.slice(10)));
          controller.close();
        },
      });
      const res = await fetch(`${origin}/test/clients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'ctx-post-1' },
        body,
        duplex: 'half',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ requestId: 'ctx-post-1', body: { name: 'Dr. Ada Lovelace' } });
    } finally {
      await listening.close();
    }
  });
});

describe('security headers', () => {
  it('are on every answer, errors and 404s included', async () => {
    for (const url of ['/liveness', '/no/such/route', '/test/broken']) {
      const res = await server.inject({ url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    }
  });

  it('leave HSTS out in development, where the API is plain http on localhost', () => {
    expect(securityHeaders('development').api['strict-transport-security']).toBeUndefined();
    expect(securityHeaders('production').api['strict-transport-security']).toContain('max-age=');
  });

  it('give the docs pages a policy that lets their own scripts run', () => {
    const docs = securityHeaders('production').docs['content-security-policy'];
    expect(docs).toContain("script-src 'self'");
    expect(docs).not.toContain("default-src 'none'");
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    server.inject({
      method: 'OPTIONS',
      url: '/test/clients',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('allows a preflight from a configured origin', async () => {
    // SECURITY_CORS_ORIGINS defaults to http://localhost:3000 outside production.
    const res = await preflight('http://localhost:3000');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
  });

  it('refuses a preflight from any other origin', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('compression', () => {
  it('compresses large answers for clients that accept it', async () => {
    const res = await server.inject({ url: '/test/big', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('leaves tiny probe answers alone', async () => {
    const res = await server.inject({ url: '/liveness', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ status: 'pass' });
  });
});

describe('errors', () => {
  it('answers an unknown route with a 404 in the error shape', async () => {
    const res = await server.inject({ url: '/admin/v0/nothing', headers: { 'x-request-id': 'nf-1' } });
    expect(res.statusCode).toBe(404);
    const body = res.json<ErrorBody>();
    expect(body.error).toMatchObject({ code: 7000, category: 'resource', requestId: 'nf-1' });
    expect(body.error.message).toBeTruthy();
  });

  it('lists every invalid field of a body in a 400', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/test/clients',
      payload: { birthYear: 'nineteen-eighty', nickname: 'Ada' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe(1100);
    expect(body.error.category).toBe('validation');
    const paths = (body.error.fields ?? []).map((field) => field.path).sort();
    expect(paths).toEqual(['body.birthYear', 'body.name', 'body.nickname']);
    expect(body.error.fields?.find((field) => field.path === 'body.name')?.message).toBe('is required');
  });

  it('answers a body that is not JSON with a 400 in the error shape', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/test/clients',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe(1100);
  });

  it('refuses a body over the limit with a 413', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/test/clients',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), birthYear: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe(6002);
  });

  it('answers a body that is not JSON with a 415 naming what the endpoint accepts', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/test/clients',
      headers: { 'content-type': 'application/xml' },
      payload: '<client><name>Ada</name></client>',
    });
    expect(res.statusCode).toBe(415);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe(6003);
    expect(body.error.message).toContain('JSON');
  });

  it('hides what went wrong inside, and counts it', async () => {
    const res = await server.inject({ url: '/test/broken', headers: { 'x-request-id': 'boom-1' } });
    expect(res.statusCode).toBe(500);
    const body = res.json<ErrorBody>();
    expect(body.error).toMatchObject({ code: 1000, category: 'internal', requestId: 'boom-1' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('TypeError');
    expect(body.debug).toBeUndefined();
    await vi.waitFor(async () => {
      const stats = await embedded.app.errors.stats();
      expect(stats.find((stat) => stat.code === 1000)?.count).toBeGreaterThanOrEqual(1);
    });
  });
});

describe('metrics', () => {
  it('serves Prometheus text that parses, counting requests by route template', async () => {
    await server.inject({ url: '/test/cases/1001' });
    await server.inject({ url: '/test/cases/1002' });
    await server.inject({ url: '/definitely/missing/4711' });

    const res = await server.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(invalidPrometheusLines(res.body)).toEqual([]);

    const count = res.body
      .split('\n')
      .find(
        (line) =>
          line.startsWith('megaagent_http_request_duration_seconds_count{') &&
          line.includes('route="/test/cases/:id"') &&
          line.includes('status_code="200"'),
      );
    expect(count).toBeDefined();
    expect(Number(count?.split(' ').at(-1))).toBe(2);
    // Raw URLs never become label values: ids would make one series per case.
    expect(res.body).not.toContain('/test/cases/1001');
    expect(res.body).not.toContain('/definitely/missing');
    expect(res.body).toMatch(/route="unmatched",status_code="404"/);
    expect(res.body).toContain('megaagent_process_cpu_seconds_total');
  });

  it('keeps one registry per App, so two Apps live in one process', async () => {
    const second = await buildServer({ ...embedded.app, metrics: createMetrics({ processMetrics: false }) });
    try {
      await second.inject({ url: '/version' });
      const mine = await server.inject({ url: '/metrics' });
      const theirs = await second.inject({ url: '/metrics' });
      expect(theirs.statusCode).toBe(200);
      expect(theirs.body).toContain('route="/version"');
      expect(theirs.body).not.toContain('route="/test/cases/:id"');
      expect(mine.body).toContain('route="/test/cases/:id"');
    } finally {
      await second.close();
    }
  });

  it('serves no /metrics when METRICS_ENABLED=false', async () => {
    const { config } = embedded.app;
    const quiet = await buildServer({
      ...embedded.app,
      config: { ...config, observability: { ...config.observability, metricsEnabled: false } },
    });
    try {
      expect((await quiet.inject({ url: '/metrics' })).statusCode).toBe(404);
      expect((await quiet.inject({ url: '/liveness' })).statusCode).toBe(200);
    } finally {
      await quiet.close();
    }
  });

  it("serves what the bot records into the App's metrics", async () => {
    embedded.app.metrics.recordBotUpdate('message', 'handled', 0.2);
    embedded.app.metrics.recordTelegramCall('sendMessage', 'error', 429);
    const text = (await server.inject({ url: '/metrics' })).body;
    expect(text).toContain('megaagent_bot_updates_total{type="message",outcome="handled"} 1');
    expect(text).toContain('megaagent_telegram_api_calls_total{method="sendMessage",outcome="error"} 1');
    expect(text).toContain('megaagent_telegram_api_errors_total{method="sendMessage",error_code="429"} 1');
  });
});

describe('rate limits (in-process counters)', () => {
  it('answers 429 with Retry-After in the error shape once the limit is spent, never on probes', async () => {
    const limited = await buildServer(embedded.app, {
      extraRoutes: [testRoutes],
      rateLimit: { max: 2, timeWindowMs: 60_000 },
    });
    try {
      expect((await limited.inject({ url: '/test/cases/1' })).statusCode).toBe(200);
      expect((await limited.inject({ url: '/test/cases/2' })).statusCode).toBe(200);
      const refused = await limited.inject({ url: '/test/cases/3', headers: { 'x-request-id': 'rl-1' } });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json<ErrorBody>().error).toMatchObject({ code: 7200, requestId: 'rl-1' });
      for (let i = 0; i < 5; i++) expect((await limited.inject({ url: '/readiness' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('lets everything through while the enableRateLimiting flag is off', async () => {
    const limited = await buildServer(embedded.app, {
      extraRoutes: [testRoutes],
      rateLimit: { max: 1, timeWindowMs: 60_000 },
    });
    await embedded.app.flags.set('enableRateLimiting', false, 'test');
    try {
      for (let i = 0; i < 4; i++)
        expect((await limited.inject({ url: '/test/cases/9' })).statusCode).toBe(200);
    } finally {
      await embedded.app.flags.reset('enableRateLimiting', 'test');
      await limited.close();
    }
    const again = await buildServer(embedded.app, {
      extraRoutes: [testRoutes],
      rateLimit: { max: 1, timeWindowMs: 60_000 },
    });
    try {
      expect((await again.inject({ url: '/test/cases/9' })).statusCode).toBe(200);
      expect((await again.inject({ url: '/test/cases/9' })).statusCode).toBe(429);
    } finally {
      await again.close();
    }
  });
});
