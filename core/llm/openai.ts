// OpenAI chat completions (POST /v1/chat/completions, Bearer key).
import { z } from 'zod';
import { DEFAULT_MAX_TOKENS, type ProviderProtocol } from './http.ts';

const ChatCompletion = z.object({
  model: z.string().optional(),
  choices: z.array(
    z.object({
      message: z.object({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
      }),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).optional(),
});

export const openai: ProviderProtocol = {
  name: 'openai',
  baseUrl: 'https://api.openai.com',
  defaultModel: 'gpt-4.1',

  buildRequest(request, model, apiKey) {
    const system = request.system === undefined ? [] : [{ role: 'system', content: request.system }];
    return {
      path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${apiKey}` },
      body: {
        model,
        messages: [...system, ...request.messages.map(({ role, content }) => ({ role, content }))],
        // max_tokens is deprecated and refused by reasoning models; this one works for every model.
        max_completion_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      },
    };
  },

  readReply(body, model) {
    const parsed = ChatCompletion.safeParse(body);
    if (!parsed.success) return { ok: false, problem: 'the reply is not a chat completion' };
    const message = parsed.data.choices[0]?.message;
    if (!message?.content) {
      return { ok: false, problem: message?.refusal ? 'the model refused' : 'the completion has no text' };
    }
    const usage = parsed.data.usage;
    return {
      ok: true,
      text: message.content,
      model: parsed.data.model ?? model,
      ...(usage && { usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } }),
    };
  },
};
