// /broadcast <text>: a bot admin's announcement to every active user. Queued as a 'broadcast' job (the
// same as POST /admin/broadcast); the worker shows its progress to the admin here and sends the delivery
// report when it is done. Lawyers are told the command is for administrators.
import { Composer } from 'grammy';
import type { App } from '../../core/app.ts';
import { MAX_BROADCAST_TEXT, queueBroadcast } from '../../core/broadcast.ts';
import { resolveLocale } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';

export function broadcastFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('broadcast', async (ctx) => {
    if (ctx.lawyer.role !== 'admin') {
      await ctx.reply(ctx.t('broadcast-admins-only'));
      return;
    }
    const text = ctx.match.trim();
    if (text === '') {
      await ctx.reply(ctx.t('broadcast-usage'));
      return;
    }
    if (text.length > MAX_BROADCAST_TEXT) {
      await ctx.reply(ctx.t('broadcast-too-long', { length: text.length, max: MAX_BROADCAST_TEXT }));
      return;
    }
    const admin = { chatId: ctx.chat.id, locale: resolveLocale(await ctx.i18n.getLocale()) };
    const { recipients } = await queueBroadcast(
      {
        store: app.broadcasts,
        jobs: app.jobs,
        audit: app.audit,
        admin,
      },
      text,
      `telegram:${ctx.lawyer.telegramId}`,
    );
    await ctx.reply(ctx.t('broadcast-queued', { recipients }));
  });

  return feature;
}
