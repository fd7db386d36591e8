// One call to one LLM provider over its own HTTP protocol: builds the request, posts it under the
// policy's abort signal, and turns the answer into a reply or an error the fallback can classify.
import type { Secret } from '../config/secret.ts';
import { ExternalServiceError, LLMRateLimitError, type AppError } from '../errors.ts';
import type { LlmProviderName, LlmReply, LlmRequest, LlmUsage } from './llm.ts';

/** Output budget when the caller sets none: a page or two of drafting prose. */
export const DEFAULT_MAX_TOKENS = 2048;

/** What a provider's reply yields, or why it yields nothing a lawyer could read. */
export type ReadReply =
  { ok: true; text: string; model: string; usage?: LlmUsage } | { ok: false; problem: string };

/** One provider's wire protocol: the only part that differs between providers. */
export interface ProviderProtocol {
  name: LlmProviderName;
  /** The provider's API origin, used unless LLM_BASE_URL overrides it. */
  baseUrl: string;
  defaultModel: string;
  /** Path under the base URL, authentication headers and JSON body for `request`. */
  buildRequest(
    request: LlmRequest,
    model: string,
    apiKey: string,
  ): { path: string; headers: Record<string, string>; body: unknown };
  /** Reads a 2xx body; `model` is what was asked for, for protocols whose reply does not name it. */
  readReply(body: unknown, model: string): ReadReply;
}

export interface ProviderEndpoint {
  protocol: ProviderProtocol;
  model: string;
  apiKey: Secret;
  /** No trailing slash. */
  baseUrl: string;
}

/** Providers' error messages help a lot ("model not found"); beyond this they are noise in a log line. */
const MAX_PROVIDER_MESSAGE_CHARS = 300;

/**
 * Posts `request` to the provider. Throws:
 * - LLMRateLimitError for 429, with `retryAfterMs` in its context when the provider said how long;
 * - ExternalServiceError with `status` for any other HTTP error, with `reason: 'network'` when the
 *   provider could not be reached, and `reason: 'unexpected-reply'` when a 2xx carried no usable text.
 * When `signal` aborts, the abort error passes through untouched: the policy reports it as a timeout.
 */
export async function callProvider(
  endpoint: ProviderEndpoint,
  request: LlmRequest,
  signal: AbortSignal,
): Promise<LlmReply> {
  const { protocol, model } = endpoint;
  const provider = protocol.name;
  const apiKey = endpoint.apiKey.reveal();
  const built = protocol.buildRequest(request, model, apiKey);

  let response: Response;
  let raw: string;
  try {
    response = await fetch(`${endpoint.baseUrl}${built.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...built.headers },
      body: JSON.stringify(built.body),
      signal,
    });
    raw = await response.text();
  } catch (err) {
    if (signal.aborted) throw err;
    throw new ExternalServiceError(
      { provider, reason: 'network' },
      { cause: err, message: `${provider} could not be reached` },
    );
  }

  const body = parseJson(raw);
  if (!response.ok) throw httpFailure(provider, response, body, apiKey);

  const read = protocol.readReply(body, model);
  if (!read.ok) {
    throw new ExternalServiceError(
      { provider, status: response.status, reason: 'unexpected-reply', problem: read.problem },
      { message: `${provider} replied without usable text: ${read.problem}` },
    );
  }
  const reply: LlmReply = { text: read.text, provider, model: read.model };
  if (read.usage) reply.usage = read.usage;
  return reply;
}

function httpFailure(provider: LlmProviderName, response: Response, body: unknown, apiKey: string): AppError {
  const status = response.status;
  const providerMessage = providerErrorMessage(body, apiKey);
  if (status === 429) {
    const retryAfterMs = retryAfterOf(response.headers);
    return new LLMRateLimitError(
      { provider, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), providerMessage },
      { message: `${provider} answered 429 (rate limited)` },
    );
  }
  return new ExternalServiceError(
    { provider, status, providerMessage },
    { message: `${provider} answered ${String(status)}` },
  );
}

/**
 * The wait a 429 asks for, when it says so simply: OpenAI's `retry-after-ms`, or `retry-after` in
 * seconds. An HTTP-date `retry-after` is ignored and the policy's own backoff decides.
 */
function retryAfterOf(headers: Headers): number | undefined {
  const delay = (value: string | null, unitMs: number): number | undefined => {
    const trimmed = value?.trim();
    if (!trimmed || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
    return Math.ceil(Number(trimmed) * unitMs);
  };
  return delay(headers.get('retry-after-ms'), 1) ?? delay(headers.get('retry-after'), 1000);
}

/**
 * The error text of any of the four protocols (`error.message`, `error` as text, or `message`).
 * Some proxies echo the key they were given in it, so the key is cut out before it can reach a log.
 */
function providerErrorMessage(body: unknown, apiKey: string): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  const message =
    typeof error === 'string'
      ? error
      : isRecord(error) && typeof error.message === 'string'
        ? error.message
        : typeof body.message === 'string'
          ? body.message
          : undefined;
  if (message === undefined) return undefined;
  const withoutKey = apiKey.length > 0 ? message.replaceAll(apiKey, '[redacted]') : message;
  return withoutKey.slice(0, MAX_PROVIDER_MESSAGE_CHARS);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // Not JSON (an HTML error page from a proxy, say): the caller reports it by status or shape.
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
