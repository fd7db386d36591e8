// Protects how calls to outside services behave when those services fail, hang or are flooded.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokenCircuitError, BulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExternalServiceError, LLMTimeoutError, TelegramError, type AppError } from '../../../core/errors.ts';
import {
  createDependencyPolicy,
  createPolicyRegistry,
  type DependencyPolicy,
  type DependencyPolicyOptions,
  type PolicyRefusal,
  type ResilienceEvent,
} from '../../../core/resilience/policies.ts';

interface LogLine {
  level: number;
  msg: string;
  dependency?: string;
}

function recordingDeps() {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  );
  const events: { dependency: string; event: ResilienceEvent }[] = [];
  const observer = {
    onEvent: (dependency: string, event: ResilienceEvent) => void events.push({ dependency, event }),
  };
  return { log, observer, lines, events, types: () => events.map((e) => e.event.type) };
}

const opened: DependencyPolicy[] = [];
function policy(opts: DependencyPolicyOptions, deps = recordingDeps(), name = 'llm') {
  const created = createDependencyPolicy(name, opts, deps);
  opened.push(created);
  return { policy: created, ...deps };
}
afterEach(() => {
  for (const p of opened.splice(0)) p.dispose();
});

/** Awaits a call the policy must refuse, and checks it says why in the project's error hierarchy. */
async function refusal(call: Promise<unknown>, reason: PolicyRefusal): Promise<AppError> {
  const err = await call.then(
    () => Promise.reject(new Error(`expected the call to be refused (${reason})`)),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExternalServiceError);
  expect((err as AppError).context).toMatchObject({ reason });
  return err as AppError;
}

/** A call to a service that never answers, and stops only when told to. */
const hangUntilAborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted by deadline'))),
  );

const outage = () => Promise.reject(new Error('503 from provider'));
const ok = () => Promise.resolve('answer');

/**
 * Cockatiel's breaker reads its clock from Date.now(): freezing Date (timers stay real) lets a test step
 * past the half-open delay exactly, so a slow machine can never half-open a circuit early.
 */
function frozenClock() {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return { advance: (ms: number) => vi.setSystemTime(Date.now() + ms) };
}

describe('consecutive circuit breaker', () => {
  const clock = frozenClock();
  const breaker = { kind: 'consecutive', threshold: 3, halfOpenAfterMs: 30_000 } as const;

  it('opens after N consecutive failures and then refuses without calling the service', async () => {
    const { policy: llm, types } = policy({ breaker });
    for (let i = 0; i < 2; i++) await expect(llm.execute(outage)).rejects.toThrow('503 from provider');
    expect(llm.breakerState()).toBe('closed');
    await expect(llm.execute(outage)).rejects.toThrow('503 from provider');
    expect(llm.breakerState()).toBe('open');

    let calls = 0;
    await refusal(
      llm.execute(() => {
        calls++;
        return Promise.resolve('never');
      }),
      'circuit-open',
    );
    expect(calls).toBe(0);
    expect(types()).toEqual(['break']);
  });

  it('a success in between resets the count of consecutive failures', async () => {
    const { policy: llm } = policy({ breaker });
    await expect(llm.execute(outage)).rejects.toThrow();
    await expect(llm.execute(outage)).rejects.toThrow();
    await llm.execute(ok);
    await expect(llm.execute(outage)).rejects.toThrow();
    await expect(llm.execute(outage)).rejects.toThrow();
    expect(llm.breakerState()).toBe('closed');
  });

  it('half-opens after the delay, lets one trial call through, and closes when it succeeds', async () => {
    const { policy: llm, types, lines } = policy({ breaker });
    for (let i = 0; i < 3; i++) await expect(llm.execute(outage)).rejects.toThrow();
    expect(llm.breakerState()).toBe('open');
    clock.advance(29_999);
    await refusal(llm.execute(ok), 'circuit-open');
    clock.advance(1);

    let stateDuringTrial: string | undefined;
    await expect(
      llm.execute(() => {
        stateDuringTrial = llm.breakerState();
        return Promise.resolve('recovered');
      }),
    ).resolves.toBe('recovered');
    expect(stateDuringTrial).toBe('half-open');
    expect(llm.breakerState()).toBe('closed');
    expect(types()).toEqual(['break', 'half-open', 'reset']);
    expect(lines.filter((l) => l.dependency === 'llm').map((l) => l.msg)).toEqual([
      'circuit to llm opened: calls are refused for now',
      'circuit to llm half-open: trying one call',
      'circuit to llm closed again',
    ]);
  });

  it('re-opens when the trial call fails', async () => {
    const { policy: llm, types } = policy({ breaker });
    for (let i = 0; i < 3; i++) await expect(llm.execute(outage)).rejects.toThrow();
    clock.advance(30_000);
    await expect(llm.execute(outage)).rejects.toThrow('503 from provider');
    expect(llm.breakerState()).toBe('open');
    await refusal(llm.execute(ok), 'circuit-open');
    expect(types()).toEqual(['break', 'half-open', 'break']);
  });

  it('does not count errors that are not the service failing', async () => {
    const badRequest = new Error('400 bad request');
    const { policy: llm } = policy({ breaker, isTransient: (err) => err !== badRequest });
    for (let i = 0; i < 5; i++)
      await expect(llm.execute(() => Promise.reject(badRequest))).rejects.toBe(badRequest);
    expect(llm.breakerState()).toBe('closed');
  });
});

