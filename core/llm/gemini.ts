// Google Gemini generateContent (POST /v1beta/models/{model}:generateContent, x-goog-api-key header).
import { z } from 'zod';
import { DEFAULT_MAX_TOKENS, type ProviderProtocol } from './http.ts';

const GenerateContentResponse = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            parts: z.array(z.object({ text: z.string().optional(), thought: z.boolean().optional() })),
          })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
  usageMetadata: z
    .object({ promptTokenCount: z.number().optional(), candidatesTokenCount: z.number().optional() })
    .optional(),
  modelVersion: z.string().optional(),
});

export const gemini: ProviderProtocol = {
  name: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com',
  // On 2.5 models maxOutputTokens also bounds the model's thinking, so keep drafting budgets generous.
  defaultModel: 'gemini-2.5-flash',

  buildRequest(request, model, apiKey) {
    return {
      path: `/v1beta/models/${encodeURIComponent(model)}:generateContent`,
      // The header rather than ?key=, so the key is never part of a URL that a proxy or an error logs.
      headers: { 'x-goog-api-key': apiKey },
      body: {
        ...(request.system === undefined ? {} : { systemInstruction: { parts: [{ text: request.system }] } }),
        contents: request.messages.map(({ role, content }) => ({
          role: role === 'assistant' ? 'model' : 'user',
          parts: [{ text: content }],
        })),
        generationConfig: {
          maxOutputTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
          ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        },
      },
    };
  },

  readReply(body, model) {
    const parsed = GenerateContentResponse.safeParse(body);
    if (!parsed.success) return { ok: false, problem: 'the reply is not a generateContent response' };
    const { candidates, promptFeedback, usageMetadata, modelVersion } = parsed.data;
    const blocked = promptFeedback?.blockReason;
    if (blocked) return { ok: false, problem: `the prompt was blocked (${blocked})` };
    const candidate = candidates?.[0];
    const text = (candidate?.content?.parts ?? [])
      .filter((part) => part.thought !== true)
      .map((part) => part.text ?? '')
      .join('');
    if (text === '') {
      return {
        ok: false,
        problem: `the candidate has no text (finish reason ${candidate?.finishReason ?? 'none'})`,
      };
    }
    return {
      ok: true,
      text,
      model: modelVersion ?? model,
      ...(usageMetadata && {
        usage: {
          inputTokens: usageMetadata.promptTokenCount ?? 0,
          outputTokens: usageMetadata.candidatesTokenCount ?? 0,
        },
      }),
    };
  },
};
