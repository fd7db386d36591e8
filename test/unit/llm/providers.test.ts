// Each provider is spoken to in its own protocol (path, headers, body) and its reply is read correctly,
// so switching or falling back between providers never changes what the lawyer's request says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropic } from '../../../core/llm/anthropic.ts';
import { gemini } from '../../../core/llm/gemini.ts';
import { DEFAULT_MAX_TOKENS } from '../../../core/llm/http.ts';
import type { LlmProviderName, LlmRequest } from '../../../core/llm/llm.ts';
import { openai } from '../../../core/llm/openai.ts';
import { FAKE_USAGE, startFakeLlm, type FakeLlm, type FakeLlmRequest } from '../../support/fake-llm.ts';
import { KEYS, llmHarness } from './harness.ts';

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

async function completeWith(provider: LlmProviderName, request: LlmRequest = CONVERSATION) {
  const { client } = llmHarness(fake, [provider]);
  fake.replyWith('The petitioner received a nationally recognised award.');
  const reply = await client.complete(request);
  expect(fake.requests).toHaveLength(1);
  return { reply, sent: fake.requests[0] as FakeLlmRequest };
}

describe('OpenAI chat completions', { tags: ['llm'] }, () => {
  it('posts the conversation with a Bearer key, the system prompt first, and reads the completion', async () => {
    const { reply, sent } = await completeWith('openai');

    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${KEYS.openai}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: CONVERSATION.system },
        { role: 'user', content: 'Describe the award in one sentence.' },
        { role: 'assistant', content: 'The award recognises national achievement.' },
        { role: 'user', content: 'Now make it formal.' },
      ],
      max_completion_tokens: 400,
      temperature: 0.2,
    });
    expect(reply).toEqual({
      text: 'The petitioner received a nationally recognised award.',
      provider: 'openai',
      model: 'gpt-4.1',
      usage: FAKE_USAGE,
    });
  });

  it('reports a refusal as no usable text', () => {
    const refusal = { choices: [{ message: { content: null, refusal: 'I cannot help with that.' } }] };
    expect(openai.readReply(refusal, 'gpt-4.1')).toEqual({ ok: false, problem: 'the model refused' });
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
      system: CONVERSATION.system,
      messages: CONVERSATION.messages,
      temperature: 0.2,
    });
    expect(reply).toEqual({
      text: 'The petitioner received a nationally recognised award.',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: FAKE_USAGE,
    });
  });

  it('joins text blocks and ignores others', () => {
    const message = {
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'private' },
        { type: 'text', text: 'First. ' },
        { type: 'text', text: 'Second.' },
      ],
    };
    expect(anthropic.readReply(message, 'claude-sonnet-4-5')).toEqual({
      ok: true,
      text: 'First. Second.',
      model: 'claude-sonnet-4-5',
    });
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
    expect(reply).toEqual({
      text: 'The petitioner received a nationally recognised award.',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      usage: FAKE_USAGE,
    });
  });

  it('reports a blocked prompt, and leaves the model’s thoughts out of the text', () => {
    expect(gemini.readReply({ promptFeedback: { blockReason: 'SAFETY' } }, 'gemini-2.5-flash')).toEqual({
      ok: false,
      problem: 'the prompt was blocked (SAFETY)',
    });
    const withThought = {
      candidates: [{ content: { parts: [{ text: 'reasoning', thought: true }, { text: 'Answer.' }] } }],
    };
    expect(gemini.readReply(withThought, 'gemini-2.5-flash')).toMatchObject({ ok: true, text: 'Answer.' });
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
    expect(reply).toEqual({
      text: 'The petitioner received a nationally recognised award.',
      provider: 'cohere',
      model: 'command-a-03-2025',
      usage: FAKE_USAGE,
    });
  });
});

describe('every provider', { tags: ['llm'] }, () => {
  const budgetOf: Record<LlmProviderName, (body: Record<string, unknown>) => unknown> = {
    openai: (body) => body.max_completion_tokens,
    anthropic: (body) => body.max_tokens,
    gemini: (body) => (body.generationConfig as Record<string, unknown>).maxOutputTokens,
    cohere: (body) => body.max_tokens,
  };

  it.each(['openai', 'anthropic', 'gemini', 'cohere'] as const)(
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
});