describe('sampling circuit breaker', () => {
  frozenClock();
  it('stays closed below the failure ratio and opens once the ratio is exceeded', async () => {
    const { policy: telegram, types } = policy(
      {
        breaker: { kind: 'sampling', threshold: 0.5, durationMs: 1000, minimumRps: 5, halfOpenAfterMs: 1000 },
      },
      recordingDeps(),
      'telegram',
    );
    // One failure in three keeps the ratio at 33%, under the 50% threshold.
    for (let i = 0; i < 3; i++) {
      await telegram.execute(ok);
      await telegram.execute(ok);
      await expect(telegram.execute(outage)).rejects.toThrow();
    }
    expect(telegram.breakerState()).toBe('closed');
    // 3 more failures: 6 of 12 is exactly 50%, not above it.
    for (let i = 0; i < 3; i++) await expect(telegram.execute(outage)).rejects.toThrow();
    expect(telegram.breakerState()).toBe('closed');
    await expect(telegram.execute(outage)).rejects.toThrow();
    expect(telegram.breakerState()).toBe('open');
    expect(types()).toEqual(['break']);
  });

  it('does not open on a failure ratio measured over too few calls', async () => {
    const { policy: telegram } = policy({
      breaker: { kind: 'sampling', threshold: 0.5, durationMs: 1000, minimumRps: 5, halfOpenAfterMs: 1000 },
    });
    // minimumRps 5 over 1 s needs 5 calls before the ratio is trusted.
    for (let i = 0; i < 4; i++) await expect(telegram.execute(outage)).rejects.toThrow();
    expect(telegram.breakerState()).toBe('closed');
    await expect(telegram.execute(outage)).rejects.toThrow();
    expect(telegram.breakerState()).toBe('open');
  });
});

describe('retry', () => {
  it('retries transient failures with growing delays until the call succeeds', async () => {
    const { policy: llm, events } = policy({
      retry: { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 1000 },
    });
    const callTimes: number[] = [];
    const result = await llm.execute(() => {
      callTimes.push(performance.now());
      if (callTimes.length < 4) return Promise.reject(new Error(`timeout ${callTimes.length}`));
      return Promise.resolve('drafted');
    });
    expect(result).toBe('drafted');
    expect(callTimes).toHaveLength(4);

    const delays = events.map(({ event }) => (event.type === 'retry' ? event.delayMs : -1));
    expect(events.map((e) => e.event.type)).toEqual(['retry', 'retry', 'retry']);
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThan(50);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? Infinity);
    // The waits really happened between calls (timers may fire up to ~1 ms early).
    for (let i = 1; i < callTimes.length; i++) {
      expect((callTimes[i] ?? 0) - (callTimes[i - 1] ?? 0)).toBeGreaterThanOrEqual((delays[i - 1] ?? 0) - 2);
    }
  });

  it('gives up after maxAttempts tries in total and throws the last error', async () => {
    const { policy: llm } = policy({ retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 } });
    let calls = 0;
    await expect(
      llm.execute(() => {
        calls++;
        return Promise.reject(new Error(`failure ${calls}`));
      }),
    ).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('does not retry an error that is not transient', async () => {
    const { policy: llm, types } = policy({
      retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 5 },
      isTransient: (err) => !(err instanceof TypeError),
    });
    let calls = 0;
    await expect(
      llm.execute(() => {
        calls++;
        return Promise.reject(new TypeError('prompt too long'));
      }),
    ).rejects.toThrow('prompt too long');
    expect(calls).toBe(1);
    expect(types()).toEqual([]);
  });

  it('stops retrying as soon as the circuit opens, without calling the service again', async () => {
    const { policy: llm, types } = policy({
      retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 5 },
      breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 10_000 },
    });
    let calls = 0;
    await expect(
      llm.execute(() => {
        calls++;
        return Promise.reject(new Error('503 from provider'));
      }),
    ).rejects.toThrow('503 from provider');
    expect(calls).toBe(2);
    expect(types()).toEqual(['retry', 'break']);

    // Already open: refused at once, no retry, the service is not called.
    await refusal(
      llm.execute(() => {
        calls++;
        return Promise.resolve('x');
      }),
      'circuit-open',
    );
    expect(calls).toBe(2);
    expect(types()).toEqual(['retry', 'break']);
  });
});

