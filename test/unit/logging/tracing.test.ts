// Tracing off costs nothing (no OpenTelemetry SDK is even loaded), and a query's span names its kind
// and table only, never a value.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { telegramUrlTemplate } from '../../../bot/telegram-trace.ts';
import { querySummary } from '../../../core/db/traced.ts';
import { httpCallAttributes } from '../../../core/logging/http-client-span.ts';
import { MAX_QUEUED_SPANS, openOtelTracing, tracesUrl } from '../../../core/logging/otel-tracing.ts';
import { startOtlpReceiver } from '../../support/otlp-receiver.ts';
import { capturingLogger } from '../../support/fixtures.ts';

const run = promisify(execFile);

/**
 * A fresh Node process that records every module it resolves, loads the bot, the API and the App's
 * composition root, opens tracing as configured by `endpoint`, and prints the OpenTelemetry modules it saw.
 */
const PROBE = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    const name = /node_modules\\/(@opentelemetry\\/[^/]+)/.exec(resolved.url)?.[1];
    if (name) seen.add(name);
    return resolved;
  },
});
await import('./core/app.ts');
await import('./bot/create-bot.ts');
await import('./api/server.ts');
const { openTracing } = await import('./core/logging/tracing.ts');
const { default: pino } = await import('pino');
const endpoint = process.env.PROBE_ENDPOINT;
const tracing = await openTracing(
  endpoint ? { endpoint, serviceName: 'probe', serviceVersion: '0' } : null,
  pino({ level: 'silent' }),
);
await tracing.shutdown();
console.log(JSON.stringify({ enabled: tracing.enabled, loaded: [...seen].sort() }));
`;

async function probe(endpoint?: string): Promise<{ enabled: boolean; loaded: string[] }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE], {
    cwd: new URL('../../../', import.meta.url).pathname,
    env: { ...process.env, PROBE_ENDPOINT: endpoint ?? '' },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { enabled: boolean; loaded: string[] };
}

describe('tracing switched off', () => {
  it('loads no OpenTelemetry SDK, context or exporter when no collector is configured', async () => {
    const { enabled, loaded } = await probe();
    expect(enabled).toBe(false);
    // The job queue (pg-boss) loads the bare API for its own optional spans; with no provider registered
    // globally they are no-ops. Nothing that records or sends spans is loaded.
    expect(loaded.filter((name) => name !== '@opentelemetry/api')).toEqual([]);
  }, 60_000);

  it('loads the SDK and exporter only once a collector is configured (the probe above can see them)', async () => {
    const { enabled, loaded } = await probe('http://127.0.0.1:9');
    expect(enabled).toBe(true);
    expect(loaded).toEqual(
      expect.arrayContaining(['@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-http']),
    );
  }, 60_000);
});

describe('query spans', () => {
  it('name the statement kind and its table', () => {
    expect(querySummary('SELECT id, name FROM cases WHERE owner_id = $1')).toEqual({
      operation: 'SELECT',
      table: 'cases',
    });
    expect(querySummary('  -- the newest first\n insert into evidence (case_id) values ($1)')).toEqual({
      operation: 'INSERT',
      table: 'evidence',
    });
    expect(querySummary('UPDATE "pgboss"."job" SET state = $1')).toEqual({
      operation: 'UPDATE',
      table: 'pgboss.job',
    });
    expect(querySummary('CREATE TABLE IF NOT EXISTS notes (id uuid)')).toEqual({
      operation: 'CREATE',
      table: 'notes',
    });
    expect(querySummary('BEGIN')).toEqual({ operation: 'BEGIN', table: null });
  });

  it('never take a value written into the SQL for a table', () => {
    expect(querySummary("SELECT 'from secret' AS x")).toEqual({ operation: 'SELECT', table: null });
    expect(querySummary('SELECT * FROM $1')).toEqual({ operation: 'SELECT', table: null });
  });
});

describe('spans of outgoing HTTP calls', () => {
  it('name the Bot API method and never the token, behind any prefix of the API root', () => {
    expect(telegramUrlTemplate('/bot123456:AAE-secret_part/sendMessage')).toBe('/bot{token}/sendMessage');
    expect(telegramUrlTemplate('/telegram/bot123456:AAE-secret_part/getUpdates')).toBe(
      '/telegram/bot{token}/getUpdates',
    );
    expect(telegramUrlTemplate('/file/bot123456:AAE-secret_part/documents/file_7.pdf')).toBe(
      '/file/bot{token}/{file_path}',
    );
    expect(telegramUrlTemplate('/somewhere/else')).toBe('/{path}');
  });

  it('keep the host, the port (the scheme’s own when none is written) and the method, not the URL', () => {
    const attributes = httpCallAttributes({
      method: 'post',
      url: new URL('https://user:pass@api.openai.com/v1/responses?key=secret'),
      template: '/v1/responses',
    });
    expect(attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'url.scheme': 'https',
      'url.template': '/v1/responses',
    });
    expect(
      httpCallAttributes({ method: 'PURGE', url: new URL('http://10.0.0.1:8081/x'), template: '/x' }),
    ).toMatchObject({ 'http.request.method': '_OTHER', 'server.port': 8081 });
  });
});

describe('the collector address', () => {
  it('sends to /v1/traces under OTEL_EXPORTER_OTLP_ENDPOINT, as other SDKs do', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/otlp/')).toBe('http://collector:4318/otlp/v1/traces');
  });
});

describe('a collector that does not take spans', () => {
  it('is named in the log once, while the traced work itself goes on', async () => {
    const { log, lines } = capturingLogger('warn');
    // Nothing listens on port 9 of loopback: every export is refused.
    const tracing = openOtelTracing(
      { endpoint: 'http://127.0.0.1:9', serviceName: 'test', serviceVersion: '0' },
      log,
    );
    for (const round of [1, 2]) {
      expect(await tracing.inSpan(`work ${String(round)}`, () => Promise.resolve(round))).toBe(round);
      await tracing.flush();
    }
    await tracing.shutdown();
    const refused = lines.filter((line) => line.msg === 'the trace collector refused spans');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ level: 40, endpoint: 'http://127.0.0.1:9/v1/traces' });
  }, 30_000);
});

describe('more spans than the queue to the collector holds', () => {
  it('drops the excess with a warning and a count, and sends the rest', async () => {
    // Twice what the queue holds: one batch may leave while the burst runs, the queue fills behind it.
    const BURST = 2 * MAX_QUEUED_SPANS;
    const receiver = await startOtlpReceiver();
    const { log, lines } = capturingLogger('warn');
    const tracing = openOtelTracing(
      { endpoint: receiver.endpoint, serviceName: 'test', serviceVersion: '0' },
      log,
    );
    try {
      // Started and ended in one burst, before the batch can leave: the queue fills, the rest are dropped.
      for (let i = 0; i < BURST; i++) tracing.start(`burst ${String(i)}`).end();
      await tracing.flush();
      // Once the queue has room again, the next span goes through and the drops are counted.
      tracing.start('after the burst').end();
      await tracing.flush();
    } finally {
      await tracing.shutdown();
      await receiver.close();
    }
    expect(lines.map((line) => line.msg)).toEqual([
      'the queue of trace spans is full (the collector is slower than the work); dropping spans',
      'trace spans were dropped while the queue to the collector was full',
    ]);
    const dropped = Number(lines[1]?.dropped);
    const sent = receiver.spans.filter((span) => span.name.startsWith('burst ')).length;
    expect(dropped).toBeGreaterThan(0);
    expect(sent).toBeGreaterThanOrEqual(MAX_QUEUED_SPANS);
    // Every span of the burst was either sent or counted as dropped.
    expect(sent + dropped).toBe(BURST);
    expect(receiver.spans.at(-1)?.name).toBe('after the burst');
  }, 30_000);
});
