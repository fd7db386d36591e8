// One trace span per update, around the whole chain: the core operations and database queries the update
// causes become its children. It names the update's kind and how the chain ended, never who sent it or
// what it said.
import type { MiddlewareFn } from 'grammy';
import type { Tracing } from '../../core/logging/tracing.ts';
import type { BotContext } from '../context.ts';
import { updateTypeOf } from './update-context.ts';

export function traceUpdates(tracing: Tracing): MiddlewareFn<BotContext> {
  if (!tracing.enabled) return (_ctx, next) => next();
  return async (ctx, next) => {
    const type = updateTypeOf(ctx.update);
    const span = tracing.start(`telegram ${type}`, {
      kind: 'consumer',
      attributes: { 'telegram.update.type': type },
    });
    try {
      await span.enter(next);
      span.setAttributes({ 'telegram.update.outcome': ctx.stoppedAs ?? 'handled' });
      span.end(ctx.stoppedAs === 'error' ? new UpdateFailed() : undefined);
    } catch (err) {
      span.setAttributes({ 'telegram.update.outcome': 'error' });
      span.end(err);
      throw err;
    }
  };
}

/** The error boundary answered the lawyer, so nothing is thrown; the span still shows the update failed. */
class UpdateFailed extends Error {
  override name = 'UpdateFailed';
}
