// Plain-text lines that present an analysis and the exhibit list; the bot and the terminal chat format them.
import type { CaseAnalysis, CriterionAssessment, Impact, OverallAssessment, Verdict } from './analysis.ts';
import { criterionLabel } from './criteria.ts';
import { exhibitRef } from './evidence.ts';
import type { Evidence } from './evidence.ts';

const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  met: 'Met',
  likely: 'Likely',
  weak: 'Weak',
  not_claimed: 'Not claimed',
};

const OVERALL_LABELS: Readonly<Record<OverallAssessment, string>> = {
  strong: 'Strong case',
  borderline: 'Borderline case',
  insufficient: 'Insufficient as it stands',
};

const IMPACT_LABELS: Readonly<Record<Impact, string>> = {
  decisive: 'Decisive',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_LABELS[verdict];
}

export interface AnalysisSummary {
  /** One sentence: the overall assessment and the count against the three needed. */
  headline: string;
  /** One line per criterion, in regulation order. */
  criterionLines: string[];
  /** The most impactful next steps, first first. */
  nextActions: string[];
}

export interface SummaryOptions {
  /** How many next actions to list; the rest stay in the analysis. Default 5. */
  maxActions?: number;
  /** Also list criteria the petition does not claim. Default true: the lawyer sees the whole map. */
  includeUnclaimed?: boolean;
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

function headlineOf(analysis: CaseAnalysis): string {
  const counts = `${plural(analysis.metCount, 'criterion', 'criteria')} met, ${String(analysis.likelyCount)} likely (${String(analysis.needed)} needed)`;
  const achievement = analysis.oneTimeAchievement
    ? `one-time achievement, ${analysis.oneTimeAchievement.award} (${exhibitRef([analysis.oneTimeAchievement.exhibitNumber])}); `
    : '';
  return `${OVERALL_LABELS[analysis.overall]}: ${achievement}${counts}.`;
}

function criterionLine(assessment: CriterionAssessment): string {
  const exhibits = assessment.exhibitNumbers.length > 0 ? ` (${exhibitRef(assessment.exhibitNumbers)})` : '';
  return `${verdictLabel(assessment.verdict)}: ${assessment.label}${exhibits}`;
}

export function summarizeAnalysis(analysis: CaseAnalysis, options: SummaryOptions = {}): AnalysisSummary {
  const maxActions = options.maxActions ?? 5;
  const includeUnclaimed = options.includeUnclaimed ?? true;
  return {
    headline: headlineOf(analysis),
    criterionLines: analysis.criteria
      .filter((assessment) => includeUnclaimed || assessment.verdict !== 'not_claimed')
      .map(criterionLine),
    nextActions: analysis.nextActions
      .slice(0, maxActions)
      .map((action) => `${IMPACT_LABELS[action.impact]}: ${action.action}`),
  };
}

export interface CriterionDetail {
  heading: string;
  lines: string[];
}

/** Everything the analysis says about one criterion: why, what is missing, what an officer may object to. */
export function criterionDetail(assessment: CriterionAssessment): CriterionDetail {
  const lines = [
    ...assessment.reasons,
    ...assessment.missing.map((step) => `Missing: ${step}`),
    ...assessment.rfeRisks.map((risk) => `RFE risk: ${risk}`),
  ];
  return {
    heading: `${assessment.label}, ${assessment.cite}: ${verdictLabel(assessment.verdict)}`,
    lines: lines.length > 0 ? lines : ['No exhibit filed under this criterion.'],
  };
}

/** The final-merits signals and the (h)(5) showing, one line each. */
export function finalMeritsLines(analysis: CaseAnalysis): string[] {
  return [
    ...analysis.finalMerits.map(
      (signal) => `${signal.present ? 'Yes' : 'Not yet'}: ${signal.label}. ${signal.detail}`,
    ),
    `${analysis.continuingWork.satisfied ? 'Yes' : 'Not yet'}: Continuing work in the US. ${analysis.continuingWork.detail}`,
  ];
}

export function hygieneLines(analysis: CaseAnalysis): string[] {
  return analysis.hygiene.map((issue) => issue.message);
}

/** "Exhibit 3: Reviewer record, IEEE TMI [(iv) Judging]" — one line of the exhibit index. */
export function exhibitLine(evidence: Evidence): string {
  return `${exhibitRef([evidence.exhibitNumber])}: ${evidence.title} [${criterionLabel(evidence.criterion)}]`;
}

/** The exhibit index in exhibit order. */
export function exhibitIndex(evidence: readonly Evidence[]): string[] {
  return [...evidence].sort((a, b) => a.exhibitNumber - b.exhibitNumber).map(exhibitLine);
}
