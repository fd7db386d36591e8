// An LLM client wired to the fake LLM server as the app wires it, with fast retries and a captured log.
import { Secret } from '../../../core/config/secret.ts';
import {
  createLlmClient,
  llmDependencyName,
  llmPolicyOptions,
  type LlmClient,
  type LlmProviderName,
  type LlmSettings,
} from '../../../core/llm/llm.ts';
import type { Metrics } from '../../../core/metrics.ts';
import {
  createPolicyRegistry,
  type DependencyPolicyOptions,
  type PolicyRegistry,
} from '../../../core/resilience/policies.ts';
import type { FakeLlm } from '../../support/fake-llm.ts';
import { capturingLogger, type CapturedLog } from '../../support/fixtures.ts';

/** Keys shaped like the real ones, distinct enough to search a log for. */
export const KEYS: Record<LlmProviderName, string> = {
  openai: 'sk-proj-TESTKEYopenai0000000000000001',
  anthropic: 'sk-ant-api03-TESTKEYanthropic00000002',
  gemini: 'AIzaSyTESTKEYgemini000000000000000003',
  cohere: 'TESTKEYcohere0000000000000000000000004',
};

export function llmSettings(
  baseUrl: string,
  providers: LlmProviderName[],
  overrides: Partial<LlmSettings> = {},
): LlmSettings {
  return {
    providers,
    openaiApiKey: new Secret(KEYS.openai),
    anthropicApiKey: new Secret(KEYS.anthropic),
    geminiApiKey: new Secret(KEYS.gemini),
    cohereApiKey: new Secret(KEYS.cohere),
    baseUrl,
    timeoutMs: 2_000,
    maxConcurrentCalls: 4,
    models: {},
    providerBaseUrls: {},
    ...overrides,
  };
}

export interface HarnessOptions {
  timeoutMs?: number;
  /** Replaces parts of the production policy (retry and breaker timings, mostly). */
  policy?: Partial<DependencyPolicyOptions>;
  baseUrl?: string;
  /** Models replacing the providers' defaults (LLM_<PROVIDER>_MODEL). */
  models?: LlmSettings['models'];
  /** Where the client records latency and tokens per provider. */
  metrics?: Pick<Metrics, 'recordLlmCall'>;
}

export interface LlmHarness extends CapturedLog {
  client: LlmClient;
  policies: PolicyRegistry;
  settings: LlmSettings;
}

/** Production policy options except for retry delays short enough for a test. */
export function llmHarness(
  fake: FakeLlm,
  providers: LlmProviderName[],
  options: HarnessOptions = {},
): LlmHarness {
  const settings = llmSettings(options.baseUrl ?? fake.baseUrl, providers, {
    timeoutMs: options.timeoutMs ?? 2_000,
    models: options.models ?? {},
  });
  const captured = capturingLogger('debug');
  const policyOptions: DependencyPolicyOptions = {
    ...llmPolicyOptions(settings),
    retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
    ...options.policy,
  };
  const policies = createPolicyRegistry(
    Object.fromEntries(providers.map((p) => [llmDependencyName(p), policyOptions])),
    { log: captured.log },
  );
  const client = createLlmClient(settings, {
    log: captured.log,
    policyFor: (provider) => policies.get(llmDependencyName(provider)),
    ...(options.metrics && { metrics: options.metrics }),
  });
  if (client === null) throw new Error('the harness needs at least one provider');
  return { ...captured, client, policies, settings };
}

export const ASK = { messages: [{ role: 'user' as const, content: 'Summarize the exhibit.' }] };
