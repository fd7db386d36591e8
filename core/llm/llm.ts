// The LLM layer: one `complete()` (text) and one `completeObject()` (an object checked by a zod schema)
// over the configured providers (OpenAI, Anthropic, Gemini, Cohere), tried in the configured order, each
// behind its own retry/breaker/timeout/bulkhead policy. The providers are reached through the AI SDK
// (providers.ts); the resilience around each is ours.
//
// What an LLM writes is text for a lawyer to review: drafting prose, a proposed classification, a
// synthesized answer. It never triggers an action. No caller turns a completion into a command, a
// tool call or a change to a case; a lawyer reads it and decides.
//
// LLM_<PROVIDER>_BASE_URL, when set, is that provider's whole API root (a gateway in front of one
// provider). Otherwise LLM_BASE_URL, when set, replaces the API origin of every configured provider;
// each provider's own API path is appended to it: /v1 (OpenAI responses, Anthropic messages), /v1beta
// (Gemini generateContent), /v2 (Cohere chat). It is for tests (the fake LLM server speaks all four
// protocols) and for a gateway that speaks all the configured protocols.
//
// Per provider:
// - transient failures (timeout, 429, 5xx, network) are retried by the provider's policy, then the
//   next provider is tried;
// - a 429's Retry-After is honoured: a short wait is waited out before the retry; after a long one
//   the provider is left alone until then, later calls skipping it without a request;
// - an open circuit, or too many calls already in flight (LLM_MAX_CONCURRENT_CALLS), skips the
//   provider without a request;
// - an object that does not parse or does not match the schema is not retried there: the next
//   provider is asked;
// - other refusals (400, 401, 403, a reply without text) are not retried, since the request or the
//   key is wrong: they are logged as errors and the next provider is tried.
// When every provider fails, the error says why the last one did: LLMRateLimitError (context
// `retryAfterSeconds` when known), LLMTimeoutError, or ExternalServiceError.
//
// A call may take up to (attempts × LLM_TIMEOUT_MS) per provider: run completions from the job
// queue, not inside a Telegram update.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config/config.ts';
import type { Secret } from '../config/secret.ts';
import {
  ConfigurationError,
  ExternalServiceError,
  LLMRateLimitError,
  LLMTimeoutError,
  type AppError,
} from '../errors.ts';
import { noTracing, type Tracing } from '../logging/tracing.ts';
import type { LlmCallOutcome, Metrics } from '../metrics.ts';
import type { DependencyPolicy, DependencyPolicyOptions } from '../resilience/policies.ts';
import {
  callModel,
  providerEndpoint,
  type LlmObjectReply,
  type LlmProviderName,
  type LlmReply,
  type LlmRequest,
  type ProviderEndpoint,
} from './providers.ts';
import { fetchTracingLlmCalls } from './llm-trace.ts';

export type {
  LlmMessage,
  LlmObjectReply,
  LlmProviderName,
  LlmReply,
  LlmRequest,
  LlmUsage,
} from './providers.ts';
export { DEFAULT_MAX_TOKENS } from './providers.ts';

export type LlmSettings = Config['llm'];
export interface LlmClient {
  /** The first configured provider's answer that comes through; throws when none does. */
  complete(request: LlmRequest): Promise<LlmReply>;
  /**
   * The first configured provider's object that comes through and matches `schema` (zod); an object
   * that does not parse or does not match sends the request to the next provider.
   */
  completeObject<T>(request: LlmRequest, schema: z.ZodType<T>): Promise<LlmObjectReply<T>>;
  /** The configured providers, in the order they are tried. */
  providers(): LlmProviderName[];
}

/** The setting holding each provider's key, and the variable an operator sets it with. */
const API_KEYS = {
  openai: { setting: 'openaiApiKey', variable: 'LLM_OPENAI_API_KEY' },
  anthropic: { setting: 'anthropicApiKey', variable: 'LLM_ANTHROPIC_API_KEY' },
  gemini: { setting: 'geminiApiKey', variable: 'LLM_GEMINI_API_KEY' },
  cohere: { setting: 'cohereApiKey', variable: 'LLM_COHERE_API_KEY' },
} as const satisfies Record<LlmProviderName, { setting: keyof LlmSettings; variable: string }>;

