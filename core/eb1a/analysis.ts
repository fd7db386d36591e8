// The deterministic EB-1A analysis: each claim against its criterion's table (Kazarian step 1), the count of
// criteria met, then the final merits, continuing work and next actions. It returns findings, never prose.
import { CRITERIA_NEEDED, CRITERION_IDS } from './criteria.ts';
import type { CriterionId } from './criteria.ts';
import type { EvidenceOf } from './evidence.ts';
import { assessContribution, poolContributions } from './analysis/contributions.ts';
import { finding } from './analysis/findings.ts';
import type { Finding } from './analysis/findings.ts';
import { checkHygiene } from './analysis/hygiene.ts';
import { continuingWorkOf, finalMeritsSignals } from './analysis/merits.ts';
import { MERITS_FOR_STRONG, nextActionsFor } from './analysis/next-actions.ts';
import { RULES, assessByRules, better, isMajorInternationalAward, worse } from './analysis/rules.ts';
import type {
  AnalysisItem,
  CaseAnalysis,
  CaseInput,
  ClaimAssessment,
  ClaimVerdict,
  CriterionAssessment,
  ExcludedExhibit,
  HygieneIssue,
  OneTimeAchievement,
  OverallAssessment,
  OverallGap,
} from './analysis/types.ts';

export { FINDING_CODES } from './analysis/findings.ts';
export type { Finding, FindingCode, FindingParam, FindingParams } from './analysis/findings.ts';
export { checkHygiene } from './analysis/hygiene.ts';
export { isMajorInternationalAward } from './analysis/rules.ts';
export { MERITS_SIGNAL_IDS } from './analysis/types.ts';
export type * from './analysis/types.ts';

function assessClaim(item: AnalysisItem): ClaimAssessment {
  switch (item.criterion) {
    case 'awards':
      return assessByRules(item, RULES.awards);
    case 'membership':
      return assessByRules(item, RULES.membership);
    case 'published_material':
      return assessByRules(item, RULES.published_material);
    case 'judging':
      return assessByRules(item, RULES.judging);
    case 'original_contributions':
      return assessContribution(item);
    case 'scholarly_articles':
      return assessByRules(item, RULES.scholarly_articles);
    case 'exhibitions':
      return assessByRules(item, RULES.exhibitions);
    case 'leading_role':
      return assessByRules(item, RULES.leading_role);
    case 'high_salary':
      return assessByRules(item, RULES.high_salary);
    case 'commercial_success':
      return assessByRules(item, RULES.commercial_success);
  }
}

