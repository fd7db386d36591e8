// Drafting for the active case: /draft starts the brief, cover letter and exhibit index as a background
// job; /letters the recommendation letters; /drafts lists what was drafted, with a button to send any file
// again. The job reports its progress and sends the files itself (core/drafting/jobs.ts).
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { App } from '../../core/app.ts';
import type { Deliverable } from '../../core/drafting/deliverables.ts';
import { recommendersOf } from '../../core/drafting/letters.ts';
import { NotFoundError } from '../../core/errors.ts';
import { resolveLocale } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';

const SEND_AGAIN = /^drafts:send:([0-9a-f-]{36})$/;
const sendAgainData = (id: string) => `drafts:send:${id}`;

/** Telegram shows at most this many buttons comfortably; older versions stay in the case. */
const MAX_LISTED = 20;

async function lawyerTarget(ctx: BotContext) {
  return { chatId: ctx.chat?.id ?? ctx.from?.id ?? 0, locale: resolveLocale(await ctx.i18n.getLocale()) };
}

function dateOf(locale: string, date: Date): string {
  const formatted = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(date);
  return `${formatted} UTC`;
}

function describe(ctx: BotContext, locale: string, item: Deliverable): string {
  const params = {
    kind: ctx.t('drafting-kind', { kind: item.kind }),
    version: item.version,
    date: dateOf(locale, item.createdAt),
    source: ctx.t('drafting-source', { source: item.source }),
  };
  return item.subject === ''
    ? ctx.t('drafting-drafts-item', params)
    : ctx.t('drafting-drafts-item-subject', { ...params, subject: item.subject });
}

async function listDrafts(app: App, ctx: BotContext): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active) return;
  const clientName = escapeHtml(active.clientName);
  const drafted = await app.deliverables.list(ctx.lawyer.id, active.id);
  if (drafted.length === 0) {
    await ctx.reply(ctx.t('drafting-drafts-empty', { clientName }), { parse_mode: 'HTML' });
    return;
  }
  const locale = resolveLocale(await ctx.i18n.getLocale());
  const shown = drafted.slice(0, MAX_LISTED);
  const keyboard = new InlineKeyboard();
  for (const item of shown) {
    const kind = ctx.t('drafting-kind', { kind: item.kind });
    const label = ctx.t('drafting-drafts-send', {
      kind: item.subject === '' ? kind : `${kind}: ${item.subject}`,
      version: item.version,
    });
    keyboard.text(label.slice(0, 60), sendAgainData(item.id)).row();
  }
  const lines = [
    ctx.t('drafting-drafts-heading', { clientName }),
    ...shown.map((item) => `• ${escapeHtml(describe(ctx, locale, item))}`),
    ...(drafted.length > shown.length
      ? [ctx.t('drafting-drafts-more', { shown: shown.length, total: drafted.length })]
      : []),
  ];
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML', reply_markup: keyboard });
}

export function draftingFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('draft', async (ctx) => {
    const active = await activeCaseOrExplain(app, ctx);
    if (!active) return;
    // Only the exhibits are counted here; the analysis, the writing and the files are the job's work, so
    // the lawyer is answered at once and sees the job's progress.
    if ((await app.evidence.count(ctx.lawyer.id, active.id)) === 0) {
      // A brief argues from exhibits: with none there is nothing to draft yet.
      await ctx.reply(ctx.t('drafting-no-evidence', { clientName: escapeHtml(active.clientName) }), {
        parse_mode: 'HTML',
      });
      return;
    }
    // One job per update: a redelivered /draft finds the job it already started.
    await app.jobs.enqueue(
      'draft-brief',
      { lawyerId: ctx.lawyer.id, caseId: active.id, lawyer: await lawyerTarget(ctx) },
      { singletonKey: `update:${String(ctx.update.update_id)}` },
    );
    await ctx.reply(ctx.t('drafting-started', { clientName: escapeHtml(active.clientName) }), {
      parse_mode: 'HTML',
    });
  });

  feature.command('letters', async (ctx) => {
    const active = await activeCaseOrExplain(app, ctx);
    if (!active) return;
    const clientName = escapeHtml(active.clientName);
    const recommenders = recommendersOf(await app.intake.profile(ctx.lawyer.id, active.id));
    if (recommenders.length === 0) {
      await ctx.reply(ctx.t('drafting-letters-no-recommenders', { clientName }), { parse_mode: 'HTML' });
      return;
    }
    await app.jobs.enqueue(
      'draft-letters',
      { lawyerId: ctx.lawyer.id, caseId: active.id, lawyer: await lawyerTarget(ctx) },
      { singletonKey: `update:${String(ctx.update.update_id)}` },
    );
    await ctx.reply(ctx.t('drafting-letters-started', { clientName, count: recommenders.length }), {
      parse_mode: 'HTML',
    });
  });

  feature.command('drafts', (ctx) => listDrafts(app, ctx));

  feature.callbackQuery(SEND_AGAIN, async (ctx) => {
    let saved;
    try {
      // Ownership is checked in core: another lawyer's id, or a made-up one, is "not found".
      saved = await app.deliverables.get(ctx.lawyer.id, ctx.match[1] ?? '');
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await ctx.answerCallbackQuery({ text: ctx.t('drafting-drafts-gone'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.replyWithDocument(new InputFile(saved.bytes, saved.fileName), {
      caption: describe(ctx, resolveLocale(await ctx.i18n.getLocale()), saved).slice(0, 1024),
    });
  });

  return feature;
}
