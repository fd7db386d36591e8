// The one place a failure meets the lawyer: a short safe message with a reference id, never a stack trace.
// The same id is on the log line and in the error tracker, so support can find the failure from the id.
import { randomBytes } from 'node:crypto';
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import { userMessageOf } from '../../core/errors.ts';
import type { BotContext } from '../context.ts';
import { html } from '../telegram-text.ts';
import { stopUpdate } from './update-metrics.ts';

/** Short enough to read out on the phone; unique enough to find one log line. */
export function newReferenceId(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function failureText(err: unknown, referenceId: string): string {
  return html`${userMessageOf(err)}\nReference: <code>${referenceId}</code>`;
}

/** Logs and records `err`, then tells the lawyer what happened in words they can act on. */
export async function reportFailure(app: App, ctx: BotContext, err: unknown): Promise<string> {
  const referenceId = newReferenceId();
  stopUpdate(ctx, 'error');
  const log = ctx.log ?? app.log;
  log.error({ err, referenceId, updateId: ctx.update.update_id }, 'update failed');
  await app.errors.capture(err);
  try {
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({ text: `${userMessageOf(err)} (ref ${referenceId})` });
    else if (ctx.chat?.type === 'private')
      await ctx.reply(failureText(err, referenceId), { parse_mode: 'HTML' });
  } catch (replyErr) {
    // Telegram itself may be the failure; the original error is already logged under the same id.
    log.error({ err: replyErr, referenceId }, 'could not tell the lawyer about a failure');
  }
  return referenceId;
}

export function errorBoundary(app: App): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      await reportFailure(app, ctx, err);
    }
  };
}
