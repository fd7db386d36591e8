// The LLM layer: one `complete()` over the configured providers (OpenAI, Anthropic, Gemini, Cohere),
// tried in the configured order, each behind its own retry/breaker/timeout policy.
//
// What an LLM writes is text for a lawyer to review: drafting prose, a proposed classification, a
// synthesized answer. It never triggers an action. No caller turns a completion into a command, a
// tool call or a change to a case; a lawyer reads it and decides.
//
// Plain fetch and each provider's own HTTP protocol, no SDKs: four small request/reply mappings
// (openai.ts, anthropic.ts, gemini.ts, cohere.ts) are easier to audit than four SDKs.
//
// LLM_BASE_URL, when set, replaces the API origin of EVERY configured provider (one override for all
// in this first version); each provider's own path is appended to it: /v1/chat/completions,
// /v1/messages, /v1beta/models/{model}:generateContent, /v2/chat. It is for tests (the fake LLM
// server speaks all four protocols) and for a gateway that speaks all the configured protocols.
//
// Per provider:
// - transient failures (timeout, 429, 5xx, network) are retried by the provider's policy, then the
//   next provider is tried;
// - a 429's Retry-After is honoured: a short wait is waited out before the retry; after a long one
//   the provider is left alone until then, later calls skipping it without a request;
// - an open circuit skips the provider without a request;
// - other refusals (400, 401, 403, a reply without text) are not retried, since the request or the
//   key is wrong: they are logged as errors and the next provider is tried.
// When every provider fails, the error says why the last one did: LLMRateLimitError (context
// `retryAfterSeconds` when known), LLMTimeoutError, or ExternalServiceError.
//
// A call may take up to (attempts × LLM_TIMEOUT_MS) per provider: run completions from the job
// queue, not inside a Telegram update.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Secret } from '../config/secret.ts';
import {
  ConfigurationError,
  ExternalServiceError,
  LLMRateLimitError,
  LLMTimeoutError,
  type AppError,
} from '../errors.ts';
import type { DependencyPolicy, DependencyPolicyOptions } from '../resilience/policies.ts';
import { anthropic } from './anthropic.ts';
import { cohere } from './cohere.ts';
import { gemini } from './gemini.ts';
import { callProvider, type ProviderEndpoint, type ProviderProtocol } from './http.ts';
import { openai } from './openai.ts';

export type LlmSettings = Config['llm'];
export type LlmProviderName = LlmSettings['providers'][number];

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  system?: string;
  messages: LlmMessage[];
  maxTokens?: number;
  temperature?: number;
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

export interface LlmClient {
  /** The first configured provider's answer that comes through; throws when none does. */
  complete(request: LlmRequest): Promise<LlmReply>;
  /** The configured providers, in the order they are tried. */
  providers(): LlmProviderName[];
}

const PROTOCOLS: Record<LlmProviderName, ProviderProtocol> = { openai, anthropic, gemini, cohere };

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

/** Retry, breaker and timeout for one provider; the app builds one policy per configured provider. */
export function llmPolicyOptions(settings: LlmSettings): DependencyPolicyOptions {
  const waitCapMs = retryAfterWaitCap(settings.timeoutMs);
  return {
    // One retry: a second provider is usually a better bet than a third try at a struggling one.
    retry: { maxAttempts: 2, initialDelayMs: 1_000, maxDelayMs: 5_000 },
    breaker: { kind: 'consecutive', threshold: 5, halfOpenAfterMs: 30_000 },
    timeoutMs: settings.timeoutMs,
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
}

interface ConfiguredProvider extends ProviderEndpoint {
  name: LlmProviderName;
  policy: DependencyPolicy;
  /** Until when (epoch ms) the provider asked not to be called again, by a 429's Retry-After. */
  restingUntil: number;
}

type Outcome = 'rate-limited' | 'timed-out' | 'circuit-open' | 'failed';

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
  const providers: ConfiguredProvider[] = names.map((name) => {
    const protocol = PROTOCOLS[name];
    const apiKey = apiKeyOf(settings, name);
    if (apiKey === null) throw new Error(`unreachable: ${name} has no key after configuredLlmProviders`);
    return {
      name,
      protocol,
      model: protocol.defaultModel,
      apiKey,
      baseUrl: baseUrl ?? protocol.baseUrl,
      policy: deps.policyFor(name),
      restingUntil: 0,
    };
  });
  log.info(
    {
      providers: providers.map(({ name, model }) => ({ name, model })),
      // The host only: a gateway URL may carry credentials.
      ...(baseUrl === null ? {} : { baseUrlHost: new URL(baseUrl).host }),
    },
    'LLM providers configured, tried in this order',
  );

  const waitCapMs = retryAfterWaitCap(settings.timeoutMs);

  /** One attempt under the policy: waits out a short Retry-After first, notes a new one after. */
  async function attempt(provider: ConfiguredProvider, request: LlmRequest, signal: AbortSignal) {
    const restMs = provider.restingUntil - Date.now();
    if (restMs > waitCapMs) throw stillResting(provider.name, restMs);
    if (restMs > 0) await sleep(restMs, undefined, { signal });
    try {
      return await callProvider(provider, request, signal);
    } catch (err) {
      const retryAfterMs = err instanceof LLMRateLimitError ? err.context.retryAfterMs : undefined;
      if (typeof retryAfterMs === 'number') {
        provider.restingUntil = Math.max(provider.restingUntil, Date.now() + retryAfterMs);
      }
      throw err;
    }
  }

  return {
    providers: () => [...names],

    async complete(request) {
      if (request.messages.length === 0) throw new RangeError('An LLM request needs at least one message');
      const failures: ProviderFailure[] = [];
      for (const provider of providers) {
        const restMs = provider.restingUntil - Date.now();
        if (restMs > waitCapMs) {
          failures.push({ provider: provider.name, outcome: 'rate-limited', retryAfterMs: restMs });
          log.info(
            { provider: provider.name, retryAfterMs: restMs },
            'LLM provider skipped: it asked for a pause',
          );
          continue;
        }
        const started = performance.now();
        try {
          const reply = await provider.policy.execute((signal) => attempt(provider, request, signal));
          log.debug(
            {
              provider: reply.provider,
              model: reply.model,
              usage: reply.usage,
              durationMs: elapsed(started),
            },
            'LLM completion',
          );
          return reply;
        } catch (err) {
          const failure = classifyFailure(provider.name, err);
          failures.push(failure);
          const fields = {
            provider: provider.name,
            outcome: failure.outcome,
            err,
            durationMs: elapsed(started),
          };
          // Transient trouble is the provider's; anything else means our request or key is wrong.
          if (failure.outcome === 'failed' && !isTransientLlmFailure(err, waitCapMs)) {
            log.error(fields, 'LLM provider refused the request (our request or key is wrong)');
          } else {
            log.warn(fields, 'LLM provider failed');
          }
        }
      }
      throw everyProviderFailed(failures);
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
    if (err.context.reason === 'circuit-open') return { provider, outcome: 'circuit-open', error: err };
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
