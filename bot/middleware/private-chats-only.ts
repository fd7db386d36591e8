// Client data must never land in a group: the bot answers in private chats only. In any other chat it
// says so once and does nothing else.
import { GrammyError, type MiddlewareFn } from 'grammy';
import type { Cache } from '../../core/cache/cache.ts';
import type { BotContext } from '../context.ts';
import { orWhenCacheFails } from './cache-trouble.ts';
import { stopUpdate } from './update-metrics.ts';

export const PRIVATE_ONLY_NOTICE = 'I only work in private chats. Please message me directly.';
/** "Once" per group: long enough that nobody sees the notice twice, short enough not to pile up keys. */
const NOTICE_INTERVAL_MS = 30 * 24 * 60 * 60 * 1000;

export function privateChatsOnly(cache: Cache): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || chat.type === 'private') {
      // Updates without a chat (inline queries) carry no conversation that could leak into a group.
      await next();
      return;
    }
    stopUpdate(ctx, 'refused');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: PRIVATE_ONLY_NOTICE, show_alert: true });
    const canPost =
      ctx.message !== undefined ||
      ['member', 'administrator'].includes(ctx.myChatMember?.new_chat_member.status ?? '');
    if (
      !canPost ||
      !(await orWhenCacheFails(ctx.log, 'private-chats-only notice', false, () =>
        cache.setIfAbsent(`private-only-notice:${chat.id}`, '1', NOTICE_INTERVAL_MS),
      ))
    )
      return;
    try {
      await ctx.api.sendMessage(chat.id, PRIVATE_ONLY_NOTICE);
    } catch (err) {
      // A group that muted the bot or a channel it cannot post in: the notice is a courtesy, not a duty.
      if (!(err instanceof GrammyError) || (err.error_code !== 403 && err.error_code !== 400)) throw err;
      ctx.log.info({ err, chatId: chat.id }, 'could not post the private-chats-only notice');
    }
  };
}
