// A time limit per update inside the per-chat queue: an update that hangs (a stuck query, a dead upstream)
// must not hold the chat's queue, or every later message of that lawyer would wait behind it forever.
import type { MiddlewareFn } from 'grammy';
import { InternalError } from '../../core/errors.ts';
import type { ErrorTracker } from '../../core/logging/error-tracker.ts';
import type { BotContext } from '../context.ts';

export const TOO_SLOW_TEXT =
  'This is taking much longer than it should, so I stopped waiting for it. Please try again in a moment.';

/**
 * `reportTimeout` tells the lawyer (the error boundary's report, with a reference id). The handler itself
 * cannot be cancelled: it runs on, and if it fails later that failure is still logged and counted.
 */
export function updateTimeLimit(
  timeoutMs: number,
  reportTimeout: (ctx: BotContext, err: InternalError) => Promise<unknown>,
  errors: ErrorTracker,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    let timer: NodeJS.Timeout | undefined;
    const handling = next();
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeoutMs);
    });
    try {
      if ((await Promise.race([handling.then(() => 'done' as const), expired])) === 'done') return;
    } finally {
      clearTimeout(timer);
    }
    handling.catch(async (err: unknown) => {
      ctx.log.error({ err }, 'update failed after its time limit');
      await errors.capture(err);
    });
    await reportTimeout(
      ctx,
      new InternalError(
        { timeoutMs },
        { message: `update still running after ${timeoutMs} ms; chat released`, userMessage: TOO_SLOW_TEXT },
      ),
    );
  };
}
