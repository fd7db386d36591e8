// Prometheus metrics for one App: a private registry (never prom-client's global one, so two Apps can
// live in one process) with every metric the API, the bot and the worker record. Built once by the
// composition root (app.metrics); the API serves it at /metrics. Base units (seconds), prefix
// `megaagent_`, and no per-user or per-chat labels: label values come from small closed sets.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobKindCounts } from './jobs/queue.ts';
import type { BreakerState } from './resilience/policies.ts';

const METRICS_PREFIX = 'megaagent_';

/**
 * What became of one Telegram update: `refused` when the allow-list, the private-chats-only rule or the
 * rate limit stopped it, `duplicate` for a redelivery already handled, `held` when it was kept while the
 * cache was down, to be handled when it is back (see bot/middleware/update-keeper.ts), `error` when it
 * failed or ran out of time (the lawyer got the error message).
 */
export type BotUpdateOutcome = 'handled' | 'refused' | 'duplicate' | 'held' | 'error';

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of `render()`'s text. */
  readonly contentType: string;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  /** `route` is the route template (`/admin/v1/users/:id`), never the raw URL. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void;
  /** `type` is the update kind (`message`, `callback_query`...), never who sent it. */
  recordBotUpdate(type: string, outcome: BotUpdateOutcome, seconds: number): void;
  /** One outgoing Bot API call; `errorCode` is Telegram's `error_code` (400, 403, 429...) when it failed. */
  recordTelegramCall(method: string, outcome: 'ok' | 'error', errorCode?: number): void;
  /** Jobs waiting (queued or waiting for a retry) in one kind's queue. */
  setJobQueueDepth(queue: string, depth: number): void;
  /** One attempt at a job: `kind` is the job kind (a fixed name in code), `outcome` how the attempt ended. */
  observeJobDuration(kind: string, outcome: 'completed' | 'failed', seconds: number): void;
  /** A finished performance span (core/logging/spans.ts): `operation` is a fixed name in code, never data. */
  observeSpan(operation: string, seconds: number, outcome: 'ok' | 'error'): void;
  /** One provider's part of an LLM call (its retries included), and the tokens it used when it answered. */
  recordLlmCall(
    provider: string,
    outcome: LlmCallOutcome,
    seconds: number,
    usage?: { inputTokens: number; outputTokens: number },
  ): void;
  /** One LLM draft checked against the case: accepted, or rejected and why. */
  recordGroundedDraft(outcome: 'accepted' | 'rejected', reason: DraftCheckReason): void;
  /** One piece of grounded prose delivered: from the LLM or the template, and why. */
  recordGroundedWrite(source: 'llm' | 'template', reason: GroundedWriteReason): void;
}

/**
 * How a call to one LLM provider ended: `ok`, or why the next provider was asked (`busy`: too many
 * calls in flight; `invalid-output`: an object that did not match its schema).
 */
export type LlmCallOutcome =
  'ok' | 'rate-limited' | 'timed-out' | 'circuit-open' | 'busy' | 'invalid-output' | 'failed';

/** Why a checked LLM draft was turned down (core/llm/grounded.ts), or `none` when it was accepted. */
export type DraftCheckReason =
  'none' | 'unknown-exhibit' | 'unknown-citation' | 'unsupported-fact' | 'unsupported-criterion' | 'empty';

/** Why the lawyer got the text they got: the checked LLM draft, or the template and why. */
export type GroundedWriteReason =
  'accepted' | 'switched-off' | 'no-provider' | 'rejected' | 'providers-failed';

/** The part the bot records into. */
export type BotMetrics = Pick<Metrics, 'recordBotUpdate' | 'recordTelegramCall'>;

