// When a provider fails, hangs, is rate limited or is known to be down, the lawyer still gets a draft
// from the next configured provider; when all fail, the error says why in terms the bot can show.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ExternalServiceError,
  LLMRateLimitError,
  LLMTimeoutError,
  type AppError,
} from '../../../core/errors.ts';
import { llmPolicyOptions } from '../../../core/llm/llm.ts';
import { startFakeLlm, type FakeLlm } from '../../support/fake-llm.ts';
import { eventually } from '../../support/fixtures.ts';
import { ASK, KEYS, llmHarness } from './harness.ts';

let fake: FakeLlm;
beforeEach(async () => {
  fake = await startFakeLlm();
});
afterEach(() => fake.close());

async function failure(call: Promise<unknown>): Promise<AppError> {
  return call.then(
    () => Promise.reject(new Error('expected every provider to fail')),
    (err: unknown) => err as AppError,
  );
}

describe('a provider that does not answer in time', { tags: ['llm'] }, () => {
  it('is cut off at the deadline (the connection is closed) and yields LLMTimeoutError', async () => {
    const { client } = llmHarness(fake, ['openai'], { timeoutMs: 300 });
    fake.failNext({ hang: true }, { times: 2 });

    const started = Date.now();
    const err = await failure(client.complete(ASK));

    expect(err).toBeInstanceOf(LLMTimeoutError);
    expect(err.code).toBe(4001);
    expect(Date.now() - started).toBeLessThan(2_000);
    // A timeout is transient: tried once more, then given up.
    expect(fake.requests).toHaveLength(2);
    await eventually(() => expect(fake.requests.map((r) => r.closedByClient)).toEqual([true, true]));
  });

  it('is abandoned for the next provider, which answers', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic'], {
      timeoutMs: 300,
      policy: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
    });
    fake.failNext({ hang: true }, { provider: 'openai' });

    const reply = await client.complete(ASK);

    expect(reply.provider).toBe('anthropic');
    await eventually(() => expect(fake.requestsTo('openai')[0]?.closedByClient).toBe(true));
  });
});

describe('rate limits', { tags: ['llm'] }, () => {
  it('retries a 429 once, then falls back to the next provider', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic']);
    fake.failNext({ status: 429 }, { provider: 'openai', times: 2 });

    const reply = await client.complete(ASK);

    expect(reply.provider).toBe('anthropic');
    expect(fake.requestsTo('openai').map((r) => r.status)).toEqual([429, 429]);
    expect(fake.requestsTo('anthropic').map((r) => r.status)).toEqual([200]);
  });

  it('waits out a short Retry-After before retrying the same provider', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic'], { timeoutMs: 4_000 });
    fake.failNext({ status: 429, retryAfter: 1 }, { provider: 'openai' });

    const reply = await client.complete(ASK);

    expect(reply.provider).toBe('openai');
    const [first, second] = fake.requestsTo('openai');
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(fake.requestsTo('anthropic')).toHaveLength(0);
  });

  it('leaves a provider that asked for a long pause alone until then, without sending it requests', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic']);
    fake.failNext({ status: 429, retryAfter: 120 }, { provider: 'openai' });

    expect((await client.complete(ASK)).provider).toBe('anthropic');
    expect((await client.complete(ASK)).provider).toBe('anthropic');

    // Not retried (the wait is longer than any attempt may take), and skipped by the second call.
    expect(fake.requestsTo('openai')).toHaveLength(1);
    expect(fake.requestsTo('anthropic')).toHaveLength(2);
  });
});

describe('a provider that refuses the request', { tags: ['llm'] }, () => {
  it('is not retried on 401, is logged as an error, and the next provider answers', async () => {
    const { client, lines } = llmHarness(fake, ['cohere', 'gemini']);
    fake.failNext({ status: 401 }, { provider: 'cohere' });

    const reply = await client.complete(ASK);

    expect(reply.provider).toBe('gemini');
    expect(fake.requestsTo('cohere')).toHaveLength(1);
    const refusal = lines.find((l) => l.provider === 'cohere' && l.level === 50);
    expect(refusal?.msg).toBe('LLM provider refused the request (our request or key is wrong)');
  });

  it('is not retried on 400 either', async () => {
    const { client } = llmHarness(fake, ['gemini', 'openai']);
    fake.failNext({ status: 400 }, { provider: 'gemini' });

    expect((await client.complete(ASK)).provider).toBe('openai');
    expect(fake.requestsTo('gemini')).toHaveLength(1);
  });
});

