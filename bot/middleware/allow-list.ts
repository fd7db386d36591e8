// The allow-list: the first check on every update type. Fails closed: no sender, an unknown sender or a
// deactivated one, and nothing below runs. An unknown person learns their Telegram id (so an admin can
// add them) at most once an hour, and the attempt is audited; they get no other answer and no data.
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import type { BotContext } from '../context.ts';
import { orWhenCacheFails } from './cache-trouble.ts';
import { html } from '../telegram-text.ts';
import { updateTypeOf } from './update-context.ts';
import { stopUpdate } from './update-metrics.ts';

/** One refusal (and one audit entry) per unknown person per hour, however much they send. */
export const REFUSAL_INTERVAL_MS = 60 * 60 * 1000;

export function refusalText(telegramId: number): string {
  return `This is a private assistant for immigration lawyers, and your account is not on its list.\nYour Telegram id is ${telegramId}: send it to your administrator if you should have access.`;
}

export function allowList(app: App): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from) {
      // Channel posts, polls and the like have no person behind them to check: nothing to do for them.
      ctx.log.debug('update without a sender dropped by the allow-list');
      stopUpdate(ctx, 'refused');
      return;
    }
    const lawyer = await app.users.findActive(from.id);
    if (lawyer) {
      ctx.lawyer = lawyer;
      await next();
      return;
    }
    await refuse(app, ctx, from.id);
  };
}

async function refuse(app: App, ctx: BotContext, telegramId: number): Promise<void> {
  stopUpdate(ctx, 'refused');
  // With the cache down a stranger is still refused, only without the hourly notice and audit entry.
  const firstThisHour = await orWhenCacheFails(ctx.log, 'refusal notice', false, () =>
    app.cache.setIfAbsent(`access-denied:${telegramId}`, '1', REFUSAL_INTERVAL_MS),
  );
  ctx.log.warn({ telegramId, reported: firstThisHour }, 'update from a user not on the allow-list');
  if (firstThisHour) {
    await app.audit.record({
      actor: `telegram:${telegramId}`,
      action: 'bot.access_denied',
      outcome: 'denied',
      details: { updateType: updateTypeOf(ctx.update) },
    });
  }
  if (ctx.callbackQuery) {
    // A pressed button keeps spinning until answered; the alert does not post anything into the chat.
    await ctx.answerCallbackQuery({ text: refusalText(telegramId), show_alert: true });
    return;
  }
  if (firstThisHour && ctx.chat?.type === 'private' && (ctx.message ?? ctx.editedMessage)) {
    await ctx.reply(html`${refusalText(telegramId)}`, { parse_mode: 'HTML' });
  }
}
