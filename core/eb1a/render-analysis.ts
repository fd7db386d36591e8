// The analysis as text in the lawyer's language: findings through the Fluent messages of analysis.ftl, so the
// bot, the terminal chat and the HTTP API say the same thing. HTML for Telegram, plain text elsewhere.
import { FluentNumber, type FluentVariable } from '@fluent/bundle';
import type { Locale, TranslationParams, Translator } from '../i18n/i18n.ts';
import { FINDING_CODES, MERITS_SIGNAL_IDS } from './analysis.ts';
import type {
  CaseAnalysis,
  CriterionAssessment,
  Finding,
  FindingCode,
  FindingParam,
  Verdict,
} from './analysis.ts';
import { CRITERIA, isCriterionId } from './criteria.ts';
import type { CriterionId } from './criteria.ts';

export type RenderFormat = 'html' | 'text';

export interface RenderOptions {
  locale: Locale;
  /** The client's name, as the case is called. */
  caseName: string;
  format: RenderFormat;
  /** How many next actions to list (default 7) and how many RFE risks or hygiene problems (default 8). */
  maxActions?: number;
  maxItems?: number;
}

/** The message of a finding code: `award.employer_internal` → `analysis-finding-award-employer-internal`. */
export function findingKey(code: FindingCode): string {
  return `analysis-finding-${code.replace(/[._]/g, '-')}`;
}

/** Every message a finding can render to (the locale test holds the files to this list). */
export const FINDING_KEYS: readonly string[] = FINDING_CODES.map(findingKey);

const VERDICT_MARK: Readonly<Record<Verdict, string>> = {
  met: '✅',
  likely: '🟡',
  weak: '⚠️',
  not_claimed: '▫️',
};

// Years print as written, never with a thousands separator.
const YEAR_PARAMS = new Set(['year', 'first', 'last']);
// Read as ordinals where the language has them ("the 81st percentile").
const ORDINAL_PARAMS = new Set(['percentile']);
// Fluent selects plural variants with these options, so an ordinal number selects "one", "two", "few".
const ORDINAL: Intl.NumberFormatOptions & Intl.PluralRulesOptions = { type: 'ordinal' };
// Enumerated values worded per language: lists of them are joined in the lawyer's language.
const TOKEN_LIST_PARAMS = new Set(['parts', 'signals']);

/** Text made safe inside a Telegram HTML message. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface AnalysisRenderer {
  /** One finding as a sentence. */
  finding(item: Finding): string;
  /** "(iii) Published material about the person". */
  criterionLabel(criterion: CriterionId): string;
  /** "Exhibit 3", "Exhibits 1 and 4". */
  exhibits(numbers: readonly number[]): string;
  /** The whole report. */
  report(analysis: CaseAnalysis): string;
}

