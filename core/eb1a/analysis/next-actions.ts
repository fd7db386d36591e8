// What to do next, most impactful first: each action is a finding with its impact and why it matters.
import { CRITERIA_NEEDED } from '../criteria.ts';
import { finding } from './findings.ts';
import type {
  ContinuingWork,
  CriterionAssessment,
  HygieneIssue,
  Impact,
  MeritsSignal,
  NextAction,
} from './types.ts';

/** Signals of the final merits a strong case shows, out of seven [practice]. */
export const MERITS_FOR_STRONG = 3;

const IMPACT_RANK: Record<Impact, number> = { decisive: 0, high: 1, medium: 2, low: 3 };

/** Criteria that rarely readily apply outside the arts; not suggested to look for. */
const ARTS_ONLY = new Set(['exhibitions', 'commercial_success']);

export function nextActionsFor(
  criteria: readonly CriterionAssessment[],
  hygiene: readonly HygieneIssue[],
  merits: readonly MeritsSignal[],
  continuingWork: ContinuingWork,
  stepOneSatisfied: boolean,
  metCount: number,
): NextAction[] {
  const actions: NextAction[] = [];
  const progress = { met: metCount, needed: CRITERIA_NEEDED };
  const short = Math.max(0, CRITERIA_NEEDED - metCount);

  if (!continuingWork.satisfied) {
    actions.push({
      impact: 'decisive',
      action: finding('action.document_continuing_work'),
      why: finding('why.continuing_work_required'),
    });
  }
  for (const assessment of criteria) {
    if (assessment.verdict !== 'likely') continue;
    const { criterion } = assessment;
    for (const step of assessment.missing) {
      actions.push({
        impact: stepOneSatisfied ? 'medium' : 'decisive',
        action: step,
        why: stepOneSatisfied
          ? finding('why.likely_to_met_buffer', [], { criterion }, criterion)
          : finding('why.likely_to_met', [], { criterion, ...progress }, criterion),
      });
    }
  }
  for (const issue of hygiene) {
    actions.push({
      impact: 'high',
      action: issue.finding,
      why: finding('why.hygiene', [issue.exhibitNumber]),
    });
  }
  for (const assessment of criteria) {
    for (const documents of assessment.documentsMissing) {
      actions.push({
        impact: 'high',
        action: documents,
        why: finding(
          'why.documents',
          documents.exhibits,
          { criterion: assessment.criterion },
          assessment.criterion,
        ),
      });
    }
  }
  for (const assessment of criteria) {
    if (assessment.verdict !== 'weak') continue;
    const { criterion } = assessment;
    actions.push({
      impact: stepOneSatisfied ? 'low' : 'high',
      action:
        assessment.missing[0] ??
        finding('action.strengthen_or_drop', assessment.exhibitNumbers, { criterion }, criterion),
      why: stepOneSatisfied
        ? finding('why.weak_buffer', [], { criterion }, criterion)
        : finding('why.weak_short', [], { criterion, ...progress, short }, criterion),
    });
  }
  if (!stepOneSatisfied) {
    for (const { criterion, verdict } of criteria) {
      if (verdict !== 'not_claimed' || ARTS_ONLY.has(criterion)) continue;
      actions.push({
        impact: 'medium',
        action: finding('action.look_for_criterion', [], { criterion }, criterion),
        why: finding('why.not_claimed', [], { criterion, ...progress }, criterion),
      });
    }
  }
  const meritsMatter = merits.filter((signal) => signal.present).length < MERITS_FOR_STRONG;
  for (const signal of merits) {
    if (signal.present) continue;
    actions.push({
      impact: stepOneSatisfied && meritsMatter ? 'high' : 'low',
      action: signal.detail,
      why: finding('why.final_merits', [], { signal: signal.id }),
    });
  }
  // A stable sort keeps the order above inside each impact level: required elements, then cheap fixes.
  return actions.sort((a, b) => IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact]);
}
