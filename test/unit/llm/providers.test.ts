// Each provider is spoken to in its own protocol (path, headers, body) through the AI SDK, for text and
// for objects checked by a zod schema, and its reply is read correctly, so switching or falling back
// between providers never changes what the lawyer's request says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createLlmClient,
  DEFAULT_MAX_TOKENS,
  type LlmProviderName,
  type LlmRequest,
} from '../../../core/llm/llm.ts';
import { createDependencyPolicy } from '../../../core/resilience/policies.ts';
import { FAKE_USAGE, startFakeLlm, type FakeLlm, type FakeLlmRequest } from '../../support/fake-llm.ts';
import { capturingLogger } from '../../support/fixtures.ts';
import { KEYS, llmHarness, llmSettings } from './harness.ts';

let fake: FakeLlm;
beforeEach(async () => {
  fake = await startFakeLlm();
});
afterEach(() => fake.close());

const CONVERSATION: LlmRequest = {
  system: 'You draft EB-1A petition prose for an immigration lawyer to review.',
  messages: [
    { role: 'user', content: 'Describe the award in one sentence.' },
    { role: 'assistant', content: 'The award recognises national achievement.' },
    { role: 'user', content: 'Now make it formal.' },
  ],
  maxTokens: 400,
  temperature: 0.2,
};

const MODELS: Record<LlmProviderName, string> = {
  openai: 'gpt-4.1',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  cohere: 'command-a-03-2025',
};

async function completeWith(provider: LlmProviderName, request: LlmRequest = CONVERSATION) {
  const { client } = llmHarness(fake, [provider]);
  fake.replyWith('The petitioner received a nationally recognised award.');
  const reply = await client.complete(request);
  expect(fake.requests).toHaveLength(1);
  return { reply, sent: fake.requests[0] as FakeLlmRequest };
}

const EXPECTED_REPLY = (provider: LlmProviderName) => ({
  text: 'The petitioner received a nationally recognised award.',
  provider,
  model: MODELS[provider],
  usage: FAKE_USAGE,
});

describe('OpenAI responses', { tags: ['llm'] }, () => {
  it('posts the conversation with a Bearer key, the system prompt first, and reads the output text', async () => {
    const { reply, sent } = await completeWith('openai');

    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/responses');
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({
      model: 'gpt-4.1',
      input: [
        { role: 'system', content: CONVERSATION.system },
        { role: 'user', content: [{ type: 'input_text', text: 'Describe the award in one sentence.' }] },
        { role: 'assistant', content: 'The award recognises national achievement.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Now make it formal.' }] },
      ],
      max_output_tokens: 400,
      temperature: 0.2,
    });
    expect(reply).toEqual(EXPECTED_REPLY('openai'));
  });
});

describe('Anthropic messages', { tags: ['llm'] }, () => {
  it('posts with x-api-key and anthropic-version, the system prompt as a field, and reads the text blocks', async () => {
    const { reply, sent } = await completeWith('anthropic');

    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEYS.anthropic);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 400,
      system: [{ type: 'text', text: CONVERSATION.system }],
      messages: CONVERSATION.messages.map(({ role, content }) => ({
        role,
        content: [{ type: 'text', text: content }],
      })),
      temperature: 0.2,
    });
    expect(reply).toEqual(EXPECTED_REPLY('anthropic'));
  });
});

describe('Gemini generateContent', { tags: ['llm'] }, () => {
  it('posts to the model path with x-goog-api-key (never ?key=), model roles and generationConfig', async () => {
    const { reply, sent } = await completeWith('gemini');

    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.query).toEqual({});
    expect(sent.headers['x-goog-api-key']).toBe(KEYS.gemini);
    expect(sent.body).toEqual({
      systemInstruction: { parts: [{ text: CONVERSATION.system }] },
      contents: [
        { role: 'user', parts: [{ text: 'Describe the award in one sentence.' }] },
        { role: 'model', parts: [{ text: 'The award recognises national achievement.' }] },
        { role: 'user', parts: [{ text: 'Now make it formal.' }] },
      ],
      generationConfig: { maxOutputTokens: 400, temperature: 0.2 },
    });
    expect(reply).toEqual(EXPECTED_REPLY('gemini'));
  });
});

