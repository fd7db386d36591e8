// How a broadcast job sends one message (core/jobs/broadcast-job.ts DeliverMessage) on grammY's Api, with
// Telegram's answer classified: sent, blocked the bot (403), refused (other 4xx), or flood control (429).
// Its own Api without the bot's retry-after wait: the broadcast must see a 429 itself, to pause every
// message of the broadcast instead of one. Every worker that can send (`megaagent start`, `megaagent
// worker`, `megaagent chat`) registers the same handler, from broadcastHandlers.
import { Api, GrammyError, type ApiClientOptions } from 'grammy';
import type { App } from '../core/app.ts';
import { broadcastJobHandler, broadcastPace, type DeliverMessage } from '../core/jobs/broadcast-job.ts';
import type { ProductJobKinds } from '../core/jobs/kinds.ts';
import type { JobHandlers } from '../core/jobs/worker.ts';
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

/**
 * Broadcasts are worked only where a bot token lets this process send; elsewhere they wait in the queue
 * for a worker that can.
 */
export function broadcastHandlers(app: App): JobHandlers<ProductJobKinds> {
  const { botToken, apiRoot } = app.config.telegram;
  if (!botToken) {
    app.log.warn('broadcasts are not sent by this worker: TELEGRAM_BOT_TOKEN is not set');
    return {};
  }
  return {
    broadcast: broadcastJobHandler({
      store: app.broadcasts,
      deliver: broadcastDelivery({
        token: botToken.reveal(),
        apiRoot,
        metrics: app.metrics,
        tracing: app.tracing,
      }),
      pace: broadcastPace(app.cache),
      log: app.log.child({ component: 'broadcast' }),
    }),
  };
}
