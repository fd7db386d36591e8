// /analyze: the active case through the analysis service, rendered in the lawyer's language as one readable
// report — where the case stands against the three criteria needed, why, the risks, and what to do next.
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import { renderAnalysis } from '../../core/eb1a/render-analysis.ts';
import { resolveLocale } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml, replyLong } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';
import { MENU } from './start.ts';

async function analyze(app: App, ctx: BotContext): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active) return;
  const { analysis, exhibitCount } = await app.analysis.forCase(ctx.lawyer.id, active.id);
  const clientName = escapeHtml(active.clientName);
  if (exhibitCount === 0) {
    await ctx.reply(ctx.t('analysis-no-exhibits', { clientName }), {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard().text(ctx.t('analysis-add-evidence'), MENU.evidence),
    });
    return;
  }
  ctx.log.info(
    { caseId: active.id, exhibits: exhibitCount, met: analysis.metCount, overall: analysis.overall },
    'case analyzed',
  );
  const locale = resolveLocale(await ctx.i18n.getLocale());
  const report = renderAnalysis(
    analysis,
    { locale, caseName: active.clientName, format: 'html' },
    app.translator,
  );
  await replyLong(ctx, report, {
    filename: 'eb1a-analysis.txt',
    caption: ctx.t('analysis-caption', { clientName: active.clientName }),
  });
}

export function analyzeFeature(app: App): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('analyze', (ctx) => analyze(app, ctx));

  feature.callbackQuery(MENU.analyze, async (ctx) => {
    await ctx.answerCallbackQuery();
    await analyze(app, ctx);
  });

  return feature;
}