describe('Cohere chat v2', { tags: ['llm'] }, () => {
  it('posts with a Bearer key and a system message, and reads the message content', async () => {
    const { reply, sent } = await completeWith('cohere');

    expect(sent.path).toBe('/v2/chat');
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.cohere}`);
    expect(sent.body).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'system', content: CONVERSATION.system }, ...CONVERSATION.messages],
      max_tokens: 400,
      temperature: 0.2,
    });
    expect(reply).toEqual(EXPECTED_REPLY('cohere'));
  });
});

const PROVIDERS = ['openai', 'anthropic', 'gemini', 'cohere'] as const;

describe('every provider', { tags: ['llm'] }, () => {
  const budgetOf: Record<LlmProviderName, (body: Record<string, unknown>) => unknown> = {
    openai: (body) => body.max_output_tokens,
    anthropic: (body) => body.max_tokens,
    gemini: (body) => (body.generationConfig as Record<string, unknown>).maxOutputTokens,
    cohere: (body) => body.max_tokens,
  };

  it.each(PROVIDERS)(
    '%s: sends the default output budget and no temperature or system prompt the caller did not give',
    async (provider) => {
      const { sent } = await completeWith(provider, { messages: [{ role: 'user', content: 'Hello' }] });
      const body = sent.body as Record<string, unknown>;
      expect(budgetOf[provider](body)).toBe(DEFAULT_MAX_TOKENS);
      const serialized = JSON.stringify(body);
      expect(serialized).not.toContain('temperature');
      expect(serialized).not.toMatch(/system/i);
    },
  );

  it.each(PROVIDERS)('%s: a reply with no text is a failure, not an empty draft', async (provider) => {
    const { client } = llmHarness(fake, [provider]);
    fake.replyNext('   ');

    await expect(client.complete(CONVERSATION)).rejects.toMatchObject({
      context: { attempts: [{ provider, outcome: 'failed', status: 200 }] },
    });
  });

  it.each(PROVIDERS)(
    '%s: a 200 whose body is not JSON is a failure naming the provider',
    async (provider) => {
      const { client } = llmHarness(fake, [provider]);
      fake.failNext({ malformed: true });

      const err = await client.complete(CONVERSATION).catch((e: unknown) => e);
      expect(err).toMatchObject({ context: { attempts: [{ provider, outcome: 'failed', status: 200 }] } });
      // Not retried: the provider answered, what it said was unusable.
      expect(fake.requests).toHaveLength(1);
    },
  );
});

describe('where each provider is called', { tags: ['llm'] }, () => {
  it('is its own base URL when one is set, ahead of the shared LLM_BASE_URL', async () => {
    const gateway = await startFakeLlm();
    try {
      const settings = llmSettings('http://127.0.0.1:9', ['anthropic'], {
        providerBaseUrls: { anthropic: `${gateway.baseUrl}/v1/` },
      });
      const client = createLlmClient(settings, {
        log: capturingLogger().log,
        policyFor: () => createDependencyPolicy('llm:anthropic', {}, { log: capturingLogger().log }),
      });

      expect((await client?.complete(CONVERSATION))?.provider).toBe('anthropic');
      expect(gateway.requests.map((r) => r.path)).toEqual(['/v1/messages']);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await gateway.close();
    }
  });
});

describe('a setting the model does not take', { tags: ['llm'] }, () => {
  it('is left out of the request and logged as a warning, not printed by the SDK', async () => {
    const { client, lines } = llmHarness(fake, ['openai'], { models: { openai: 'o3-mini' } });

    const reply = await client.complete(CONVERSATION);

    expect(reply.model).toBe('o3-mini');
    expect(JSON.stringify(fake.requests[0]?.body)).not.toContain('temperature');
    const warning = lines.find((l) => l.msg === 'LLM provider ignored part of the request');
    expect(warning).toMatchObject({ provider: 'openai', warnings: [{ feature: 'temperature' }] });
  });
});

const Classification = z.object({
  criterion: z.enum(['awards', 'judging']),
  confidence: z.number().min(0).max(1),
});

describe('structured output', { tags: ['llm'] }, () => {
  it.each(PROVIDERS)(
    '%s: asks for JSON following the schema and returns the object it validated',
    async (provider) => {
      const { client } = llmHarness(fake, [provider]);
      fake.replyNext(JSON.stringify({ criterion: 'judging', confidence: 0.8 }));

      const reply = await client.completeObject(CONVERSATION, Classification);

      expect(reply.object).toEqual({ criterion: 'judging', confidence: 0.8 });
      expect(reply.provider).toBe(provider);
      expect(reply.usage).toEqual(FAKE_USAGE);
      const [sent] = fake.requests;
      expect(sent?.structured).toBe(true);
      // The schema itself travels with the request, so the provider can hold the model to it.
      expect(JSON.stringify(sent?.body)).toContain('"criterion"');
    },
  );

  it.each(PROVIDERS)('%s: an object outside the schema goes to the next provider', async (provider) => {
    const next = provider === 'openai' ? 'anthropic' : 'openai';
    const { client, lines } = llmHarness(fake, [provider, next]);
    fake.replyNext(JSON.stringify({ criterion: 'press', confidence: 3 }), { provider });
    fake.replyNext(JSON.stringify({ criterion: 'awards', confidence: 0.5 }), { provider: next });

    const reply = await client.completeObject(CONVERSATION, Classification);

    expect(reply).toMatchObject({ provider: next, object: { criterion: 'awards', confidence: 0.5 } });
    // Not retried at the same provider: a model that wrote the wrong shape once will likely again.
    expect(fake.requestsTo(provider)).toHaveLength(1);
    const failed = lines.find((l) => l.provider === provider && l.outcome === 'invalid-output');
    expect(failed?.msg).toBe('LLM provider failed');
  });

  it('reports text that is not JSON at all as invalid output, when no provider does better', async () => {
    const { client } = llmHarness(fake, ['gemini']);
    fake.replyNext('Sure! The criterion is judging.');

    const err = await client.completeObject(CONVERSATION, Classification).catch((e: unknown) => e);

    expect(err).toMatchObject({
      code: 4000,
      context: { attempts: [{ provider: 'gemini', outcome: 'invalid-output' }] },
    });
  });
});
