// Traces end to end on the real stores: an admin request (Postgres), a bot update (embedded PGlite) and a
// job each become one trace whose spans chain the entry → a core operation → its database queries, sent
// over OTLP/HTTP to a collector on loopback. Without OTEL_EXPORTER_OTLP_ENDPOINT nothing is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noTracing } from '../../../core/logging/tracing.ts';
import { eventually } from '../../support/fixtures.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.ts';
import { integrationSuite } from '../../support/services.ts';
import { accountWithToken, bearer, openAdminTestEnv, type AdminTestEnv } from '../api/admin-harness.ts';

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

function only(spans: readonly ReceivedSpan[], name: string): ReceivedSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0] as ReceivedSpan;
}

function childrenOf(spans: readonly ReceivedSpan[], parent: ReceivedSpan): ReceivedSpan[] {
  return spans.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);
}

/** No span carries any of these values in any attribute (tokens, e-mails, message text, Telegram ids). */
function expectNoneCarries(spans: readonly ReceivedSpan[], values: readonly string[]): void {
  const carried = spans.flatMap((s) =>
    Object.entries(s.attributes)
      .filter(([, v]) => values.some((value) => String(v).includes(value)))
      .map(([key]) => `${s.name} ${key}`),
  );
  expect(carried).toEqual([]);
}

integrationSuite('traces over OTLP/HTTP', ['postgres', 'redis'], () => {
  let receiver: OtlpReceiver;
  let env: AdminTestEnv;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    env = await openAdminTestEnv();
  });
  afterAll(async () => {
    await env?.close();
    await receiver?.close();
  });

  it('traces an admin request through its core operation to each Postgres query, with the same trace id', async () => {
    const { app, server } = await env.start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'megaagent-test-api' },
    });
    expect(app.tracing.enabled).toBe(true);
    const admin = await accountWithToken(app, 'admin');
    const res = await server.inject({ url: '/api/v1/admin/stats', headers: bearer(admin.token) });
    expect(res.statusCode).toBe(200);
    await app.tracing.flush();

    const request = only(receiver.spans, 'GET /api/v1/admin/stats');
    expect(request).toMatchObject({ kind: SERVER, parentSpanId: '', serviceName: 'megaagent-test-api' });
    expect(request.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/v1/admin/stats',
      'http.response.status_code': 200,
    });
    const trace = receiver.spans.filter((s) => s.traceId === request.traceId);
    const core = only(childrenOf(trace, request), 'admin.stats');
    const queries = childrenOf(trace, core);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      expect(query.kind).toBe(CLIENT);
      expect(query.attributes['db.system']).toBe('postgresql');
      // The statement's kind and table only: never SQL text or a parameter.
      expect(query.name).toMatch(/^[A-Z]+( [\w.]+)?$/);
    }
    expect(queries.map((q) => q.name)).toContain('SELECT cases');
    // Signing in the test's account ran queries outside any request: they make no trace of their own.
    expect(receiver.spans.filter((s) => s.kind === CLIENT && s.parentSpanId === '')).toEqual([]);
    expectNoneCarries(receiver.spans, [admin.token, admin.email, admin.password]);
  });

  it('traces a job attempt as its own trace: kind and attempt, then its core operation and queries', async () => {
    const { app } = await env.start({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
    let ran = false;
    await app.jobs.work('queue-check', async () => {
      await app.span('test.job_step', () => app.db.query('SELECT count(*) FROM cases'));
      ran = true;
    });
    await app.jobs.enqueue('queue-check', { holdMs: 0 });
    await eventually(() => expect(ran).toBe(true), 20_000);
    await eventually(async () => {
      await app.tracing.flush();
      expect(receiver.spans.map((s) => s.name)).toContain('job queue-check');
    }, 5_000);

    const job = only(receiver.spans, 'job queue-check');
    expect(job).toMatchObject({ kind: CONSUMER, parentSpanId: '' });
    expect(job.attributes).toEqual({ 'job.kind': 'queue-check', 'job.attempt': 0 });
    const step = only(childrenOf(receiver.spans, job), 'test.job_step');
    const [query] = childrenOf(receiver.spans, step);
    expect(query).toMatchObject({ name: 'SELECT cases', traceId: job.traceId });
  }, 40_000);

  it('sends nothing and opens no tracing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const before = receiver.requests;
    const { app, server } = await env.start();
    expect(app.tracing.enabled).toBe(false);
    const admin = await accountWithToken(app, 'admin');
    expect(
      (await server.inject({ url: '/api/v1/admin/stats', headers: bearer(admin.token) })).statusCode,
    ).toBe(200);
    // What a configured App would have sent by now (its flush) finds nothing to send here.
    await app.tracing.flush();
    expect(app.tracing).toBe(noTracing);
    expect(receiver.requests).toBe(before);
  });
});

describe('traces of bot updates (embedded database)', () => {
  let receiver: OtlpReceiver;
  let h: BotHarness;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    h = await startBotHarness({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('traces an update through the analysis to each PGlite query, naming the update kind only', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alexandra' });
    const lawyerId = (await h.app.users.findActive(user.id))?.id ?? '';
    await h.app.cases.create(lawyerId, { clientName: 'Jane Doe', fieldOfEndeavor: 'Medical imaging' });
    await h.say(user, '/analyze');
    expect(h.textsTo(user.id).join('\n')).toContain('Jane Doe');
    // Shutting down flushes what the batch still holds: the lifecycle's last phase.
    await h.close();

    const update = only(
      receiver.spans.filter((s) => s.parentSpanId === ''),
      'telegram message',
    );
    expect(update).toMatchObject({ kind: CONSUMER, serviceName: 'megaagent' });
    expect(update.attributes).toEqual({
      'telegram.update.type': 'message',
      'telegram.update.outcome': 'handled',
    });
    const trace = receiver.spans.filter((s) => s.traceId === update.traceId);
    const analysis = only(
      trace.filter((s) => s.name === 'eb1a.case_analysis'),
      'eb1a.case_analysis',
    );
    // The analysis may sit under the update directly or under middleware spans of the same trace.
    const ancestry = (span: ReceivedSpan): string[] => {
      const parent = trace.find((s) => s.spanId === span.parentSpanId);
      return parent ? [parent.name, ...ancestry(parent)] : [];
    };
    expect(ancestry(analysis).at(-1)).toBe('telegram message');
    const queries = childrenOf(trace, analysis).filter((s) => s.kind === CLIENT);
    expect(queries.map((q) => q.name)).toContain('SELECT cases');
    for (const query of queries) expect(query.attributes['db.system']).toBe('postgresql');
    expect(only(childrenOf(trace, analysis), 'eb1a.analyze').kind).toBe(1);
    expectNoneCarries(receiver.spans, ['/analyze', 'Alexandra', 'Jane Doe', String(user.id)]);
  }, 60_000);
});
