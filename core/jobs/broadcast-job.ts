// The 'broadcast' job: sends an admin's announcement to each recipient fixed when it was queued, paced
// under Telegram's limit, and records every answer. A flood-control refusal (429) pauses the whole
// broadcast for the `retry_after` Telegram asks and sends that recipient again later; a recipient is
// claimed before its message goes out, so a retried attempt, or another worker finishing a dead one's
// job, skips everyone already tried.
import type { Logger } from 'pino';
import type { BroadcastCounts, BroadcastStore } from '../broadcast.ts';
import { BroadcastNotFoundError } from '../errors.ts';
import type { Cache } from '../cache/cache.ts';
import { createRateLimiter, type RateLimiter } from '../resilience/rate-limiter.ts';
import type { ProductJobKinds } from './kinds.ts';
import { recordFailureAndTellOnce } from './failed-for-good.ts';
import type { FailedKindHandler, KindHandler } from './worker.ts';

/**
 * Messages per second one broadcast sends, evenly spaced. Telegram allows about 30 a second per bot; two
 * less leave room for jitter (a message held up on the way, a busy event loop) of up to ~70 ms, so a
 * one-second window on Telegram's side does not see 31: each 429 costs a whole second of pause, far more
 * than the 7% given up here.
 */
export const BROADCAST_MESSAGES_PER_SECOND = 28;
/** Telegram's own figure: the shared guard over every broadcast of the bot. */
const TELEGRAM_MESSAGES_PER_SECOND = 30;

/**
 * The guard over every broadcast from every worker: one bucket in the cache (Redis when configured), so
 * two broadcasts running at once share Telegram's limit instead of each taking all of it. It holds two
 * tokens: one broadcast's own even spacing never waits on it, and together they cannot burst.
 */
export function broadcastPace(cache: Cache, messagesPerSecond = TELEGRAM_MESSAGES_PER_SECOND): RateLimiter {
  return createRateLimiter(cache, {
    name: 'telegram-broadcast',
    capacity: 2,
    refillPerSecond: messagesPerSecond,
  });
}

/** Messages on their way to Telegram at once: enough to keep the pace when a round trip is slow. */
const MAX_IN_FLIGHT = 16;

/** Consecutive sends that got no answer at all before the attempt gives up (the job retries it later). */
const MAX_UNANSWERED_IN_A_ROW = 5;
const UNANSWERED_PAUSE_MS = 1_000;

/** Telegram's answer to one message, as the bot's adapter classifies it (core does not know grammY). */
export type TelegramAnswer =
  | { kind: 'sent' }
  /** 403: the user blocked the bot (or deleted their account). */
  | { kind: 'blocked'; reason: string }
  /** Any other refusal (400 chat not found…): not retried. */
  | { kind: 'failed'; reason: string }
  /** 429: flood control; nothing was sent. */
  | { kind: 'flood'; retryAfterSeconds: number };

/**
 * Sends one plain-text message. Resolves with Telegram's answer; rejects only when no answer came (the
 * network), in which case the message is taken as not sent.
 */
export type DeliverMessage = (chatId: number, text: string) => Promise<TelegramAnswer>;

export interface SendBroadcastOptions {
  store: BroadcastStore;
  deliver: DeliverMessage;
  /** The shared guard (broadcastPace): a token per message, so broadcasts on several workers share the limit. */
  pace: RateLimiter;
  /** This broadcast's own even pace (default BROADCAST_MESSAGES_PER_SECOND). */
  messagesPerSecond?: number;
  /** Told after every recorded answer: recipients done (by any attempt) of all. */
  onProgress?: (done: number, total: number) => Promise<void>;
  log: Logger;
  /** Aborted when the attempt is taken back (cancelled, expired, or the worker stopping). */
  signal?: AbortSignal;
  maxInFlight?: number;
}

