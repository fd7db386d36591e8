// The HTTP function every Bot API call goes through, conversations included: it waits out Telegram's
// flood-control `retry_after` below everything else, so a 429 never reaches a handler or a conversation's
// replay log (a retry above the conversations plugin would wait again on every replay), sends a call again
// after a short pause when it is safe to (an API transformer would not reach the conversations' own Api
// objects, so a question asked inside a dialogue would be lost), and counts each call into the App's metrics.
//
// When a call is sent again. A 429 says Telegram refused the call without carrying it out: always safe. A
// 5xx or a connection lost before the answer says nothing of the kind: Telegram's front proxy answers 5xx
// when the server behind it is slow, often after the message was delivered, and a connection can drop with
// the call done. So:
// - a method that comes out the same however often it runs (reading: get*; putting something into a given
//   state: edit*, set*, delete*, pinChatMessage, unpin*; answering a query, which Telegram takes once;
//   sendChatAction, which only shows "typing…") is sent again after a 5xx or a lost connection. A repeat can
//   at worst be refused ("message is not modified", "message to delete not found"), never duplicate;
// - any other method (sendMessage, sendDocument, sendPhoto, copyMessage, forwardMessage, sendMediaGroup, and
//   any method not listed) may create something the lawyer sees, and is sent again only when the call
//   provably never reached Telegram: the connection was never made (refused, the name or network not
//   found). After a 5xx, a reset or a timeout, the error reaches the caller: one lost message, with the
//   error shown to the lawyer, is better than the same message twice;
// - an upload (a streamed body) is never sent twice: it cannot be read again.
import { setTimeout as sleep } from 'node:timers/promises';
import nodeFetch, { type RequestInfo, type RequestInit, type Response } from 'node-fetch';
import type { BotMetrics } from '../core/metrics.ts';

export interface RetryAfterOptions {
  /** Retries per call after the first attempt. */
  maxRetries: number;
  /** A longer wait is not waited out: the 429 reaches the caller (the update's time limit is bounded too). */
  maxDelaySeconds: number;
  /** The pause before sending again after a 5xx or a lost connection, doubled on each further one. */
  serverErrorDelayMs: number;
}

export const DEFAULT_RETRY_AFTER: RetryAfterOptions = {
  maxRetries: 3,
  maxDelaySeconds: 30,
  serverErrorDelayMs: 500,
};

type Fetch = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

const defaultFetch: Fetch = (url, init) => nodeFetch.default(url, init);

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

/** Methods that come out the same however often they run (see the top of this file). */
const RESENDABLE_PREFIX = /^(get|edit|set|delete|unpin)[A-Z]/;
const RESENDABLE_METHODS = new Set([
  'pinChatMessage',
  'answerCallbackQuery',
  'answerInlineQuery',
  'sendChatAction',
]);

export function isResendable(method: string): boolean {
  return RESENDABLE_PREFIX.test(method) || RESENDABLE_METHODS.has(method);
}

/** System errors raised before a connection exists: the request cannot have reached anyone. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when `err` (from fetch) proves the request never left this machine for Telegram. */
export function neverReachedTelegram(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NEVER_CONNECTED.has(code);
}

export function fetchHonouringRetryAfter(
  options: RetryAfterOptions = DEFAULT_RETRY_AFTER,
  inner: Fetch = defaultFetch,
): Fetch {
  return async (url, init) => {
    // A streamed body (a file upload) cannot be sent twice; JSON bodies are strings.
    const replayable = init?.body === undefined || typeof init.body === 'string';
    const resendable = replayable && isResendable(telegramMethodOf(url));
    const pause = (ms: number) => sleep(ms, undefined, init?.signal ? { signal: init.signal } : undefined);
    // Flood control and trouble (5xx, lost connections) are counted apart: a bad spell often brings both.
    let floodRetries = 0;
    let troubleRetries = 0;
    for (;;) {
      let response: Response;
      try {
        response = await inner(url, init);
      } catch (err) {
        const safe = resendable || (replayable && neverReachedTelegram(err));
        // An aborted call was given up by the caller (a long poll at shutdown, a time limit): not trouble.
        if (!safe || init?.signal?.aborted || troubleRetries >= options.maxRetries) throw err;
        await pause(options.serverErrorDelayMs * 2 ** troubleRetries++);
        continue;
      }
      if (!replayable) return response;
      if (response.status >= 500 && resendable && troubleRetries < options.maxRetries) {
        // Telegram's or its proxy's trouble, often for a moment: the body (JSON or an HTML page) is dropped.
        await response.arrayBuffer();
        await pause(options.serverErrorDelayMs * 2 ** troubleRetries++);
        continue;
      }
      if (response.status !== 429 || floodRetries >= options.maxRetries) return response;
      const seconds = await retryAfterSeconds(response);
      if (seconds === null || seconds > options.maxDelaySeconds) return response;
      floodRetries++;
      await pause(seconds * 1000);
    }
  };
}

/** Bot API method names are plain words; anything else in the path would be an unbounded label value. */
const METHOD_NAME = /^[A-Za-z]{1,64}$/;

/** The Bot API method of a call URL (`…/bot<token>/sendMessage`): its last path segment, never the token. */
function telegramMethodOf(url: RequestInfo): string {
  const href = typeof url === 'string' ? url : 'href' in url ? url.href : url.url;
  const method = new URL(href).pathname.split('/').at(-1) ?? '';
  return METHOD_NAME.test(method) ? method : 'other';
}

/**
 * Records every HTTP call to the Bot API (each attempt: a 429 waited out and sent again counts twice, which
 * is how flood control shows in the metrics). Telegram answers with its `error_code` as the HTTP status, so
 * the status is the code and the body is left alone; 0 when no answer came. A call the caller aborted (a
 * long poll at shutdown) is not Telegram failing and is not counted.
 */
export function fetchRecordingCalls(metrics: BotMetrics, inner: Fetch = defaultFetch): Fetch {
  return async (url, init) => {
    const method = telegramMethodOf(url);
    let response: Response;
    try {
      response = await inner(url, init);
    } catch (err) {
      if (!init?.signal?.aborted) metrics.recordTelegramCall(method, 'error', 0);
      throw err;
    }
    if (response.ok) metrics.recordTelegramCall(method, 'ok');
    else metrics.recordTelegramCall(method, 'error', response.status);
    return response;
  };
}
