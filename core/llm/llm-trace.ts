// Each HTTP call to an LLM provider as a CLIENT span of the job or update that asked (`POST /v1/responses`),
// with the provider and the model named. Neither the prompt, the reply, the query string nor the key
// reaches a span: the key is cut out of the path too, should a gateway carry it there.
import { traceHttpCall } from '../logging/http-client-span.ts';
import type { Tracing } from '../logging/tracing.ts';
import type { Secret } from '../config/secret.ts';
import type { LlmFetch, LlmProviderName } from './providers.ts';

function requestOf(input: Parameters<LlmFetch>[0], init: Parameters<LlmFetch>[1]) {
  if (input instanceof Request) return { url: new URL(input.url), method: init?.method ?? input.method };
  return { url: new URL(input instanceof URL ? input.href : input), method: init?.method ?? 'GET' };
}

/** The provider's HTTP function with a span per call; `inner` itself when tracing is off. */
export function fetchTracingLlmCalls(
  tracing: Tracing,
  endpoint: { name: LlmProviderName; modelId: string; apiKey: Secret },
  inner: LlmFetch = globalThis.fetch,
): LlmFetch {
  if (!tracing.enabled) return inner;
  const key = endpoint.apiKey.reveal();
  return (input, init) => {
    const { url, method } = requestOf(input, init);
    const path = url.pathname;
    return traceHttpCall(
      tracing,
      {
        method,
        url,
        template: key.length > 0 ? path.replaceAll(key, '{key}') : path,
        attributes: { 'gen_ai.provider.name': endpoint.name, 'gen_ai.request.model': endpoint.modelId },
      },
      () => inner(input, init),
    );
  };
}