function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const item of findings) {
    const key = JSON.stringify([item.code, item.criterion, item.exhibits, item.params]);
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

function ascending(numbers: Iterable<number>): number[] {
  return [...new Set(numbers)].sort((a, b) => a - b);
}

function hasDocuments(item: AnalysisItem): boolean {
  return (item.documentCount ?? 0) > 0;
}

function assessCriterion(
  criterion: CriterionId,
  items: readonly AnalysisItem[],
  claims: ReadonlyMap<AnalysisItem, ClaimAssessment>,
  hygieneByExhibit: ReadonlyMap<number, readonly HygieneIssue[]>,
): CriterionAssessment {
  const assessed = items.flatMap((item) => {
    const claim = claims.get(item);
    return claim ? [{ item, claim }] : [];
  });
  if (assessed.length === 0) {
    return {
      criterion,
      verdict: 'not_claimed',
      exhibitNumbers: [],
      supportingExhibits: [],
      excludedExhibits: [],
      documented: false,
      reasons: [],
      missing: [],
      rfeRisks: [],
      documentsMissing: [],
      claims: [],
    };
  }
  // One qualifying claim meets a criterion, whatever the others show.
  let verdict: ClaimVerdict = assessed.map(({ claim }) => claim.verdict).reduce(better, 'weak');
  const reasons = uniqueFindings(assessed.flatMap(({ claim }) => claim.reasons));
  let missing = uniqueFindings(assessed.flatMap(({ claim }) => claim.missing));
  if (criterion === 'original_contributions') {
    const contributions = items.filter(
      (item): item is EvidenceOf<'original_contributions'> & AnalysisItem =>
        item.criterion === 'original_contributions',
    );
    const pooled = poolContributions(contributions, (exhibit) => hygieneByExhibit.has(exhibit));
    verdict = better(verdict, pooled.verdict);
    if (verdict !== 'met') {
      reasons.push(...pooled.reasons);
      missing.push(...pooled.missing);
    }
  }
  if (verdict === 'met') missing = [];
  const supporting = assessed.filter(({ claim }) => !claim.excluded);
  const undocumented = supporting.filter(({ item }) => !hasDocuments(item));
  const documentsMissing =
    verdict === 'weak'
      ? []
      : ascending(undocumented.map(({ item }) => item.exhibitNumber)).map((exhibit) => {
          const item = undocumented.find((candidate) => candidate.item.exhibitNumber === exhibit)?.item;
          return finding('criterion.documents_missing', [exhibit], { title: item?.title ?? '' }, criterion);
        });
  return {
    criterion,
    verdict,
    exhibitNumbers: ascending(assessed.map(({ item }) => item.exhibitNumber)),
    supportingExhibits: ascending(supporting.map(({ item }) => item.exhibitNumber)),
    excludedExhibits: ascending(
      assessed.filter(({ claim }) => claim.excluded).map(({ item }) => item.exhibitNumber),
    ),
    documented: supporting.length > 0 && undocumented.length === 0,
    reasons,
    missing,
    rfeRisks: uniqueFindings(assessed.flatMap(({ claim }) => claim.rfeRisks)),
    documentsMissing,
    claims: assessed.map(({ claim }) => claim),
  };
}

function findOneTimeAchievement(
  evidence: readonly AnalysisItem[],
  hygieneByExhibit: ReadonlyMap<number, readonly HygieneIssue[]>,
): OneTimeAchievement | null {
  for (const item of evidence) {
    if (
      item.criterion === 'awards' &&
      isMajorInternationalAward(item.fields) &&
      !hygieneByExhibit.has(item.exhibitNumber)
    ) {
      return { exhibitNumber: item.exhibitNumber, award: item.fields.name };
    }
  }
  return null;
}

export function analyzeCase(input: CaseInput): CaseAnalysis {
  const profile = input.profile ?? {};
  const hygiene = checkHygiene(input.evidence);
  const hygieneByExhibit = new Map<number, HygieneIssue[]>();
  for (const issue of hygiene) {
    hygieneByExhibit.set(issue.exhibitNumber, [...(hygieneByExhibit.get(issue.exhibitNumber) ?? []), issue]);
  }

  const claims = new Map<AnalysisItem, ClaimAssessment>();
  for (const item of input.evidence) {
    const claim = assessClaim(item);
    const issues = hygieneByExhibit.get(item.exhibitNumber) ?? [];
    claim.missing.push(...issues.map((issue) => issue.finding));
    // Until the exhibit is fixed it carries no weight, but the fix is clerical, so "likely" tells the truth.
    if (issues.length > 0) claim.verdict = worse(claim.verdict, 'likely');
    claims.set(item, claim);
  }

  const criteria = CRITERION_IDS.map((criterion) =>
    assessCriterion(
      criterion,
      input.evidence.filter((item) => item.criterion === criterion),
      claims,
      hygieneByExhibit,
    ),
  );
  // Step 1 counts criteria, never claims.
  const metCount = criteria.filter((criterion) => criterion.verdict === 'met').length;
  const likelyCount = criteria.filter((criterion) => criterion.verdict === 'likely').length;
  const oneTimeAchievement = findOneTimeAchievement(input.evidence, hygieneByExhibit);
  const stepOneSatisfied = oneTimeAchievement !== null || metCount >= CRITERIA_NEEDED;
  const stepOneReachable = oneTimeAchievement !== null || metCount + likelyCount >= CRITERIA_NEEDED;

  const excluded: ExcludedExhibit[] = [...claims.values()]
    .filter((claim) => claim.excluded)
    .map((claim) => ({
      exhibitNumber: claim.exhibitNumber,
      criterion: claim.criterion,
      reasons: claim.reasons,
    }))
    .sort((a, b) => a.exhibitNumber - b.exhibitNumber);

  const finalMerits = finalMeritsSignals(input.evidence, claims, profile, input.asOfYear);
  const meritsPresent = finalMerits.filter((signal) => signal.present).length;
  const continuingWork = continuingWorkOf(profile);

  let overall: OverallAssessment;
  let overallGaps: OverallGap[] = [];
  if (!stepOneReachable) {
    overall = 'insufficient';
  } else if (stepOneSatisfied && continuingWork.satisfied && meritsPresent >= MERITS_FOR_STRONG) {
    overall = 'strong';
  } else {
    overall = 'borderline';
    overallGaps = [
      ...(stepOneSatisfied ? [] : (['step_one_likely'] as const)),
      ...(continuingWork.satisfied ? [] : (['continuing_work'] as const)),
      ...(meritsPresent >= MERITS_FOR_STRONG ? [] : (['thin_merits'] as const)),
    ];
  }

  return {
    criteria,
    oneTimeAchievement,
    metCount,
    likelyCount,
    needed: CRITERIA_NEEDED,
    stepOneSatisfied,
    excluded,
    finalMerits,
    meritsPresent,
    continuingWork,
    hygiene,
    overall,
    overallGaps,
    nextActions: nextActionsFor(criteria, hygiene, finalMerits, continuingWork, stepOneSatisfied, metCount),
  };
}