function apiKeyOf(settings: LlmSettings, provider: LlmProviderName): Secret | null {
  return settings[API_KEYS[provider].setting];
}

/**
 * The providers to use, in order (duplicates dropped). A provider listed in LLM_PROVIDERS without its
 * key is a mistake worth stopping for: left unnoticed, drafting would quietly run without it.
 */
export function configuredLlmProviders(settings: LlmSettings): LlmProviderName[] {
  const providers = [...new Set(settings.providers)];
  const missing = providers.filter((provider) => apiKeyOf(settings, provider) === null);
  if (missing.length > 0) {
    const variables = missing.map((provider) => API_KEYS[provider].variable);
    throw new ConfigurationError(
      { variables },
      { message: `LLM_PROVIDERS lists ${missing.join(', ')} but ${variables.join(', ')} is not set` },
    );
  }
  return providers;
}

/**
 * Names of the LLM providers' policies in the app's registry: `llm:openai`, `llm:anthropic`...
 * A pattern rather than the four names, because only configured providers get a policy.
 */
export type LlmDependencyName = `llm:${string}`;

export function llmDependencyName(provider: LlmProviderName): LlmDependencyName {
  return `llm:${provider}`;
}

/** The longest Retry-After waited out before retrying; a longer one sends the call to the next provider. */
const MAX_RETRY_AFTER_WAIT_MS = 5_000;

/** A wait must leave room inside the attempt's deadline for the request itself. */
function retryAfterWaitCap(timeoutMs: number): number {
  return Math.min(MAX_RETRY_AFTER_WAIT_MS, timeoutMs / 2);
}

/** Worth another attempt at the same provider (and counted by its breaker). */
function isTransientLlmFailure(err: unknown, waitCapMs: number): boolean {
  if (err instanceof LLMRateLimitError) {
    const retryAfterMs = err.context.retryAfterMs;
    return typeof retryAfterMs !== 'number' || retryAfterMs <= waitCapMs;
  }
  if (err instanceof ExternalServiceError) {
    const status = err.context.status;
    if (err.context.reason === 'network') return true;
    return typeof status === 'number' && (status >= 500 || status === 408);
  }
  return false;
}

/** Retry, breaker, timeout and bulkhead for one provider; the app builds one policy per configured provider. */
export function llmPolicyOptions(settings: LlmSettings): DependencyPolicyOptions {
  const waitCapMs = retryAfterWaitCap(settings.timeoutMs);
  return {
    // One retry: a second provider is usually a better bet than a third try at a struggling one.
    retry: { maxAttempts: 2, initialDelayMs: 1_000, maxDelayMs: 5_000 },
    breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 30_000 },
    timeoutMs: settings.timeoutMs,
    // A burst of drafting jobs must not open more calls than the provider's account allows; a few
    // wait (each ahead holds its slot for at most one timeout), the rest go to the next provider.
    bulkhead: { limit: settings.maxConcurrentCalls, queue: settings.maxConcurrentCalls * 2 },
    isTransient: (err) => isTransientLlmFailure(err, waitCapMs),
    errors: { timeout: LLMTimeoutError, unavailable: ExternalServiceError },
  };
}

/** The policies the app registers: one per configured provider. */
export function llmDependencyPolicies(
  settings: LlmSettings,
): Record<LlmDependencyName, DependencyPolicyOptions> {
  return Object.fromEntries(
    configuredLlmProviders(settings).map((provider) => [
      llmDependencyName(provider),
      llmPolicyOptions(settings),
    ]),
  );
}

export interface LlmClientDeps {
  log: Logger;
  /** Each provider's policy (the app's `llm:<provider>` ones, built from llmPolicyOptions). */
  policyFor(provider: LlmProviderName): DependencyPolicy;
  /** Latency, outcome and token usage per provider, for /metrics. */
  metrics?: Pick<Metrics, 'recordLlmCall'>;
  /** Each HTTP call to a provider becomes a span of the work that asked (when a collector is set). */
  tracing?: Tracing;
}

