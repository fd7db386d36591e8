// Performance spans: how long a named piece of work took and whether it failed, logged and handed to an
// observer (the metrics module records it as a histogram) without the work knowing about either.
import type { Logger } from './logger.ts';

export type SpanOutcome = 'ok' | 'error';

/** Receives every finished span; must not throw (it runs on the path of the work it measures). */
export type SpanObserver = (name: string, seconds: number, outcome: SpanOutcome) => void;

export interface SpanOptions {
  log: Logger;
  onDuration?: SpanObserver;
}

/**
 * Runs `fn` as the span `name`: logs `{ span, durationMs, outcome }` at debug when it succeeds, at warn
 * with the error when it throws (and rethrows it unchanged).
 */
export async function span<T>(name: string, fn: () => T | Promise<T>, options: SpanOptions): Promise<T> {
  const started = performance.now();
  const finish = (outcome: SpanOutcome): number => {
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    options.onDuration?.(name, durationMs / 1000, outcome);
    return durationMs;
  };
  try {
    const result = await fn();
    options.log.debug({ span: name, durationMs: finish('ok'), outcome: 'ok' }, 'span finished');
    return result;
  } catch (err) {
    options.log.warn({ span: name, durationMs: finish('error'), outcome: 'error', err }, 'span failed');
    throw err;
  }
}