export interface SendBroadcastResult {
  counts: BroadcastCounts;
  /** Flood-control refusals (429) this attempt got and waited out. */
  floods: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Sends what is left of broadcast `id`; throws when interrupted (the job then runs again and resumes). */
export async function sendBroadcast(id: string, options: SendBroadcastOptions): Promise<SendBroadcastResult> {
  const { store, deliver, pace, log, signal } = options;
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const text = await store.text(id);
  if (text === null) throw new BroadcastNotFoundError({ broadcastId: id });
  const interrupted = await store.settleInterrupted(id);
  if (interrupted > 0)
    log.warn(
      { broadcast: id, interrupted },
      'broadcast resumed: messages a stopped worker had in flight are not sent again',
    );

  // Each message has a slot on an even schedule. A late wake-up (a busy machine) is made up on the next
  // slots rather than lost, so the broadcast keeps its rate; a message later than a whole interval moves
  // the schedule instead, so no burst ever catches up a long stall: a message is at most one interval
  // behind its slot, and a second holds at most its own slots (28) plus one late message, within 30.
  const interval = 1000 / (options.messagesPerSecond ?? BROADCAST_MESSAGES_PER_SECOND);
  let nextSlot = performance.now();
  let pausedUntil = 0;
  let floods = 0;
  const start = await store.counts(id);
  let done = start.recipients - start.pending;
  const recorded = async () => {
    done++;
    await options.onProgress?.(done, start.recipients);
  };
  let unansweredInARow = 0;
  let fatal: unknown = null;
  const inFlight = new Set<Promise<void>>();

  async function sendTo(chatId: number, message: string): Promise<void> {
    let answer: TelegramAnswer;
    try {
      answer = await deliver(chatId, message);
    } catch (err) {
      // No answer: most likely never delivered. It goes back to the queue of recipients, after a pause.
      unansweredInARow++;
      pausedUntil = Math.max(pausedUntil, Date.now() + UNANSWERED_PAUSE_MS);
      await store.release(id, chatId);
      if (unansweredInARow >= MAX_UNANSWERED_IN_A_ROW) fatal ??= err;
      log.warn(
        { err, broadcast: id },
        'a broadcast message got no answer from Telegram; it will be sent again',
      );
      return;
    }
    unansweredInARow = 0;
    switch (answer.kind) {
      case 'sent':
        await store.record(id, chatId, 'sent');
        await recorded();
        return;
      case 'blocked':
      case 'failed':
        await store.record(id, chatId, answer.kind, answer.reason);
        await recorded();
        return;
      case 'flood':
        floods++;
        pausedUntil = Math.max(pausedUntil, Date.now() + answer.retryAfterSeconds * 1000);
        await store.release(id, chatId);
        log.info(
          { broadcast: id, retryAfterSeconds: answer.retryAfterSeconds },
          'broadcast paused by Telegram flood control',
        );
        return;
    }
  }

  const launch = (chatId: number) => {
    const sending: Promise<void> = sendTo(chatId, text)
      .catch((err: unknown) => {
        // Recording the answer failed (the database): stop this attempt; the job retries, and the row
        // left `sending` is settled as unconfirmed, never sent twice.
        fatal ??= err;
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  for (;;) {
    if (signal?.aborted || fatal !== null) break;
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      await sleep(wait, signal);
      nextSlot = performance.now();
      continue;
    }
    if (inFlight.size >= maxInFlight) {
      await Promise.race(inFlight);
      continue;
    }
    const early = nextSlot - performance.now();
    if (early > 0) {
      await sleep(early, signal);
      continue;
    }
    const taken = await pace.take('all');
    if (!taken.allowed) {
      await sleep(Math.max(1, taken.retryAfterMs), signal);
      continue;
    }
    const sentAt = performance.now();
    nextSlot = Math.max(nextSlot + interval, sentAt);
    const chatId = await store.claimNext(id);
    if (chatId === null) {
      // Nobody left to claim; what is in flight may still give recipients back (flood control).
      if (inFlight.size === 0) break;
      await Promise.all(inFlight);
      continue;
    }
    launch(chatId);
  }
  await Promise.all(inFlight);
  if (fatal !== null) throw new Error(`broadcast ${id} stopped: ${describe(fatal)}`, { cause: fatal });
  if (signal?.aborted)
    throw new Error(`broadcast ${id} was interrupted; what is left is sent when it resumes`);
  return { counts: await store.counts(id), floods };
}

/** What a broadcast job records as its result. */
export interface BroadcastJobResult extends BroadcastCounts {
  broadcastId: string;
}

export interface BroadcastJobDeps {
  store: BroadcastStore;
  deliver: DeliverMessage;
  pace: RateLimiter;
  log: Logger;
}

/** The worker's handler for 'broadcast' jobs (registered only where a bot token lets the worker send). */
export function broadcastJobHandler(deps: BroadcastJobDeps): KindHandler<ProductJobKinds, 'broadcast'> {
  return async (job, context) => {
    const { broadcastId } = job.data;
    // Run again after it failed for good (an admin's retry): it is being sent until it finishes again.
    await deps.store.reopen(broadcastId);
    const { counts, floods } = await sendBroadcast(broadcastId, {
      ...deps,
      signal: job.signal,
      onProgress: (done, total) => context.progress.step('broadcast-step-sending', done, total),
    });
    await deps.store.finish(broadcastId);
    const { value } = await context.results.record<BroadcastJobResult>(job.id, 'broadcast', {
      broadcastId,
      ...counts,
    });
    deps.log.info({ broadcast: broadcastId, ...counts, floods }, 'broadcast finished');
    // The admin who sent it from the bot gets the delivery report once (nobody, when it came from the API).
    await context.deliverOnce(() => context.progress.finish('broadcast-report', { ...value }));
  };
}

/**
 * When a broadcast failed for good (every attempt stopped, ran past its expiry or died with its worker):
 * what a worker had on its way is settled `unconfirmed` (never sent twice), the broadcast is marked
 * finished, so its delivery report is final (`jobState` failed, `pending` never sent), and the admin who
 * sent it from the bot is told once how far it got and how to reach the rest.
 */
export function broadcastFailed(
  deps: Pick<BroadcastJobDeps, 'store' | 'log'>,
): FailedKindHandler<ProductJobKinds, 'broadcast'> {
  return async (failed, context) => {
    const { broadcastId } = failed.data;
    if ((await deps.store.text(broadcastId)) === null) {
      deps.log.warn({ job: failed.id, broadcast: broadcastId }, 'a broadcast that failed for good is gone');
      return;
    }
    await deps.store.settleInterrupted(broadcastId);
    await deps.store.finish(broadcastId);
    const counts = await deps.store.counts(broadcastId);
    deps.log.error(
      {
        job: failed.id,
        broadcast: broadcastId,
        ...counts,
        retries: failed.retries,
        lastError: failed.lastError,
      },
      'a broadcast failed on every attempt; it stays stopped',
    );
    await recordFailureAndTellOnce(failed, context, () =>
      context.progress.finish('broadcast-failed', { ...counts, jobId: failed.id }),
    );
  };
}
