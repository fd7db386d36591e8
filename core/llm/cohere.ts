// Cohere chat v2 (POST /v2/chat, Bearer key).
import { z } from 'zod';
import { DEFAULT_MAX_TOKENS, type ProviderProtocol } from './http.ts';

const ChatResponse = z.object({
  finish_reason: z.string().optional(),
  message: z.object({
    content: z.array(z.object({ type: z.string(), text: z.string().optional() })).optional(),
  }),
  usage: z
    .object({ tokens: z.object({ input_tokens: z.number(), output_tokens: z.number() }).optional() })
    .optional(),
});

export const cohere: ProviderProtocol = {
  name: 'cohere',
  baseUrl: 'https://api.cohere.com',
  defaultModel: 'command-a-03-2025',

  buildRequest(request, model, apiKey) {
    const system = request.system === undefined ? [] : [{ role: 'system', content: request.system }];
    return {
      path: '/v2/chat',
      headers: { authorization: `Bearer ${apiKey}` },
      body: {
        model,
        messages: [...system, ...request.messages.map(({ role, content }) => ({ role, content }))],
        max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      },
    };
  },

  // The reply does not name the model, so it is the one asked for.
  readReply(body, model) {
    const parsed = ChatResponse.safeParse(body);
    if (!parsed.success) return { ok: false, problem: 'the reply is not a chat response' };
    const text = (parsed.data.message.content ?? [])
      .filter((part) => part.type === 'text')
      .map((part) => part.text ?? '')
      .join('');
    if (text === '') {
      return {
        ok: false,
        problem: `the message has no text (finish reason ${parsed.data.finish_reason ?? 'none'})`,
      };
    }
    // `tokens` is what the model processed; `billed_units` may differ and is a billing matter.
    const tokens = parsed.data.usage?.tokens;
    return {
      ok: true,
      text,
      model,
      ...(tokens && { usage: { inputTokens: tokens.input_tokens, outputTokens: tokens.output_tokens } }),
    };
  },
};
