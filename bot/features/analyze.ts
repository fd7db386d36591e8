// /analyze: the active case's exhibits and intake profile through the EB-1A engine, as one readable
// report — where the case stands against the three criteria needed, why, the risks, and what to do next.
import { Composer, InlineKeyboard } from 'grammy';
import type { App } from '../../core/app.ts';
import type { CaseAnalysis, CriterionAssessment, Verdict } from '../../core/eb1a/analysis.ts';
import { analyzeCase } from '../../core/eb1a/analysis.ts';
import { exhibitRef } from '../../core/eb1a/evidence.ts';
import { analysisItems } from '../../core/eb1a/evidence-store.ts';
import { hygieneLines, summarizeAnalysis, verdictLabel } from '../../core/eb1a/render.ts';
import type { BotContext } from '../context.ts';
import { html, replyLong } from '../telegram-text.ts';
import { activeCaseOrExplain } from './cases.ts';
import { MENU } from './start.ts';

const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  met: '✅',
  likely: '🟡',
  weak: '⚠️',
  not_claimed: '▫️',
};

const MAX_RISKS = 8;
const MAX_ACTIONS = 7;

/** The one thing to read about a criterion: why it is met, or what it lacks. */
function mainPoint(assessment: CriterionAssessment): string | undefined {
  if (assessment.verdict === 'met') return assessment.reasons[0];
  return assessment.missing[0] ?? assessment.reasons[0];
}

function criterionLine(assessment: CriterionAssessment): string {
  const mark = VERDICT_MARK[assessment.verdict];
  if (assessment.verdict === 'not_claimed') return html`${mark} ${assessment.label}: not claimed`;
  const point = mainPoint(assessment);
  const head = html`${mark} <b>${assessment.label}</b>: ${verdictLabel(assessment.verdict)} (${exhibitRef(assessment.exhibitNumbers)})`;
  return point === undefined ? head : `${head}\n    ${html`${point}`}`;
}

function bulletList(lines: readonly string[], max: number): string[] {
  const shown = lines.slice(0, max).map((line) => html`• ${line}`);
  if (lines.length > max) shown.push(html`• …and ${lines.length - max} more`);
  return shown;
}

/** The report as Telegram HTML; long reports are split by `replyLong`. */
export function renderAnalysis(analysis: CaseAnalysis, caseName: string): string {
  const summary = summarizeAnalysis(analysis);
  const achievement = analysis.oneTimeAchievement
    ? html`One-time achievement: ${analysis.oneTimeAchievement.award} (${exhibitRef([analysis.oneTimeAchievement.exhibitNumber])}) establishes eligibility on its own.`
    : html`No one-time achievement (a major international award such as a Nobel Prize), so at least ${analysis.needed} of the ten criteria must be met.`;
  const missing = analysis.criteria.filter((c) => c.verdict !== 'met');
  const sections = [
    html`<b>EB-1A analysis: ${caseName}</b>`,
    html`<b>${summary.headline}</b>\n${analysis.overallReason}`,
    achievement,
    [
      html`<b>Criteria</b> (8 CFR 204.5(h)(3)): ${analysis.metCount} met, ${analysis.likelyCount} likely, ${analysis.needed} needed`,
      ...analysis.criteria.map(criterionLine),
    ].join('\n'),
  ];
  if (missing.length > 0 && !analysis.stepOneSatisfied) {
    sections.push(html`Not met yet: ${missing.map((c) => c.label).join('; ')}.`);
  }
  const risks = [...new Set(analysis.criteria.flatMap((c) => c.rfeRisks))];
  if (risks.length > 0) sections.push([html`<b>RFE risks</b>`, ...bulletList(risks, MAX_RISKS)].join('\n'));
  const hygiene = hygieneLines(analysis);
  if (hygiene.length > 0)
    sections.push([html`<b>Evidence hygiene</b>`, ...bulletList(hygiene, MAX_RISKS)].join('\n'));
  if (!analysis.continuingWork.satisfied) {
    sections.push(
      html`<b>Continuing work in the US</b> (8 CFR 204.5(h)(5)): ${analysis.continuingWork.detail}`,
    );
  }
  if (analysis.nextActions.length > 0) {
    const actions = analysis.nextActions
      .slice(0, MAX_ACTIONS)
      .map(
        (action, index) =>
          html`${index + 1}. <b>${capitalize(action.impact)}</b>: ${action.action}\n    <i>${action.why}</i>`,
      );
    sections.push([html`<b>Next actions</b>, most important first`, ...actions].join('\n'));
  }
  return sections.join('\n\n');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

async function analyze(app: App, ctx: BotContext): Promise<void> {
  const active = await activeCaseOrExplain(app, ctx);
  if (!active) return;
  const [evidence, profile] = await Promise.all([
    app.evidence.list(ctx.lawyer.id, active.id),
    app.intake.profile(ctx.lawyer.id, active.id),
  ]);
  if (evidence.length === 0) {
    await ctx.reply(
      html`<b>${active.clientName}</b>’s case has no exhibits yet, so there is nothing to weigh against the criteria. Add evidence with /evidence, then send /analyze.`,
      { parse_mode: 'HTML', reply_markup: new InlineKeyboard().text('Add evidence', MENU.evidence) },
    );
    return;
  }
  const analysis = await app.span('eb1a.analyze', () =>
    analyzeCase({
      evidence: analysisItems(evidence),
      profile: { field: active.fieldOfEndeavor, clientName: active.clientName, ...profile },
      asOfYear: new Date().getUTCFullYear(),
    }),
  );
  ctx.log.info(
    { caseId: active.id, exhibits: evidence.length, met: analysis.metCount, overall: analysis.overall },
    'case analyzed',
  );
  await replyLong(ctx, renderAnalysis(analysis, active.clientName), {
    filename: 'eb1a-analysis.txt',
    caption: `EB-1A analysis of ${active.clientName}’s case`,
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
