// The HTTP function every Bot API call goes through, conversations included: it waits out Telegram's
// flood-control `retry_after` below everything else, so a 429 never reaches a handler or a conversation's
// replay log (a retry above the conversations plugin would wait again on every replay).
import { setTimeout as sleep } from 'node:timers/promises';
import nodeFetch, { type RequestInfo, type RequestInit, type Response } from 'node-fetch';

export interface RetryAfterOptions {
  /** Retries per call after the first attempt. */
  maxRetries: number;
  /** A longer wait is not waited out: the 429 reaches the caller (the update's time limit is bounded too). */
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY_AFTER: RetryAfterOptions = { maxRetries: 3, maxDelaySeconds: 30 };

type Fetch = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

/** Reads `parameters.retry_after` from a 429 body; null when the body says nothing usable. */
async function retryAfterSeconds(response: Response): Promise<number | null> {
  const text = await response.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null; // not JSON (a proxy's page): no retry_after to honour, the caller sees the 429
  }
  const seconds = (body as { parameters?: { retry_after?: unknown } } | null)?.parameters?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

export function fetchHonouringRetryAfter(
  options: RetryAfterOptions = DEFAULT_RETRY_AFTER,
  inner: Fetch = (url, init) => nodeFetch.default(url, init),
): Fetch {
  return async (url, init) => {
    // A streamed body (a file upload) cannot be sent twice; JSON bodies are strings.
    const replayable = init?.body === undefined || typeof init.body === 'string';
    for (let attempt = 0; ; attempt++) {
      const response = await inner(url, init);
      if (response.status !== 429 || !replayable || attempt >= options.maxRetries) return response;
      const seconds = await retryAfterSeconds(response);
      if (seconds === null || seconds > options.maxDelaySeconds) return response;
      await sleep(
        seconds * 1000,
        undefined,
        init?.signal ? { signal: init.signal } : undefined,
      );
    }
  };
}
