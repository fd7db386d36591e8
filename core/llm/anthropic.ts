// Anthropic messages (POST /v1/messages, x-api-key and anthropic-version headers).
import { z } from 'zod';
import { DEFAULT_MAX_TOKENS, type ProviderProtocol } from './http.ts';

const Message = z.object({
  model: z.string().optional(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullish(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }).optional(),
});

export const anthropic: ProviderProtocol = {
  name: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  defaultModel: 'claude-sonnet-4-5',

  buildRequest(request, model, apiKey) {
    return {
      path: '/v1/messages',
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
      body: {
        model,
        // Required by this protocol, unlike the others.
        max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(request.system === undefined ? {} : { system: request.system }),
        messages: request.messages.map(({ role, content }) => ({ role, content })),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      },
    };
  },

  readReply(body, model) {
    const parsed = Message.safeParse(body);
    if (!parsed.success) return { ok: false, problem: 'the reply is not a message' };
    const text = parsed.data.content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    if (text === '') {
      return {
        ok: false,
        problem: `the message has no text (stop reason ${parsed.data.stop_reason ?? 'none'})`,
      };
    }
    const usage = parsed.data.usage;
    return {
      ok: true,
      text,
      model: parsed.data.model ?? model,
      ...(usage && { usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } }),
    };
  },
};
