// The four LLM providers as AI SDK language models: which model each uses, where its API lives, and
// the one call (`callModel`) that asks a model for text or for a schema-checked object and turns every
// failure into an error the fallback can classify.
//
// The SDK's own retries are off (maxRetries: 0): our policy per provider retries, honours Retry-After
// and opens the breaker, so the SDK must report each failure at once.
//
// The SDK and each provider's package are loaded on the first call, not at start: they are a fifth of
// the start-up's module loading, and a deployment without an LLM never calls them.
import type * as Sdk from 'ai';
import type { LanguageModel, LanguageModelUsage } from 'ai';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Secret } from '../config/secret.ts';
import { ExternalServiceError, LLMRateLimitError, type AppError } from '../errors.ts';

export type LlmProviderName = Config['llm']['providers'][number];

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  system?: string;
  messages: LlmMessage[];
  maxTokens?: number;
  temperature?: number;
  /**
   * Providers not to ask this time (say, one whose draft was just turned down), when another is
   * configured; ignored when it would leave none.
   */
  avoid?: readonly LlmProviderName[];
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmReply {
  /** For a lawyer to review; never parsed into an action. */
  text: string;
  provider: LlmProviderName;
  model: string;
  usage?: LlmUsage;
}

export interface LlmObjectReply<T> extends LlmReply {
  /** The reply as the schema's type, validated by it. */
  object: T;
}

/** Output budget when the caller sets none: a page or two of drafting prose. */
export const DEFAULT_MAX_TOKENS = 2048;

interface ProviderSpec {
  defaultModel: string;
  /** The API root the SDK provider expects, as a path under an origin (LLM_BASE_URL replaces the origin). */
  apiPath: string;
  defaultOrigin: string;
  model(
    apiKey: string,
    baseURL: string,
    modelId: string,
    fetch: LlmFetch | undefined,
  ): Promise<LanguageModel>;
}

/** The HTTP function a provider's SDK calls (the App's wraps each call in a trace span). */
export type LlmFetch = typeof globalThis.fetch;

const PROVIDERS: Record<LlmProviderName, ProviderSpec> = {
  // The OpenAI provider speaks the responses API (POST /v1/responses).
  openai: {
    defaultModel: 'gpt-4.1',
    apiPath: '/v1',
    defaultOrigin: 'https://api.openai.com',
    model: async (apiKey, baseURL, modelId, fetch) =>
      (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL, ...(fetch && { fetch }) })(modelId),
  },
  anthropic: {
    defaultModel: 'claude-sonnet-4-5',
    apiPath: '/v1',
    defaultOrigin: 'https://api.anthropic.com',
    model: async (apiKey, baseURL, modelId, fetch) =>
      (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey, baseURL, ...(fetch && { fetch }) })(
        modelId,
      ),
  },
  gemini: {
    defaultModel: 'gemini-2.5-flash',
    apiPath: '/v1beta',
    defaultOrigin: 'https://generativelanguage.googleapis.com',
    model: async (apiKey, baseURL, modelId, fetch) =>
      (await import('@ai-sdk/google')).createGoogleGenerativeAI({ apiKey, baseURL, ...(fetch && { fetch }) })(
        modelId,
      ),
  },
  cohere: {
    defaultModel: 'command-a-03-2025',
    apiPath: '/v2',
    defaultOrigin: 'https://api.cohere.com',
    model: async (apiKey, baseURL, modelId, fetch) =>
      (await import('@ai-sdk/cohere')).createCohere({ apiKey, baseURL, ...(fetch && { fetch }) })(modelId),
  },
};

/** One provider ready to call: its model and the key to redact from anything it says back. */
export interface ProviderEndpoint {
  name: LlmProviderName;
  modelId: string;
  /** The API root requests go to (for the start-up log: its host only). */
  baseURL: string;
  /** The SDK's model, built on the first call (its package is loaded then). */
  model(): Promise<LanguageModel>;
  apiKey: Secret;
}

/**
 * Where a provider is called: `baseUrl` (LLM_<PROVIDER>_BASE_URL, its whole API root) if given, else
 * `origin` (LLM_BASE_URL) with the provider's API path appended, else the provider's own address.
 * `modelId` (LLM_<PROVIDER>_MODEL) replaces the provider's default model.
 */
export function providerEndpoint(
  name: LlmProviderName,
  apiKey: Secret,
  options: {
    origin: string | null;
    baseUrl?: string | undefined;
    modelId?: string | undefined;
    /** Wraps the provider's HTTP function (tracing); the SDK's own fetch when absent. */
    wrapFetch?:
      ((endpoint: { name: LlmProviderName; modelId: string; apiKey: Secret }) => LlmFetch) | undefined;
  },
): ProviderEndpoint {
  const spec = PROVIDERS[name];
  const baseURL =
    options.baseUrl?.replace(/\/+$/, '') ?? `${options.origin ?? spec.defaultOrigin}${spec.apiPath}`;
  const modelId = options.modelId ?? spec.defaultModel;
  const fetch = options.wrapFetch?.({ name, modelId, apiKey });
  let model: Promise<LanguageModel> | undefined;
  return {
    name,
    modelId,
    baseURL,
    model: () => (model ??= spec.model(apiKey.reveal(), baseURL, modelId, fetch)),
    apiKey,
  };
}

/** Providers' error messages help a lot ("model not found"); beyond this they are noise in a log line. */
const MAX_PROVIDER_MESSAGE_CHARS = 300;