describe('when every provider fails', { tags: ['llm'] }, () => {
  it('throws LLMRateLimitError with the wait when the last one was rate limited', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic']);
    fake.failNext({ status: 500 }, { provider: 'openai', times: 2 });
    fake.failNext({ status: 429, retryAfter: 60 }, { provider: 'anthropic' });

    const err = await failure(client.complete(ASK));

    expect(err).toBeInstanceOf(LLMRateLimitError);
    expect(err.code).toBe(4002);
    expect(err.context.retryAfterSeconds).toBe(60);
    expect(err.context.attempts).toEqual([
      { provider: 'openai', outcome: 'failed', status: 500 },
      { provider: 'anthropic', outcome: 'rate-limited', status: 429, retryAfterMs: 60_000 },
    ]);
    expect(err.message).toBe(
      'No LLM provider answered (openai: failed (500); anthropic: rate-limited (429))',
    );
  });

  it('throws LLMTimeoutError when the last one timed out', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic'], { timeoutMs: 300 });
    fake.failNext({ status: 503 }, { provider: 'openai', times: 2 });
    fake.failNext({ hang: true }, { provider: 'anthropic', times: 2 });

    const err = await failure(client.complete(ASK));

    expect(err).toBeInstanceOf(LLMTimeoutError);
    expect(err.context.attempts).toEqual([
      { provider: 'openai', outcome: 'failed', status: 503 },
      { provider: 'anthropic', outcome: 'timed-out' },
    ]);
  });

  it('throws ExternalServiceError when the last one refused or broke', async () => {
    const { client } = llmHarness(fake, ['openai', 'anthropic']);
    fake.failNext({ status: 429 }, { provider: 'openai', times: 2 });
    fake.failNext({ status: 401 }, { provider: 'anthropic' });

    const err = await failure(client.complete(ASK));

    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).not.toBeInstanceOf(LLMRateLimitError);
    expect(err.code).toBe(4000);
    expect(err.context.attempts).toEqual([
      { provider: 'openai', outcome: 'rate-limited', status: 429 },
      { provider: 'anthropic', outcome: 'failed', status: 401 },
    ]);
  });

  it('retries an unreachable provider and reports it as ExternalServiceError', async () => {
    const closed = await startFakeLlm();
    const unreachable = closed.baseUrl;
    await closed.close();
    const { client } = llmHarness(fake, ['openai'], { baseUrl: unreachable });

    const err = await failure(client.complete(ASK));

    expect(err).toBeInstanceOf(ExternalServiceError);
    expect((err.cause as AppError).context).toMatchObject({ provider: 'openai', reason: 'network' });
  });
});

describe('the circuit breaker', { tags: ['llm'] }, () => {
  it('opens after repeated failures, and the next call skips that provider without a request', async () => {
    const { client, policies, lines } = llmHarness(fake, ['openai', 'anthropic'], {
      policy: {
        retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
        breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 60_000 },
      },
    });
    fake.failNext({ status: 502 }, { provider: 'openai', times: 10 });

    expect((await client.complete(ASK)).provider).toBe('anthropic');
    expect(fake.requestsTo('openai')).toHaveLength(2);
    expect(policies.states()).toEqual({ 'llm:openai': 'open', 'llm:anthropic': 'closed' });

    expect((await client.complete(ASK)).provider).toBe('anthropic');
    expect(fake.requestsTo('openai')).toHaveLength(2);
    expect(lines.some((l) => l.provider === 'openai' && l.outcome === 'circuit-open')).toBe(true);
  });
});

describe('calls in flight', { tags: ['llm'] }, () => {
  it('are bounded per provider: a call beyond the limit and its queue goes to the next provider at once', async () => {
    const { client, lines } = llmHarness(fake, ['openai', 'anthropic'], {
      policy: { bulkhead: { limit: 1, queue: 0 } },
    });
    fake.failNext({ delayMs: 300 }, { provider: 'openai' });

    const [first, second] = await Promise.all([client.complete(ASK), client.complete(ASK)]);

    expect(first.provider).toBe('openai');
    expect(second.provider).toBe('anthropic');
    // The refused call never reached the provider.
    expect(fake.requestsTo('openai')).toHaveLength(1);
    expect(lines.some((l) => l.provider === 'openai' && l.outcome === 'busy')).toBe(true);
  });

  it('are bounded by LLM_MAX_CONCURRENT_CALLS in the production policy', () => {
    const { settings } = llmHarness(fake, ['openai']);
    expect(llmPolicyOptions({ ...settings, maxConcurrentCalls: 3 }).bulkhead).toEqual({ limit: 3, queue: 6 });
  });
});

describe('API keys', { tags: ['llm'] }, () => {
  it('never appear in the log or in the errors, whatever happens', async () => {
    const { client, lines } = llmHarness(fake, ['openai', 'anthropic', 'gemini', 'cohere'], {
      timeoutMs: 300,
      policy: { retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } },
    });
    // The 401s echo the key they were given, as some gateways do.
    fake.failNext({ status: 401 }, { provider: 'openai' });
    fake.failNext({ status: 429, retryAfter: 90 }, { provider: 'anthropic' });
    fake.failNext({ hang: true }, { provider: 'gemini' });
    fake.failNext({ status: 401 }, { provider: 'cohere' });
    const err = await failure(client.complete(ASK));
    fake.failNext({ status: 500 }, { provider: 'openai' });
    expect((await client.complete(ASK)).provider).toBe('gemini'); // openai fails, anthropic rests

    const everything = JSON.stringify(lines) + inspect(err, { depth: 20 });
    for (const key of Object.values(KEYS)) expect(everything).not.toContain(key);
    // The provider's message is still there for whoever diagnoses it, with the key cut out.
    const refused = lines.find((l) => l.provider === 'openai' && l.level === 50);
    expect(JSON.stringify(refused)).toContain('Incorrect API key provided: [redacted]');
  });
});
