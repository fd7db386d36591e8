// First middleware of every update: the logging context (update id, user id) for everything that runs
// below it, and the services and a per-update logger on the context object.
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import { runWithContext } from '../../core/logging/context.ts';
import type { BotContext } from '../context.ts';

/** The update's kind (`message`, `callback_query`, ...): the one key besides `update_id`. */
export function updateTypeOf(update: object): string {
  return Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
}

export function updateContext(app: App): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const userId = ctx.from?.id;
    return runWithContext({ updateId: ctx.update.update_id, ...(userId !== undefined && { userId }) }, () => {
      ctx.app = app;
      // Update and user ids come from the logging context on every line; these say what kind of update it is.
      ctx.log = app.log.child({ updateType: updateTypeOf(ctx.update), chatId: ctx.chatId });
      return next();
    });
  };
}