describe('timeout', () => {
  it('aborts the signal handed to the work, so the work stops before its side effect', async () => {
    const { policy: postgres, types } = policy({ timeoutMs: 30 }, recordingDeps(), 'postgres');
    let aborted = false;
    let committed = false;
    await refusal(
      postgres.execute(
        (signal) =>
          new Promise<void>((resolve, reject) => {
            const write = setTimeout(() => {
              committed = true;
              resolve();
            }, 200);
            signal.addEventListener('abort', () => {
              aborted = true;
              clearTimeout(write);
              reject(new Error('query cancelled'));
            });
          }),
      ),
      'timeout',
    );
    expect(aborted).toBe(true);
    await sleep(220);
    expect(committed).toBe(false);
    expect(types()).toEqual(['timeout']);
  });

  it('answers the caller at the deadline even when the work ignores the signal', async () => {
    const { policy: llm } = policy({ timeoutMs: 20 });
    let seen: AbortSignal | undefined;
    let finished = false;
    await refusal(
      llm.execute(async (signal) => {
        seen = signal;
        await sleep(300);
        finished = true;
        return 'late';
      }),
      'timeout',
    );
    expect(finished).toBe(false);
    expect(seen?.aborted).toBe(true);
  });

  it('cancels a real HTTP request: the server sees the connection dropped before it answers', async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    let answered = false;
    const server = createServer((_req, res) => {
      const answer = setTimeout(() => {
        answered = true;
        res.end('slow answer');
      }, 500);
      res.on('close', () => {
        clearTimeout(answer);
        serverSawClose();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { policy: llm } = policy({ timeoutMs: 50 });
      await refusal(
        llm.execute(async (signal) => (await fetch(`http://127.0.0.1:${port}/`, { signal })).text()),
        'timeout',
      );
      await closed;
      expect(answered).toBe(false);
    } finally {
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    }
  });

  it('counts timeouts as failures of the service for the breaker', async () => {
    const { policy: llm } = policy({
      timeoutMs: 10,
      breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 10_000 },
      isTransient: () => false,
    });
    await refusal(llm.execute(hangUntilAborted), 'timeout');
    await refusal(llm.execute(hangUntilAborted), 'timeout');
    expect(llm.breakerState()).toBe('open');
  });
});

describe('bulkhead', () => {
  it('queues up to its limit and rejects at once past it, without retrying the rejection', async () => {
    const {
      policy: llm,
      types,
      lines,
    } = policy({
      bulkhead: { limit: 1, queue: 1 },
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const held = async () => {
      started++;
      await gate;
      return started;
    };
    const first = llm.execute(held);
    const queued = llm.execute(held);
    await sleep(5);
    expect(started).toBe(1);

    const overloaded = await refusal(llm.execute(held), 'overloaded');
    expect(overloaded.cause).toBeInstanceOf(BulkheadRejectedError);
    expect(types()).toEqual(['bulkhead-reject']);
    expect(lines.some((l) => l.msg === 'llm call rejected: too many calls in flight')).toBe(true);

    release();
    // The queued call only started once the first had finished.
    await expect(Promise.all([first, queued])).resolves.toEqual([1, 2]);
    expect(started).toBe(2);
  });
});

describe('observer and registry', () => {
  it('keeps the call going when the observer itself throws, and logs the fault', async () => {
    const deps = recordingDeps();
    const { policy: llm } = policy(
      { retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } },
      {
        ...deps,
        observer: {
          onEvent: () => {
            throw new Error('metrics down');
          },
        },
      },
    );
    let calls = 0;
    await expect(
      llm.execute(async () => (++calls === 1 ? Promise.reject(new Error('blip')) : 'ok')),
    ).resolves.toBe('ok');
    expect(deps.lines.some((l) => l.msg === 'resilience observer failed')).toBe(true);
  });

  it('stops reporting events after dispose', async () => {
    const { policy: llm, types } = policy({
      breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 1000 },
    });
    llm.dispose();
    await expect(llm.execute(outage)).rejects.toThrow();
    expect(llm.breakerState()).toBe('open');
    expect(types()).toEqual([]);
  });

  it('reports every dependency breaker state by name', async () => {
    const deps = recordingDeps();
    const registry = createPolicyRegistry(
      {
        llm: { breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 1000 } },
        telegram: { breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 1000 } },
        postgres: { timeoutMs: 1000 },
      },
      deps,
    );
    try {
      expect(registry.states()).toEqual({ llm: 'closed', telegram: 'closed', postgres: 'closed' });
      await expect(registry.get('llm').execute(outage)).rejects.toThrow();
      expect(registry.states()).toEqual({ llm: 'open', telegram: 'closed', postgres: 'closed' });
      expect(deps.events.map((e) => [e.dependency, e.event.type])).toEqual([['llm', 'break']]);
      const [broke] = deps.events;
      expect(broke?.event.type === 'break' && broke.event.error).toBeInstanceOf(Error);
      expect(registry.get('telegram')).toBe(registry.get('telegram'));
      expect(() => registry.get('redis' as 'llm')).toThrow(
        'No resilience policy is configured for dependency "redis"',
      );
    } finally {
      registry.dispose();
    }
  });

  it('refuses options that cannot work, naming the dependency', () => {
    const deps = recordingDeps();
    expect(() =>
      createDependencyPolicy(
        'llm',
        {
          breaker: { kind: 'sampling', threshold: 1.5, durationMs: 1000, minimumRps: 1, halfOpenAfterMs: 10 },
        },
        deps,
      ),
    ).toThrow('Resilience policy for "llm": breaker.threshold must be in (0, 1), got 1.5');
    expect(() =>
      createDependencyPolicy(
        'telegram',
        { retry: { maxAttempts: 0, initialDelayMs: 1, maxDelayMs: 2 } },
        deps,
      ),
    ).toThrow(/"telegram": retry.maxAttempts/);
  });

  it("hands callers the project's errors, of the class the dependency asks for, keeping the cause", async () => {
    const { policy: llm } = policy({
      timeoutMs: 10,
      breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 10_000 },
      errors: { timeout: LLMTimeoutError, unavailable: TelegramError },
    });

    const timedOut = await refusal(llm.execute(hangUntilAborted), 'timeout');
    expect(timedOut).toBeInstanceOf(LLMTimeoutError);
    expect(timedOut.code).toBe(4001);
    expect(timedOut.userMessage).toBe('The AI service took too long to answer. Please try again.');
    expect(timedOut.context).toEqual({ dependency: 'llm', reason: 'timeout', timeoutMs: 10 });
    expect(timedOut.message).toBe('llm call timed out after 10ms');
    expect(timedOut.cause).toBeInstanceOf(TaskCancelledError);

    const refused = await refusal(llm.execute(ok), 'circuit-open');
    expect(refused).toBeInstanceOf(TelegramError);
    expect(refused.cause).toBeInstanceOf(BrokenCircuitError);
    expect(refused.context).toEqual({ dependency: 'llm', reason: 'circuit-open' });

    // The work's own errors reach the caller untouched.
    const { policy: plain } = policy({ timeoutMs: 1000 });
    const own = new RangeError('page out of range');
    await expect(plain.execute(() => Promise.reject(own))).rejects.toBe(own);
  });

  it('runs the work directly when no policy is configured', async () => {
    const { policy: plain } = policy({});
    await expect(
      plain.execute((signal) => Promise.resolve(signal.aborted ? 'aborted' : 'ran')),
    ).resolves.toBe('ran');
    expect(plain.breakerState()).toBe('closed');
  });
});
