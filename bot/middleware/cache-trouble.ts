// What a middleware does when the shared cache fails on a call it can do without: it goes on with a
// fallback and logs, instead of failing the lawyer's update (rate limits, once-per-period notices).
import { CacheError } from '../../core/errors.ts';
import type { Logger } from '../../core/logging/logger.ts';

/** `work`'s answer, or `fallback` (logged) when the cache cannot answer; any other failure is thrown. */
export async function orWhenCacheFails<T>(
  log: Logger,
  what: string,
  fallback: T,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof CacheError)) throw err;
    log.warn({ err, what }, 'the cache failed; going on without it');
    return fallback;
  }
}