interface ConfiguredProvider {
  name: LlmProviderName;
  endpoint: ProviderEndpoint;
  policy: DependencyPolicy;
  /** Until when (epoch ms) the provider asked not to be called again, by a 429's Retry-After. */
  restingUntil: number;
}

type Outcome = Exclude<LlmCallOutcome, 'ok'>;

interface ProviderFailure {
  provider: LlmProviderName;
  outcome: Outcome;
  status?: number;
  retryAfterMs?: number;
  error?: AppError;
}

/** The client over the configured providers, or null when none is configured (the product works without). */
export function createLlmClient(settings: LlmSettings, deps: LlmClientDeps): LlmClient | null {
  const names = configuredLlmProviders(settings);
  const log = deps.log.child({ component: 'llm' });
  if (names.length === 0) {
    const unusedKeys = (Object.keys(API_KEYS) as LlmProviderName[]).filter(
      (p) => apiKeyOf(settings, p) !== null,
    );
    if (unusedKeys.length > 0) {
      log.warn({ unusedKeys }, 'LLM keys are set but LLM_PROVIDERS is empty: no LLM is used');
    } else {
      log.info('no LLM provider configured: drafting and classification use the offline engine only');
    }
    return null;
  }

  const baseUrl = settings.baseUrl?.replace(/\/+$/, '') ?? null;
  const tracing = deps.tracing ?? noTracing;
  const providers: ConfiguredProvider[] = names.map((name) => {
    const apiKey = apiKeyOf(settings, name);
    if (apiKey === null) throw new Error(`unreachable: ${name} has no key after configuredLlmProviders`);
    return {
      name,
      endpoint: providerEndpoint(name, apiKey, {
        origin: baseUrl,
        baseUrl: settings.providerBaseUrls[name],
        modelId: settings.models[name],
        // Off, the SDK keeps its own fetch: nothing wraps a call that nobody traces.
        ...(tracing.enabled && { wrapFetch: (endpoint) => fetchTracingLlmCalls(tracing, endpoint) }),
      }),
      policy: deps.policyFor(name),
      restingUntil: 0,
    };
  });
  log.info(
    {
      // The host only: a gateway URL may carry credentials.
      providers: providers.map(({ name, endpoint }) => ({
        name,
        model: endpoint.modelId,
        host: new URL(endpoint.baseURL).host,
      })),
      ...(baseUrl === null ? {} : { baseUrlHost: new URL(baseUrl).host }),
    },
    'LLM providers configured, tried in this order',
  );

  const waitCapMs = retryAfterWaitCap(settings.timeoutMs);

  /** One attempt under the policy: waits out a short Retry-After first, notes a new one after. */
  async function attempt<T>(
    provider: ConfiguredProvider,
    request: LlmRequest,
    signal: AbortSignal,
    schema: z.ZodType<T> | undefined,
  ) {
    const restMs = provider.restingUntil - Date.now();
    if (restMs > waitCapMs) throw stillResting(provider.name, restMs);
    if (restMs > 0) await sleep(restMs, undefined, { signal });
    try {
      return await callModel(provider.endpoint, request, signal, { log, schema });
    } catch (err) {
      const retryAfterMs = err instanceof LLMRateLimitError ? err.context.retryAfterMs : undefined;
      if (typeof retryAfterMs === 'number') {
        provider.restingUntil = Math.max(provider.restingUntil, Date.now() + retryAfterMs);
      }
      throw err;
    }
  }

  /** The providers to ask for this request, in order: all but the avoided ones, unless that leaves none. */
  function candidates(request: LlmRequest): ConfiguredProvider[] {
    const avoid = new Set(request.avoid ?? []);
    const remaining = providers.filter((p) => !avoid.has(p.name));
    return remaining.length > 0 ? remaining : providers;
  }

  async function run<T>(request: LlmRequest, schema: z.ZodType<T> | undefined) {
    if (request.messages.length === 0) throw new RangeError('An LLM request needs at least one message');
    const failures: ProviderFailure[] = [];
    for (const provider of candidates(request)) {
      const restMs = provider.restingUntil - Date.now();
      if (restMs > waitCapMs) {
        failures.push({ provider: provider.name, outcome: 'rate-limited', retryAfterMs: restMs });
        deps.metrics?.recordLlmCall(provider.name, 'rate-limited', 0);
        log.info(
          { provider: provider.name, retryAfterMs: restMs },
          'LLM provider skipped: it asked for a pause',
        );
        continue;
      }
      const started = performance.now();
      try {
        const reply = await provider.policy.execute((signal) => attempt(provider, request, signal, schema));
        const durationMs = elapsed(started);
        deps.metrics?.recordLlmCall(provider.name, 'ok', durationMs / 1000, reply.usage);
        log.debug(
          { provider: reply.provider, model: reply.model, usage: reply.usage, durationMs },
          schema === undefined ? 'LLM completion' : 'LLM structured completion',
        );
        return reply;
      } catch (err) {
        const failure = classifyFailure(provider.name, err);
        failures.push(failure);
        const durationMs = elapsed(started);
        deps.metrics?.recordLlmCall(provider.name, failure.outcome, durationMs / 1000);
        const fields = { provider: provider.name, outcome: failure.outcome, err, durationMs };
        // Transient trouble is the provider's, and so is an unusable object; anything else means our
        // request or key is wrong.
        if (failure.outcome === 'failed' && !isTransientLlmFailure(err, waitCapMs)) {
          log.error(fields, 'LLM provider refused the request (our request or key is wrong)');
        } else {
          log.warn(fields, 'LLM provider failed');
        }
      }
    }
    throw everyProviderFailed(failures);
  }

  return {
    providers: () => [...names],
    complete: async (request) => {
      const { object: _none, ...reply } = await run(request, undefined);
      return reply;
    },
    async completeObject<T>(request: LlmRequest, schema: z.ZodType<T>): Promise<LlmObjectReply<T>> {
      const { object, ...reply } = await run(request, schema);
      if (object === undefined) throw new Error('unreachable: a structured call returns its object');
      return { ...reply, object };
    },
  };
}