export interface MetricsOptions {
  /** Breaker state per dependency, read at every scrape. */
  breakerStates?: () => Readonly<Record<string, BreakerState>>;
  /**
   * Jobs per kind and state, read at every scrape (from the queue's tables, so any process shows them);
   * null when they could not be read this time (the gauge then keeps no stale figures).
   */
  jobCounts?: () => Promise<Readonly<Record<string, JobKindCounts>> | null>;
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

/** Numeric encoding of a breaker state for the gauge (documented in its help text). */
const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UPDATE_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** An LLM answers in seconds to a minute or two (LLM_TIMEOUT_MS caps one attempt). */
const LLM_DURATION_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];
/** Jobs run from a fraction of a second (a message) to minutes (OCR of a long scan, a drafted brief). */
const JOB_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });

  const httpDuration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route template and status code, with their duration in seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const botUpdates = new Counter({
    name: `${METRICS_PREFIX}bot_updates_total`,
    help: 'Telegram updates by type and outcome (handled, refused, duplicate, held, error)',
    labelNames: ['type', 'outcome'] as const,
    registers,
  });
  const botUpdateDuration = new Histogram({
    name: `${METRICS_PREFIX}bot_update_duration_seconds`,
    help: 'Time to handle one Telegram update, in seconds',
    labelNames: ['type', 'outcome'] as const,
    buckets: UPDATE_DURATION_BUCKETS,
    registers,
  });
  const telegramCalls = new Counter({
    name: `${METRICS_PREFIX}telegram_api_calls_total`,
    help: 'Outgoing Telegram Bot API calls by method and outcome (ok, error)',
    labelNames: ['method', 'outcome'] as const,
    registers,
  });
  const telegramErrors = new Counter({
    name: `${METRICS_PREFIX}telegram_api_errors_total`,
    help: 'Failed Telegram Bot API calls by method and Telegram error code (0 when no answer came)',
    labelNames: ['method', 'error_code'] as const,
    registers,
  });
  const jobQueueDepth = new Gauge({
    name: `${METRICS_PREFIX}job_queue_depth`,
    help: 'Jobs waiting in the queue, by queue name',
    labelNames: ['queue'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: `${METRICS_PREFIX}job_duration_seconds`,
    help: 'Time one attempt at a job took, by job kind and outcome (completed, failed), in seconds',
    labelNames: ['kind', 'outcome'] as const,
    buckets: JOB_DURATION_BUCKETS,
    registers,
  });
  const operationDuration = new Histogram({
    name: `${METRICS_PREFIX}operation_duration_seconds`,
    help: 'Named operations measured as performance spans (analysis, document download...), by outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const llmCallDuration = new Histogram({
    name: `${METRICS_PREFIX}llm_call_duration_seconds`,
    help: 'Time spent on one LLM provider for one call (retries included), by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    buckets: LLM_DURATION_BUCKETS,
    registers,
  });
  const llmTokens = new Counter({
    name: `${METRICS_PREFIX}llm_tokens_total`,
    help: 'Tokens the LLM providers reported, by provider and direction (input, output)',
    labelNames: ['provider', 'direction'] as const,
    registers,
  });
  const groundedDrafts = new Counter({
    name: `${METRICS_PREFIX}llm_drafts_total`,
    help: 'LLM drafts checked against the case, by outcome (accepted, rejected) and rejection reason',
    labelNames: ['outcome', 'reason'] as const,
    registers,
  });
  const groundedWrites = new Counter({
    name: `${METRICS_PREFIX}grounded_writes_total`,
    help: 'Prose delivered to lawyers by source (llm, template) and why that source was used',
    labelNames: ['source', 'reason'] as const,
    registers,
  });
  const jobCounts = options.jobCounts;
  new Gauge({
    name: `${METRICS_PREFIX}jobs`,
    help: 'Jobs stored in the queue by job kind and state (created, retry, active, completed, cancelled, failed)',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      if (!jobCounts) return;
      const counts = await jobCounts();
      this.reset();
      if (!counts) return;
      for (const [kind, entry] of Object.entries(counts)) {
        for (const [state, count] of Object.entries(entry.byState)) this.set({ kind, state }, count);
      }
    },
  });
  const breakerStates = options.breakerStates;
  new Gauge({
    name: `${METRICS_PREFIX}circuit_breaker_state`,
    help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open, 3 isolated',
    labelNames: ['dependency'] as const,
    registers,
    collect() {
      if (!breakerStates) return;
      this.reset();
      for (const [dependency, state] of Object.entries(breakerStates())) {
        this.set({ dependency }, BREAKER_STATE_VALUE[state]);
      }
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observeHttpRequest(method, route, statusCode, seconds) {
      // Methods come from the client: anything outside the known set would be an unbounded label.
      httpDuration.observe(
        { method: HTTP_METHODS.has(method) ? method : 'OTHER', route, status_code: statusCode },
        seconds,
      );
    },
    recordBotUpdate(type, outcome, seconds) {
      botUpdates.inc({ type, outcome });
      botUpdateDuration.observe({ type, outcome }, seconds);
    },
    recordTelegramCall(method, outcome, errorCode) {
      telegramCalls.inc({ method, outcome });
      if (outcome === 'error') telegramErrors.inc({ method, error_code: errorCode ?? 0 });
    },
    setJobQueueDepth(queue, depth) {
      jobQueueDepth.set({ queue }, depth);
    },
    observeJobDuration(kind, outcome, seconds) {
      jobDuration.observe({ kind, outcome }, seconds);
    },
    observeSpan(operation, seconds, outcome) {
      operationDuration.observe({ operation, outcome }, seconds);
    },
    recordLlmCall(provider, outcome, seconds, usage) {
      llmCallDuration.observe({ provider, outcome }, seconds);
      if (usage) {
        llmTokens.inc({ provider, direction: 'input' }, usage.inputTokens);
        llmTokens.inc({ provider, direction: 'output' }, usage.outputTokens);
      }
    },
    recordGroundedDraft(outcome, reason) {
      groundedDrafts.inc({ outcome, reason });
    },
    recordGroundedWrite(source, reason) {
      groundedWrites.inc({ source, reason });
    },
  };
}