export function createAnalysisRenderer(translator: Translator, options: RenderOptions): AnalysisRenderer {
  const { locale, format } = options;
  const maxActions = options.maxActions ?? 7;
  const maxItems = options.maxItems ?? 8;
  const html = format === 'html';
  const t = (key: string, params?: TranslationParams) => translator.t(locale, key, params);
  const esc = (text: string) => (html ? escapeHtml(text) : text);
  const bold = (text: string) => (html ? `<b>${text}</b>` : text);
  const italic = (text: string) => (html ? `<i>${text}</i>` : text);
  // British English lists ("1, 2 and 7"), as the petition's own exhibit references read.
  const lists = new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { type: 'conjunction' });

  const exhibits = (numbers: readonly number[]) => {
    const sorted = [...new Set(numbers)].sort((a, b) => a - b);
    return t('analysis-exhibits', { count: sorted.length, list: lists.format(sorted.map(String)) });
  };
  const criterionLabel = (criterion: CriterionId) => t('analysis-criterion-label', { criterion });
  /** The label with its exact citation: "(iii) Published material about the person — 8 CFR 204.5(h)(3)(iii)". */
  const citedLabel = (criterion: CriterionId) => `${criterionLabel(criterion)} — ${CRITERIA[criterion].cite}`;

  function param(name: string, value: FindingParam): FluentVariable {
    if (typeof value === 'number') {
      if (YEAR_PARAMS.has(name)) return String(value);
      return ORDINAL_PARAMS.has(name) ? new FluentNumber(value, ORDINAL) : value;
    }
    if (typeof value !== 'string') {
      const words = value.map((token) =>
        TOKEN_LIST_PARAMS.has(name) ? t('analysis-token', { token }) : token,
      );
      return esc(lists.format(words));
    }
    if (name === 'criterion' && isCriterionId(value)) return criterionLabel(value);
    return esc(value);
  }

  function finding(item: Finding): string {
    const params: Record<string, FluentVariable> = {};
    for (const [name, value] of Object.entries(item.params)) params[name] = param(name, value);
    const criterion =
      item.criterion ?? (typeof item.params.criterion === 'string' ? item.params.criterion : '');
    if (isCriterionId(criterion)) {
      params.criterion = criterionLabel(criterion);
      params.requirement = t('analysis-requirement', { criterion });
    }
    params.exhibits = exhibits(item.exhibits);
    return t(findingKey(item.code), params);
  }

  /** The sentence without its leading "Exhibit 6: ", where the exhibit is already named. */
  function withoutExhibitPrefix(item: Finding, text: string): string {
    const prefix = `${exhibits(item.exhibits)}: `;
    if (!text.startsWith(prefix)) return text;
    const rest = text.slice(prefix.length);
    return rest.charAt(0).toLocaleUpperCase(locale) + rest.slice(1);
  }

  function bullets(lines: readonly string[]): string[] {
    const shown = lines.slice(0, maxItems).map((line) => `• ${line}`);
    if (lines.length > maxItems) shown.push(`• ${t('analysis-more', { count: lines.length - maxItems })}`);
    return shown;
  }

  function verdictOf(assessment: CriterionAssessment): string {
    if (assessment.verdict === 'met') {
      return t('analysis-verdict', { verdict: assessment.documented ? 'met_documented' : 'met_facts' });
    }
    return t('analysis-verdict', { verdict: assessment.verdict });
  }

  /** One line per criterion: mark, label and citation, verdict, the exhibits that count, and the main point. */
  function criterionLine(assessment: CriterionAssessment): string {
    const mark = VERDICT_MARK[assessment.verdict];
    const label = bold(esc(citedLabel(assessment.criterion)));
    if (assessment.verdict === 'not_claimed') return `${mark} ${label}: ${verdictOf(assessment)}`;
    const parts = [assessment.supportingExhibits.length > 0 ? exhibits(assessment.supportingExhibits) : ''];
    // A met criterion lists only what counts; exhibits left out are named in their own section.
    if (assessment.verdict !== 'met' && assessment.excludedExhibits.length > 0) {
      parts.push(t('analysis-criterion-excluded', { exhibits: exhibits(assessment.excludedExhibits) }));
    }
    const shown = parts.filter((part) => part !== '').join('; ');
    const head = `${mark} ${label}: ${verdictOf(assessment)}${shown ? ` (${shown})` : ''}`;
    if (assessment.verdict === 'met') return head;
    const point = assessment.missing[0] ?? assessment.reasons[0];
    return point ? `${head}\n    ${finding(point)}` : head;
  }

  function report(analysis: CaseAnalysis): string {
    const signals = MERITS_SIGNAL_IDS.length;
    const headline = t('analysis-headline', {
      overall: analysis.overall,
      met: analysis.metCount,
      likely: analysis.likelyCount,
      needed: analysis.needed,
    });
    const why =
      analysis.overall === 'strong'
        ? t('analysis-overall-strong', { merits: analysis.meritsPresent, signals })
        : analysis.overall === 'insufficient'
          ? t('analysis-overall-insufficient', { needed: analysis.needed })
          : t('analysis-overall-borderline', {
              gaps: lists.format(
                analysis.overallGaps.map((gap) =>
                  t('analysis-gap', { gap, merits: analysis.meritsPresent, signals }),
                ),
              ),
            });
    const achievement = analysis.oneTimeAchievement
      ? t('analysis-achievement', {
          award: esc(analysis.oneTimeAchievement.award),
          exhibits: exhibits([analysis.oneTimeAchievement.exhibitNumber]),
        })
      : t('analysis-no-achievement', { needed: analysis.needed });
    const sections = [
      bold(t('analysis-title', { caseName: esc(options.caseName) })),
      `${bold(headline)}\n${why}`,
      achievement,
      [bold(t('analysis-criteria-heading')), ...analysis.criteria.map(criterionLine)].join('\n'),
    ];
    if (analysis.excluded.length > 0) {
      sections.push(
        [
          bold(t('analysis-excluded-heading')),
          ...bullets(
            analysis.excluded.map((item) =>
              t('analysis-excluded', {
                exhibits: exhibits([item.exhibitNumber]),
                criterion: criterionLabel(item.criterion),
                reasons: item.reasons
                  .map((reason) => withoutExhibitPrefix(reason, finding(reason)))
                  .join(' '),
              }),
            ),
          ),
        ].join('\n'),
      );
    }
    const documents = analysis.criteria.flatMap((assessment) => assessment.documentsMissing);
    if (documents.length > 0) {
      sections.push([bold(t('analysis-documents-heading')), ...bullets(documents.map(finding))].join('\n'));
    }
    const notMet = analysis.criteria.filter((assessment) => assessment.verdict !== 'met');
    if (!analysis.stepOneSatisfied && notMet.length > 0) {
      sections.push(
        t('analysis-not-met', {
          criteria: notMet.map((assessment) => esc(criterionLabel(assessment.criterion))).join('; '),
        }),
      );
    }
    const risks = [...new Set(analysis.criteria.flatMap((assessment) => assessment.rfeRisks.map(finding)))];
    if (risks.length > 0) sections.push([bold(t('analysis-rfe-heading')), ...bullets(risks)].join('\n'));
    if (analysis.hygiene.length > 0) {
      sections.push(
        [
          bold(t('analysis-hygiene-heading')),
          ...bullets(analysis.hygiene.map((issue) => finding(issue.finding))),
        ].join('\n'),
      );
    }
    sections.push(
      [
        bold(
          t('analysis-merits-heading', {
            present: analysis.meritsPresent,
            total: analysis.finalMerits.length,
          }),
        ),
        ...analysis.finalMerits.map(
          (signal) =>
            `${signal.present ? '✅' : '▫️'} ${bold(t('analysis-merits-signal', { signal: signal.id }))}: ${finding(signal.detail)}`,
        ),
      ].join('\n'),
    );
    sections.push(
      `${analysis.continuingWork.satisfied ? '✅' : '⚠️'} ${bold(t('analysis-continuing-heading'))}: ${finding(analysis.continuingWork.detail)}`,
    );
    if (analysis.nextActions.length > 0) {
      const actions = analysis.nextActions
        .slice(0, maxActions)
        .map(
          (action, index) =>
            `${String(index + 1)}. ${bold(t('analysis-impact', { impact: action.impact }))}: ${finding(action.action)}\n    ${italic(finding(action.why))}`,
        );
      sections.push([bold(t('analysis-actions-heading')), ...actions].join('\n'));
    }
    return sections.join('\n\n');
  }

  return { finding, criterionLabel, exhibits, report };
}

/** The report in the lawyer's language and the door's format. */
export function renderAnalysis(
  analysis: CaseAnalysis,
  options: RenderOptions,
  translator: Translator,
): string {
  return createAnalysisRenderer(translator, options).report(analysis);
}
