// Outgoing calls in traces: each Bot API call and each LLM provider call is a CLIENT span of the update or
// job that made it, sent over OTLP/HTTP to a collector on loopback, with OpenTelemetry's HTTP client
// attributes and never the bot token, the LLM key, a URL's query or a lawyer's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { runProductWorker } from '../../../core/jobs/product-worker.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { strongPetition } from '../../support/factories.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import { eventually } from '../../support/fixtures.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../support/otlp-receiver.ts';
import { KEYS } from '../../unit/llm/harness.ts';

const CLIENT = 3;
const CONSUMER = 5;
const SEND_MESSAGE = 'POST /bot{token}/sendMessage';
/** A draft every section's check lets through: it states no name, number or citation. */
const GROUNDED = 'The record set out in this section meets the standard that applies to it.';

function rootOf(spans: readonly ReceivedSpan[], span: ReceivedSpan): ReceivedSpan {
  const parent = spans.find((s) => s.spanId === span.parentSpanId && s.traceId === span.traceId);
  return parent ? rootOf(spans, parent) : span;
}

/** Every attribute of every span that holds one of `values`, as `span name: key`. */
function carrying(spans: readonly ReceivedSpan[], values: readonly string[]): string[] {
  return spans.flatMap((s) =>
    Object.entries(s.attributes)
      .filter(([, v]) => values.some((value) => String(v).includes(value)))
      .map(([key]) => `${s.name}: ${key}`),
  );
}

describe('client spans of outgoing calls', () => {
  let receiver: OtlpReceiver;
  let llm: FakeLlm;
  let h: BotHarness;
  let telegramPort: number;
  let llmPort: number;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    llm = await startFakeLlm();
    h = await startBotHarness({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        LLM_PROVIDERS: 'openai',
        LLM_OPENAI_API_KEY: KEYS.openai,
        LLM_OPENAI_BASE_URL: `${llm.baseUrl}/v1`,
        FEATURE_ENABLE_LLM_DRAFTING: 'true',
      },
    });
    telegramPort = Number(new URL(h.fake.apiRoot).port);
    llmPort = Number(new URL(llm.baseUrl).port);
    await runProductWorker(h.app, telegramMessenger(h.bot.api));
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await llm?.close();
    await receiver?.close();
  });

  it('makes each Bot API call of an update a CLIENT span of its trace, a resent attempt its own failed span', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alexandra' });
    // Telegram's front proxy answers the first reply with 500; the HTTP layer sends it again.
    h.fake.failNext('sendMessage', { status: 500 });
    const before = receiver.spans.length;
    await h.say(user, '/start');
    expect(h.textsTo(user.id).length).toBeGreaterThan(0);
    await h.app.tracing.flush();

    const spans = receiver.spans.slice(before);
    const calls = spans.filter((s) => s.name === SEND_MESSAGE);
    expect(calls.map((s) => s.attributes['http.response.status_code'])).toEqual([500, 200]);
    for (const call of calls) {
      expect(call.kind).toBe(CLIENT);
      expect(rootOf(spans, call)).toMatchObject({ name: 'telegram message', kind: CONSUMER });
    }
    expect(calls[1]?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': telegramPort,
      'url.scheme': 'http',
      'url.template': '/bot{token}/sendMessage',
      'http.response.status_code': 200,
    });
    expect(calls[0]?.attributes['error.type']).toBe('500');
    // Nothing of the token (its bot id or its secret part) nor the lawyer's name is in any span.
    const [botId, secret] = h.fake.token.split(':');
    expect(carrying(receiver.spans, [secret ?? h.fake.token, `bot${botId ?? ''}`, 'Alexandra'])).toEqual([]);
    expect(receiver.spans.filter((s) => s.kind === CLIENT && s.parentSpanId === '')).toEqual([]);
  }, 30_000);

  it("makes the draft job's LLM calls and the files it sends CLIENT spans of the job's trace, naming the provider but never the key", async () => {
    const user = await h.addUser('lawyer', { first_name: 'Alexandra' });
    const lawyerId = (await h.app.users.findActive(user.id))?.id ?? '';
    const opened = await h.app.cases.create(lawyerId, {
      clientName: 'Dr. Maya Chen',
      fieldOfEndeavor: 'Medical imaging',
    });
    for (const item of strongPetition().evidence) {
      await h.app.evidence.add(lawyerId, opened.id, {
        criterion: item.criterion,
        fields: item.fields,
        title: item.title,
        ...(item.letter !== undefined && { letter: item.letter }),
      });
    }
    llm.replyWith(JSON.stringify({ text: GROUNDED }));
    // The first call is refused as rate limited: its span fails with the status, the draft goes on.
    llm.failNext({ status: 429 }, { times: 1 });
    const before = receiver.spans.length;
    await h.say(user, '/draft');
    await h.fake.waitFor(
      (m) => m.chat_id === user.id && (m.text ?? '').startsWith('Drafts for Dr. Maya Chen'),
      60_000,
    );
    let spans: ReceivedSpan[] = [];
    let job: ReceivedSpan | undefined;
    await eventually(async () => {
      await h.app.tracing.flush();
      spans = receiver.spans.slice(before);
      job = spans.find((s) => s.name === 'job draft-brief');
      expect(job).toBeDefined();
    }, 10_000);
    const inJob = spans.filter((s) => job && rootOf(spans, s) === job);

    const asked = inJob.filter((s) => s.name === 'POST /v1/responses');
    expect(asked.length).toBeGreaterThan(1);
    expect(asked[0]?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': llmPort,
      'url.scheme': 'http',
      'url.template': '/v1/responses',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'http.response.status_code': 429,
      'error.type': '429',
    });
    expect(asked.slice(1).every((s) => s.attributes['http.response.status_code'] === 200)).toBe(true);
    expect(asked.every((s) => s.kind === CLIENT)).toBe(true);

    const sentFiles = inJob.filter((s) => s.name === 'POST /bot{token}/sendDocument');
    expect(sentFiles.map((s) => s.attributes['http.response.status_code'])).toEqual([200, 200, 200]);

    expect(carrying(receiver.spans, [KEYS.openai, GROUNDED, 'Maya Chen'])).toEqual([]);
    expect(receiver.spans.filter((s) => 'url.full' in s.attributes)).toEqual([]);
  }, 90_000);
});