function stillResting(provider: LlmProviderName, restMs: number): LLMRateLimitError {
  return new LLMRateLimitError(
    { provider, reason: 'resting', retryAfterMs: restMs },
    { message: `${provider} asked for a pause of ${String(restMs)}ms` },
  );
}

/** What went wrong with one provider. Anything but a project error is a bug here, and is rethrown. */
function classifyFailure(provider: LlmProviderName, err: unknown): ProviderFailure {
  if (err instanceof LLMTimeoutError) return { provider, outcome: 'timed-out', error: err };
  if (err instanceof LLMRateLimitError) {
    const retryAfterMs = err.context.retryAfterMs;
    return {
      provider,
      outcome: 'rate-limited',
      status: 429,
      ...(typeof retryAfterMs === 'number' && { retryAfterMs }),
      error: err,
    };
  }
  if (err instanceof ExternalServiceError) {
    const reason = err.context.reason;
    if (reason === 'circuit-open') return { provider, outcome: 'circuit-open', error: err };
    if (reason === 'overloaded') return { provider, outcome: 'busy', error: err };
    if (reason === 'invalid-output') return { provider, outcome: 'invalid-output', error: err };
    const status = err.context.status;
    return { provider, outcome: 'failed', ...(typeof status === 'number' && { status }), error: err };
  }
  throw err;
}

function everyProviderFailed(failures: ProviderFailure[]): AppError {
  const last = failures.at(-1);
  if (last === undefined) throw new Error('unreachable: an LLM client always has a provider');
  const attempts = failures.map(({ error: _error, ...summary }) => summary);
  const message = `No LLM provider answered (${failures.map(describe).join('; ')})`;
  const options = { message, ...(last.error && { cause: last.error }) };
  switch (last.outcome) {
    case 'rate-limited': {
      const retryAfterSeconds =
        last.retryAfterMs === undefined ? undefined : Math.ceil(last.retryAfterMs / 1000);
      return new LLMRateLimitError(
        { attempts, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) },
        options,
      );
    }
    case 'timed-out':
      return new LLMTimeoutError({ attempts }, options);
    default:
      return new ExternalServiceError({ attempts }, options);
  }
}

function describe(failure: ProviderFailure): string {
  const status = failure.status === undefined ? '' : ` (${String(failure.status)})`;
  return `${failure.provider}: ${failure.outcome}${status}`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
