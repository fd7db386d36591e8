// One App's metrics, recorded by the real bot and served by the API: what became of each update, every
// call the bot made to Telegram, and the breakers' states, with no user or chat anywhere in the labels.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../api/routes/probes.ts';
import { buildServer } from '../../api/server.ts';
import { TelegramError } from '../../core/errors.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;
let server: FastifyInstance;

/** Small enough to reach in a test; no other test sends a lawyer's updates past it. */
// A lawyer over the pace waits for their turn; one who would wait longer than maxDelayMs is refused.
const RATE_LIMIT = { windowMs: 60_000, limit: 3, maxDelayMs: 1_000 };

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: RATE_LIMIT } });
  server = await buildServer(h.app);
}, 120_000); // PGlite starts and migrates in seconds on a quiet machine, far longer on a busy one

afterAll(async () => {
  await server.close();
  await h.close();
});

async function scrape(): Promise<string> {
  const res = await server.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one series (`name{label="value",...}`) in a metrics text; 0 when it has no sample yet. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const updates = (type: string, outcome: string) =>
  `megaagent_bot_updates_total{type="${type}",outcome="${outcome}"}`;
const calls = (method: string, outcome: string) =>
  `megaagent_telegram_api_calls_total{method="${method}",outcome="${outcome}"}`;
const errors = (method: string, code: number) =>
  `megaagent_telegram_api_errors_total{method="${method}",error_code="${code}"}`;

/** Every person and chat the tests below used: none of them may show up in the metrics. */
const idsSeen: number[] = [];

describe('bot updates and Bot API calls', () => {
  it('counts a lawyer handled, a stranger and a group refused, and a redelivery as a duplicate', async () => {
    const lawyer = await h.addUser('lawyer');
    const stranger = h.stranger();
    const group = { id: -1_001_234_567_890, type: 'group' as const, title: 'Law firm' };
    idsSeen.push(lawyer.id, stranger.id, group.id);

    const start = h.fake.sendText(lawyer, '/start');
    await h.deliver(start);
    await h.deliver(start); // Telegram redelivers when our confirmation was lost
    await h.deliver(h.fake.sendText(stranger, 'hello'));
    await h.deliver(h.fake.sendText(lawyer, 'hello everyone', group));

    const text = await scrape();
    expect(valueOf(text, updates('message', 'handled'))).toBe(1);
    expect(valueOf(text, updates('message', 'duplicate'))).toBe(1);
    expect(valueOf(text, updates('message', 'refused'))).toBe(2); // the stranger, the group
    expect(
      valueOf(text, 'megaagent_bot_update_duration_seconds_count{type="message",outcome="handled"}'),
    ).toBe(1);
    // Every sendMessage Telegram answered (welcome, refusal, private-chats notice) is counted, no more.
    const answered = h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(3);
    expect(valueOf(text, calls('sendMessage', 'ok'))).toBe(answered);
  });

  it('counts a call Telegram refused under its error code, and the update it broke as an error', async () => {
    const lawyer = await h.addUser('lawyer');
    idsSeen.push(lawyer.id);
    const before = await scrape();

    h.fake.failNext('sendMessage', { status: 401 });
    await h.deliver(h.fake.sendText(lawyer, '/start'));

    const after = await scrape();
    const delta = (series: string) => valueOf(after, series) - valueOf(before, series);
    expect(delta(errors('sendMessage', 401))).toBe(1);
    expect(delta(calls('sendMessage', 'error'))).toBe(1);
    expect(delta(updates('message', 'error'))).toBe(1);
    expect(delta(updates('message', 'handled'))).toBe(0);
    // The error report itself reached the lawyer.
    expect(delta(calls('sendMessage', 'ok'))).toBe(1);
  });

  it('counts each attempt of a call that flood control delayed, and the update still as handled', async () => {
    const lawyer = await h.addUser('lawyer');
    idsSeen.push(lawyer.id);
    const before = await scrape();

    h.fake.failNext('sendMessage', { status: 429, retryAfter: 0 });
    await h.deliver(h.fake.sendText(lawyer, '/start'));

    const after = await scrape();
    const delta = (series: string) => valueOf(after, series) - valueOf(before, series);
    expect(delta(errors('sendMessage', 429))).toBe(1);
    expect(delta(calls('sendMessage', 'ok'))).toBe(1);
    expect(delta(updates('message', 'handled'))).toBe(1);
  });

  it('counts the calls a conversation makes through its own Api objects', async () => {
    const lawyer = await h.addUser('lawyer');
    idsSeen.push(lawyer.id);
    const before = await scrape();
    const answeredBefore = h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).length;

    await h.deliver(h.fake.sendText(lawyer, '/newcase'));
    await h.deliver(h.fake.sendText(lawyer, 'Jane Doe'));
    await h.deliver(h.fake.sendText(lawyer, 'Medical imaging'));
    expect(h.sentTo(lawyer.id).at(-1)?.text).toMatch(/Case opened for Jane Doe/);

    const after = await scrape();
    const answered = h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).length;
    // Both questions and the confirmation, all sent from inside the new-case conversation.
    expect(answered - answeredBefore).toBe(3);
    expect(valueOf(after, calls('sendMessage', 'ok')) - valueOf(before, calls('sendMessage', 'ok'))).toBe(3);
  });

  it('counts the updates a lawyer sends over the rate limit as refused', async () => {
    const lawyer = await h.addUser('lawyer');
    idsSeen.push(lawyer.id);
    const before = await scrape();

    for (let i = 0; i < RATE_LIMIT.limit + 2; i++) await h.deliver(h.fake.sendText(lawyer, `note ${i}`));

    const after = await scrape();
    const delta = (series: string) => valueOf(after, series) - valueOf(before, series);
    expect(delta(updates('message', 'handled'))).toBe(RATE_LIMIT.limit);
    expect(delta(updates('message', 'refused'))).toBe(2);
  });

  it('labels updates and calls by kind, outcome and method only, never by user or chat', async () => {
    const text = await scrape();
    expect(idsSeen.length).toBeGreaterThanOrEqual(3);
    for (const id of idsSeen) expect(text).not.toContain(String(id));
    const labelNames = new Set(
      text
        .split('\n')
        .filter((line) => /^megaagent_(bot|telegram)_/.test(line))
        .flatMap((line) => [...line.matchAll(/([a-z_]+)="/g)].map((m) => m[1])),
    );
    expect([...labelNames].sort()).toEqual(['error_code', 'le', 'method', 'outcome', 'type']);
  });
});

// Last: the breaker it opens stays open for the rest of the App's life.
describe('performance spans', () => {
  const spanCount = (operation: string, outcome: string) =>
    `megaagent_operation_duration_seconds_count{operation="${operation}",outcome="${outcome}"}`;

  it('records the analysis a lawyer asks for as an operation with its duration', async () => {
    const lawyer = await h.addUser();
    const id = (await h.app.users.get(lawyer.id))?.id ?? '';
    const opened = await h.app.cases.create(id, {
      clientName: 'Jane Doe',
      fieldOfEndeavor: 'Medical imaging',
    });
    await h.app.evidence.add(id, opened.id, {
      criterion: 'judging',
      fields: { venue: 'IEEE TMI', kind: 'peer_review', proof: 'completed', sameOrAlliedField: true },
    });
    const before = valueOf(await scrape(), spanCount('eb1a.analyze', 'ok'));
    await h.deliver(h.fake.sendText(lawyer, '/analyze'));
    expect(valueOf(await scrape(), spanCount('eb1a.analyze', 'ok'))).toBe(before + 1);
  });

  it('records a failed operation as an error and rethrows its error unchanged', async () => {
    const failure = new Error('the work failed');
    await expect(h.app.span('test.failing', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(valueOf(await scrape(), spanCount('test.failing', 'error'))).toBe(1);
  });
});

describe('circuit breakers', () => {
  it('shows an open breaker as state 2 in /metrics and as a warning in /readiness and /health', async () => {
    const breaker = 'megaagent_circuit_breaker_state{dependency="telegram-files"}';
    const before = await scrape();
    expect(before).toContain(`${breaker} 0`);

    // Telegram's file server answering 502 again and again (each call is retried once).
    const files = h.app.policies.get('telegram-files');
    for (let call = 0; call < 10 && h.app.policies.states()['telegram-files'] !== 'open'; call++) {
      await expect(
        files.execute(() =>
          Promise.reject(new TelegramError({ status: 502 }, { message: 'file server: 502' })),
        ),
      ).rejects.toThrow();
    }
    expect(h.app.policies.states()['telegram-files']).toBe('open');

    expect(await scrape()).toContain(`${breaker} 2`);

    const readiness = await server.inject({ url: '/readiness' });
    expect(readiness.statusCode).toBe(200); // an open breaker fails fast; the process still serves
    const report = readiness.json<HealthReport>();
    expect(report.status).toBe('warn');
    expect(report.checks['telegram-files:circuitBreaker']?.[0]).toMatchObject({
      status: 'warn',
      observedValue: 'open',
    });

    const health = await server.inject({ url: '/health' });
    expect(health.json()).toMatchObject({ status: 'warn', breakers: { 'telegram-files': 'open' } });
  });
});
