// How a broadcast job sends one message (core/jobs/broadcast-job.ts DeliverMessage) on grammY's Api, with
// Telegram's answer classified: sent, blocked the bot (403), refused (other 4xx), or flood control (429).
// Its own Api without the bot's retry-after wait: the broadcast must see a 429 itself, to pause every
// message of the broadcast instead of one.
import { Api, GrammyError, type ApiClientOptions } from 'grammy';
import type { DeliverMessage } from '../core/jobs/broadcast-job.ts';
import type { Tracing } from '../core/logging/tracing.ts';
import type { BotMetrics } from '../core/metrics.ts';
import { fetchRecordingCalls } from './telegram-fetch.ts';
import { fetchTracingCalls } from './telegram-trace.ts';

/** When Telegram asks for a pause without saying how long (it always says; this is a floor). */
const DEFAULT_FLOOD_PAUSE_SECONDS = 1;

export function broadcastDelivery(options: {
  token: string;
  apiRoot: string;
  metrics: BotMetrics;
  /** Each message sent becomes a span of the broadcast job's trace (when a collector is set). */
  tracing?: Tracing;
}): DeliverMessage {
  const api = new Api(options.token, {
    apiRoot: options.apiRoot,
    fetch: fetchRecordingCalls(
      options.metrics,
      options.tracing && fetchTracingCalls(options.tracing),
    ) as unknown as NonNullable<ApiClientOptions['fetch']>,
  });
  return async (chatId, text) => {
    try {
      await api.sendMessage(chatId, text);
      return { kind: 'sent' };
    } catch (err) {
      // Anything but Telegram's own refusal (the network, a 5xx) rejects: the message is sent again later.
      if (!(err instanceof GrammyError) || err.error_code >= 500) throw err;
      if (err.error_code === 429) {
        return {
          kind: 'flood',
          retryAfterSeconds: err.parameters.retry_after ?? DEFAULT_FLOOD_PAUSE_SECONDS,
        };
      }
      if (err.error_code === 403) return { kind: 'blocked', reason: err.description };
      return { kind: 'failed', reason: err.description };
    }
  };
}