/**
 * Asks the provider once, for text, or for an object when `schema` is given. Throws:
 * - LLMRateLimitError for 429, with `retryAfterMs` in its context when the provider said how long;
 * - ExternalServiceError with `status` for any other HTTP error; with `reason: 'network'` when the
 *   provider could not be reached; `reason: 'unexpected-reply'` when a 2xx carried no usable text;
 *   `reason: 'invalid-output'` when the object did not parse or did not match the schema.
 * When `signal` aborts, the abort error passes through untouched: the policy reports it as a timeout.
 */
export async function callModel<T>(
  endpoint: ProviderEndpoint,
  request: LlmRequest,
  signal: AbortSignal,
  options: { log: Logger; schema?: z.ZodType<T> | undefined },
): Promise<LlmReply & { object?: T }> {
  const { schema, log } = options;
  const { name: provider } = endpoint;
  const sdk = await import('ai');
  try {
    const settings = {
      model: await endpoint.model(),
      ...(request.system === undefined ? {} : { system: request.system }),
      messages: request.messages.map(({ role, content }) => ({ role, content })),
      maxOutputTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      maxRetries: 0,
      abortSignal: signal,
      // Our log, not the SDK's console output: a setting a model ignores (say, temperature) is worth
      // knowing about where the rest of the LLM's story is.
      onWarning: ({ warnings }: { warnings: readonly unknown[] }) => {
        if (warnings.length > 0) log.warn({ provider, warnings }, 'LLM provider ignored part of the request');
      },
    };
    if (schema === undefined) {
      const result = await sdk.generateText(settings);
      return replyOf(endpoint, result.text, result.response.modelId, result.usage);
    }
    const result = await sdk.generateText({ ...settings, output: sdk.Output.object({ schema }) });
    // Checked again by zod itself, so the object's type comes from the schema and no cast is needed.
    const checked = schema.safeParse(result.output);
    if (!checked.success) throw invalidOutput(provider, 'the object does not match the schema');
    return { ...replyOf(endpoint, result.text, result.response.modelId, result.usage), object: checked.data };
  } catch (err) {
    if (signal.aborted) throw err;
    throw toProjectError(sdk, endpoint, err);
  }
}

function replyOf(
  endpoint: ProviderEndpoint,
  text: string,
  modelId: string | undefined,
  usage: LanguageModelUsage,
): LlmReply {
  if (text.trim() === '') {
    throw new ExternalServiceError(
      { provider: endpoint.name, status: 200, reason: 'unexpected-reply', problem: 'the reply has no text' },
      { message: `${endpoint.name} replied without usable text: the reply has no text` },
    );
  }
  const reply: LlmReply = { text, provider: endpoint.name, model: modelId || endpoint.modelId };
  if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) {
    reply.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
  }
  return reply;
}

function invalidOutput(provider: LlmProviderName, problem: string): ExternalServiceError {
  return new ExternalServiceError(
    { provider, reason: 'invalid-output', problem },
    { message: `${provider} replied with an object that is not usable: ${problem}` },
  );
}

/**
 * The SDK's errors as the project's. The SDK error itself is never kept as the cause: it carries the
 * request body (the case's documents) and the raw response (which some gateways fill with the key).
 */
function toProjectError(sdk: typeof Sdk, endpoint: ProviderEndpoint, err: unknown): unknown {
  const provider = endpoint.name;
  if (err instanceof ExternalServiceError) return err;
  if (sdk.NoObjectGeneratedError.isInstance(err)) {
    const problem = /could not parse/i.test(err.message)
      ? 'the reply is not JSON'
      : 'the object does not match the schema';
    return invalidOutput(provider, problem);
  }
  if (sdk.APICallError.isInstance(err)) {
    const status = err.statusCode;
    if (status === undefined) {
      return new ExternalServiceError(
        { provider, reason: 'network' },
        { cause: err.cause ?? new Error(err.message), message: `${provider} could not be reached` },
      );
    }
    if (status >= 200 && status < 300) {
      return new ExternalServiceError(
        { provider, status, reason: 'unexpected-reply', problem: 'the reply could not be read' },
        { message: `${provider} replied without usable text: the reply could not be read` },
      );
    }
    return httpFailure(endpoint, status, err);
  }
  if (sdk.AISDKError.isInstance(err)) {
    return new ExternalServiceError(
      { provider, reason: 'unexpected-reply', problem: redact(endpoint, err.message) },
      { message: `${provider} replied without usable text: ${err.name}` },
    );
  }
  return err; // a bug of ours: the fallback rethrows it
}

function httpFailure(endpoint: ProviderEndpoint, status: number, err: Sdk.APICallError): AppError {
  const provider = endpoint.name;
  const providerMessage = redact(endpoint, err.message);
  if (status === 429) {
    const retryAfterMs = retryAfterOf(err.responseHeaders ?? {});
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
function retryAfterOf(headers: Record<string, string>): number | undefined {
  const header = (name: string): string | undefined =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const delay = (value: string | undefined, unitMs: number): number | undefined => {
    const trimmed = value?.trim();
    if (!trimmed || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
    return Math.ceil(Number(trimmed) * unitMs);
  };
  return delay(header('retry-after-ms'), 1) ?? delay(header('retry-after'), 1000);
}

/** Some proxies echo the key they were given in their error text: it is cut out before it can reach a log. */
function redact(endpoint: ProviderEndpoint, message: string): string {
  const key = endpoint.apiKey.reveal();
  const withoutKey = key.length > 0 ? message.replaceAll(key, '[redacted]') : message;
  return withoutKey.slice(0, MAX_PROVIDER_MESSAGE_CHARS);
}
