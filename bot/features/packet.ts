// /packet: the active case's exhibit packet, one PDF ready to file. The bot only queues the job (one per
// update, so a redelivered /packet never builds twice); the worker builds it and sends it here.
import { Composer } from 'grammy';
import type { App } from '../../core/app.ts';
import { resolveLocale } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';

async function packet(app: App, ctx: BotContext): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active || !ctx.chat) return;
  const exhibits = await app.evidence.list(ctx.lawyer.id, active.id);
  const clientName = escapeHtml(active.clientName);
  if (exhibits.length === 0) {
    await ctx.reply(ctx.t('packet-no-exhibits', { clientName }), { parse_mode: 'HTML' });
    return;
  }
  const { id, created } = await app.jobs.enqueue(
    'build-packet',
    {
      lawyer: { chatId: ctx.chat.id, locale: resolveLocale(await ctx.i18n.getLocale()) },
      lawyerId: ctx.lawyer.id,
      caseId: active.id,
    },
    { singletonKey: `update:${String(ctx.update.update_id)}` },
  );
  ctx.log.info({ caseId: active.id, job: id, created, exhibits: exhibits.length }, 'exhibit packet queued');
  await ctx.reply(ctx.t('packet-queued', { clientName, exhibits: exhibits.length }), { parse_mode: 'HTML' });
}

export function packetFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('packet', (ctx) => packet(app, ctx));
  return feature;
}
