// Resilience policies per external dependency (LLM providers, Telegram, Postgres...): retry, circuit
// breaker, timeout and bulkhead from cockatiel, composed once per dependency and observable.
import {
  BulkheadPolicy,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  SamplingBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  halfJitterGenerator,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  noop,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import type { IDefaultPolicyContext, IDisposable, IPolicy } from 'cockatiel';
import type { Logger } from 'pino';
import { ExternalServiceError, type AppError, type AppErrorOptions, type ErrorContext } from '../errors.ts';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface DependencyPolicyOptions {
  retry?: {
    /** Total tries including the first call (1 = no retry). */
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
  };
  breaker?:
    | {
        kind: 'consecutive';
        /** Consecutive failures that open the circuit. */
        threshold: number;
        halfOpenAfterMs: number;
      }
    | {
        kind: 'sampling';
        /** Failure ratio (0..1, exclusive) over `durationMs` that opens the circuit. */
        threshold: number;
        durationMs: number;
        /** Below this many calls per second the ratio is not trusted and the circuit stays closed. */
        minimumRps: number;
        halfOpenAfterMs: number;
      };
  /** Deadline for one attempt; the work's AbortSignal fires when it passes. */
  timeoutMs?: number;
  /** At most `limit` calls in flight, `queue` more waiting; beyond that calls are rejected at once. */
  bulkhead?: { limit: number; queue: number };
  /**
   * Errors meaning the dependency is unwell: retried and counted by the breaker. Others (say a 400
   * for a request we built wrong) go straight back to the caller. Timeouts always count. Default: all.
   */
  isTransient?: (error: unknown) => boolean;
  /**
   * What callers receive when the policy itself refuses or gives up, e.g. LLMTimeoutError for an LLM
   * timeout, TelegramError for Telegram. Both default to ExternalServiceError.
   */
  errors?: { timeout?: PolicyErrorClass; unavailable?: PolicyErrorClass };
}

export type PolicyErrorClass = new (context?: ErrorContext, options?: AppErrorOptions) => AppError;

/** Why the policy refused a call, in the `reason` of the error's context. */
export type PolicyRefusal = 'timeout' | 'circuit-open' | 'overloaded';

export type ResilienceEvent =
  | { type: 'retry'; attempt: number; delayMs: number; error: unknown }
  | { type: 'break'; error: unknown }
  | { type: 'half-open' }
  | { type: 'reset' }
  | { type: 'timeout'; timeoutMs: number }
  | { type: 'bulkhead-reject'; limit: number; queue: number };

/** Receives every policy event, e.g. to count them as metrics. */
export interface ResilienceObserver {
  onEvent(dependency: string, event: ResilienceEvent): void;
}

export interface PolicyDeps {
  log: Logger;
  observer?: ResilienceObserver;
}

export interface DependencyPolicy {
  readonly name: string;
  /** Runs `work` under the policies; `work` must stop when `signal` aborts (pass it to fetch, pg...). */
  execute<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  breakerState(): BreakerState;
  /** Detaches logging and observer listeners. */
  dispose(): void;
}

const breakerStates: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function createDependencyPolicy(
  name: string,
  opts: DependencyPolicyOptions,
  deps: PolicyDeps,
): DependencyPolicy {
  validateOptions(name, opts);
  const log = deps.log.child({ dependency: name });
  const subscriptions: IDisposable[] = [];
  const isTransient = opts.isTransient ?? (() => true);
  const timeoutMs = opts.timeoutMs;

  const report = (event: ResilienceEvent): void => {
    if (!deps.observer) return;
    // Observers run inside cockatiel's event emitters: a throw there would fail the dependency
    // call itself, so an observer fault is logged and the call goes on.
    try {
      deps.observer.onEvent(name, event);
    } catch (err) {
      log.error({ err, event: event.type }, 'resilience observer failed');
    }
  };

  // Order, outermost first: retry → bulkhead → breaker → timeout → work.
  // - Retry is outermost so every attempt passes the bulkhead and the breaker afresh, and no
  //   bulkhead slot is held while sleeping between attempts.
  // - The bulkhead sits outside the breaker so its rejections (our own overload) never count as
  //   the dependency failing. Cockatiel would also count an unhandled error during half-open as a
  //   successful probe and close the circuit; with this order the breaker never sees them.
  // - The breaker sits outside the timeout so a dependency that hangs trips it like one that fails.
  // - The timeout is innermost so its deadline covers the dependency's own response time, not the
  //   wait in the bulkhead queue; that wait is bounded anyway, since each call ahead holds its slot
  //   for at most one timeout.
  const layers: IPolicy<IDefaultPolicyContext, never>[] = [];
  let breaker: CircuitBreakerPolicy | undefined;

  const circuitRejects = (): boolean =>
    breaker !== undefined && (breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated);

  if (opts.retry) {
    const { maxAttempts, initialDelayMs, maxDelayMs } = opts.retry;
    // Never retried: a rejection by our own breaker or bulkhead (retrying only adds load), and the
    // failure that just opened the circuit (the next attempt could only be refused).
    const retryable = handleWhen(
      (err) =>
        !isBrokenCircuitError(err) &&
        !isBulkheadRejectedError(err) &&
        !circuitRejects() &&
        (isTaskCancelledError(err) || isTransient(err)),
    );
    const retryPolicy = retry(retryable, {
      maxAttempts: maxAttempts - 1,
      // Half jitter: each wait is drawn from [d/2, d) for the exponential delay d, so waits always
      // grow (until maxDelayMs) while clients that failed together spread their retries apart.
      backoff: new ExponentialBackoff({
        generator: halfJitterGenerator,
        initialDelay: initialDelayMs,
        maxDelay: maxDelayMs,
      }),
    });
    subscriptions.push(
      retryPolicy.onRetry((event) => {
        const error = 'error' in event ? event.error : undefined;
        log.warn({ err: error, attempt: event.attempt, delayMs: event.delay }, 'retrying %s call', name);
        report({ type: 'retry', attempt: event.attempt, delayMs: event.delay, error });
      }),
    );
    layers.push(retryPolicy);
  }

  if (opts.bulkhead) {
    const { limit, queue } = opts.bulkhead;
    const bulkheadPolicy: BulkheadPolicy = bulkhead(limit, queue);
    subscriptions.push(
      bulkheadPolicy.onReject(() => {
        log.warn({ limit, queue }, '%s call rejected: too many calls in flight', name);
        report({ type: 'bulkhead-reject', limit, queue });
      }),
    );
    layers.push(bulkheadPolicy);
  }

  if (opts.breaker) {
    const spec = opts.breaker;
    const counted = handleWhen((err) => isTaskCancelledError(err) || isTransient(err));
    breaker = circuitBreaker(counted, {
      halfOpenAfter: spec.halfOpenAfterMs,
      breaker:
        spec.kind === 'consecutive'
          ? new ConsecutiveBreaker(spec.threshold)
          : new SamplingBreaker({
              threshold: spec.threshold,
              duration: spec.durationMs,
              minimumRps: spec.minimumRps,
            }),
    });
    subscriptions.push(
      breaker.onBreak((reason) => {
        const error = 'error' in reason ? reason.error : undefined;
        log.error({ err: error }, 'circuit to %s opened: calls are refused for now', name);
        report({ type: 'break', error });
      }),
      breaker.onHalfOpen(() => {
        log.info('circuit to %s half-open: trying one call', name);
        report({ type: 'half-open' });
      }),
      breaker.onReset(() => {
        log.info('circuit to %s closed again', name);
        report({ type: 'reset' });
      }),
    );
    layers.push(breaker);
  }

  if (timeoutMs !== undefined) {
    // Aggressive: the caller gets its answer at the deadline even if the work is slow to notice,
    // and the work's signal is aborted at the same moment so fetch/pg really stop.
    const timeoutPolicy = timeout(timeoutMs, TimeoutStrategy.Aggressive);
    subscriptions.push(
      timeoutPolicy.onTimeout(() => {
        log.warn({ timeoutMs }, '%s call timed out', name);
        report({ type: 'timeout', timeoutMs });
      }),
    );
    layers.push(timeoutPolicy);
  }

  const policy: IPolicy<IDefaultPolicyContext, never> = layers.length > 0 ? wrap(...layers) : noop;

  const runWork = async <T>(work: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> => {
    try {
      return await work(signal);
    } catch (err) {
      // Work that honours the signal rejects with its own abort error (fetch's AbortError, pg's
      // cancel) a tick before cockatiel's timeout error; callers and the breaker must see a timeout.
      const timedOut = timeoutMs !== undefined && signal.aborted;
      throw timedOut ? Object.assign(new TaskCancelledError(), { cause: err }) : err;
    }
  };

  // Cockatiel's own errors become the project's, so callers, the bot and the API deal with one
  // hierarchy; the work's own errors pass through untouched.
  const TimedOut = opts.errors?.timeout ?? ExternalServiceError;
  const Unavailable = opts.errors?.unavailable ?? ExternalServiceError;
  const toProjectError = (cause: unknown): unknown => {
    const refusal = (reason: PolicyRefusal) => ({ dependency: name, reason });
    if (isTaskCancelledError(cause)) {
      const message = `${name} call timed out after ${timeoutMs}ms`;
      return new TimedOut({ ...refusal('timeout'), timeoutMs }, { cause, message });
    }
    if (isBrokenCircuitError(cause)) {
      return new Unavailable(refusal('circuit-open'), { cause, message: `circuit to ${name} is open` });
    }
    if (isBulkheadRejectedError(cause)) {
      return new Unavailable(refusal('overloaded'), { cause, message: `too many ${name} calls in flight` });
    }
    return cause;
  };

  return {
    name,
    execute: async (work) => {
      try {
        return await policy.execute(({ signal }) => runWork(work, signal));
      } catch (err) {
        throw toProjectError(err);
      }
    },
    breakerState: () => (breaker ? breakerStates[breaker.state] : 'closed'),
    dispose: () => {
      for (const subscription of subscriptions.splice(0)) subscription.dispose();
    },
  };
}

export type ResilienceConfig<Name extends string = string> = Readonly<Record<Name, DependencyPolicyOptions>>;

export interface PolicyRegistry<Name extends string = string> {
  get(name: Name): DependencyPolicy;
  /** Every dependency's breaker state, for health reports and metrics. */
  states(): Record<Name, BreakerState>;
  dispose(): void;
}

/** One policy per configured dependency, built once by the composition root. */
export function createPolicyRegistry<Name extends string>(
  config: ResilienceConfig<Name>,
  deps: PolicyDeps,
): PolicyRegistry<Name> {
  const policies = new Map<Name, DependencyPolicy>();
  for (const name of Object.keys(config) as Name[]) {
    policies.set(name, createDependencyPolicy(name, config[name], deps));
  }
  return {
    get(name) {
      const policy = policies.get(name);
      if (!policy) throw new Error(`No resilience policy is configured for dependency "${name}"`);
      return policy;
    },
    states() {
      const states = {} as Record<Name, BreakerState>;
      for (const [name, policy] of policies) states[name] = policy.breakerState();
      return states;
    },
    dispose() {
      for (const policy of policies.values()) policy.dispose();
    },
  };
}

function validateOptions(name: string, opts: DependencyPolicyOptions): void {
  const fail = (what: string): never => {
    throw new RangeError(`Resilience policy for "${name}": ${what}`);
  };
  const positiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
  if (opts.retry) {
    const { maxAttempts, initialDelayMs, maxDelayMs } = opts.retry;
    if (!positiveInteger(maxAttempts))
      fail(`retry.maxAttempts must be a positive integer, got ${maxAttempts}`);
    if (!(initialDelayMs >= 0)) fail(`retry.initialDelayMs must be >= 0, got ${initialDelayMs}`);
    if (!(maxDelayMs >= initialDelayMs))
      fail(`retry.maxDelayMs must be >= initialDelayMs, got ${maxDelayMs}`);
  }
  if (opts.breaker) {
    const spec = opts.breaker;
    if (!(spec.halfOpenAfterMs > 0)) fail(`breaker.halfOpenAfterMs must be > 0, got ${spec.halfOpenAfterMs}`);
    if (spec.kind === 'consecutive' && !positiveInteger(spec.threshold)) {
      fail(`breaker.threshold must be a positive integer, got ${spec.threshold}`);
    }
    if (spec.kind === 'sampling') {
      if (!(spec.threshold > 0 && spec.threshold < 1))
        fail(`breaker.threshold must be in (0, 1), got ${spec.threshold}`);
      if (!(spec.durationMs > 0)) fail(`breaker.durationMs must be > 0, got ${spec.durationMs}`);
      if (!(spec.minimumRps > 0)) fail(`breaker.minimumRps must be > 0, got ${spec.minimumRps}`);
    }
  }
  if (opts.timeoutMs !== undefined && !(opts.timeoutMs > 0))
    fail(`timeoutMs must be > 0, got ${opts.timeoutMs}`);
  if (opts.bulkhead) {
    const { limit, queue } = opts.bulkhead;
    if (!positiveInteger(limit)) fail(`bulkhead.limit must be a positive integer, got ${limit}`);
    if (!(Number.isSafeInteger(queue) && queue >= 0))
      fail(`bulkhead.queue must be an integer >= 0, got ${queue}`);
  }
}
