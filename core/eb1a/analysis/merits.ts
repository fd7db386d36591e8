// Kazarian step 2, the final merits: the signals the USCIS Policy Manual names, read from the whole record,
// and the showing of continuing work in the US (8 CFR 204.5(h)(5)).
import { finding } from './findings.ts';
import { isIndependentExpertLetter } from './contributions.ts';
import type { AnalysisItem, CaseProfile, ClaimAssessment, ContinuingWork, MeritsSignal } from './types.ts';

const YEAR_IN_TEXT = /\b(19|20)\d{2}\b/;

function yearsOf(item: AnalysisItem): number[] {
  const f: Record<string, unknown> = item.fields;
  const years = ['year', 'sinceYear', 'startYear', 'endYear']
    .map((key) => f[key])
    .filter((value): value is number => typeof value === 'number');
  if (item.criterion === 'published_material' && item.fields.publicationDate !== undefined) {
    const match = YEAR_IN_TEXT.exec(item.fields.publicationDate);
    if (match) years.push(Number(match[0]));
  }
  return years;
}

// A three-year span and acclaim no older than three years are our reading of "sustained" [practice].
const SUSTAINED_SPAN_YEARS = 3;
const STALE_AFTER_YEARS = 3;

function sustainedSignal(evidence: readonly AnalysisItem[], asOfYear: number | undefined): MeritsSignal {
  const years = evidence.flatMap(yearsOf);
  if (years.length === 0) {
    return { id: 'sustained', present: false, detail: finding('merits.sustained.no_dates') };
  }
  const first = Math.min(...years);
  const last = Math.max(...years);
  const span = last - first;
  if (asOfYear !== undefined && asOfYear - last > STALE_AFTER_YEARS) {
    return { id: 'sustained', present: false, detail: finding('merits.sustained.stale', [], { last }) };
  }
  const present = span >= SUSTAINED_SPAN_YEARS;
  return {
    id: 'sustained',
    present,
    detail: finding(present ? 'merits.sustained.spans' : 'merits.sustained.short', [], { first, last, span }),
  };
}

function exhibitSignal(
  id: 'independent_recognition' | 'ranked_venues',
  exhibits: readonly number[],
): MeritsSignal {
  return exhibits.length > 0
    ? { id, present: true, detail: finding(`merits.${id}.present`, exhibits) }
    : { id, present: false, detail: finding(`merits.${id}.absent`) };
}

function citationsSignal(evidence: readonly AnalysisItem[], profile: CaseProfile): MeritsSignal {
  const aboveBenchmark = evidence
    .filter(
      (item) =>
        item.criterion === 'original_contributions' &&
        item.fields.citations !== undefined &&
        item.fields.fieldCitationBenchmark !== undefined &&
        item.fields.citations >= item.fields.fieldCitationBenchmark,
    )
    .map((item) => item.exhibitNumber);
  const articleCitations = evidence.reduce(
    (sum, item) => sum + (item.criterion === 'scholarly_articles' ? (item.fields.citations ?? 0) : 0),
    0,
  );
  const params = { total: profile.totalCitations ?? articleCitations, hIndex: profile.hIndex ?? -1 };
  return aboveBenchmark.length > 0
    ? { id: 'citations', present: true, detail: finding('merits.citations.present', aboveBenchmark, params) }
    : { id: 'citations', present: false, detail: finding('merits.citations.absent', [], params) };
}

export function finalMeritsSignals(
  evidence: readonly AnalysisItem[],
  claims: ReadonlyMap<AnalysisItem, ClaimAssessment>,
  profile: CaseProfile,
  asOfYear: number | undefined,
): MeritsSignal[] {
  const counts = (item: AnalysisItem) => claims.get(item)?.verdict !== 'weak';
  const independent = evidence
    .filter(
      (item) =>
        ((item.criterion === 'published_material' || item.criterion === 'awards') && counts(item)) ||
        isIndependentExpertLetter(item) ||
        (item.criterion === 'original_contributions' && item.fields.adoptedByOthers === true),
    )
    .map((item) => item.exhibitNumber);
  const rankedVenues = evidence
    .filter(
      (item) =>
        item.criterion === 'scholarly_articles' &&
        item.fields.venueRanking === 'top' &&
        item.fields.authorRole !== 'co_author',
    )
    .map((item) => item.exhibitNumber);
  const talks = profile.invitedTalks ?? 0;
  const rankedOrganization = evidence.some(
    (item) => item.criterion === 'leading_role' && item.fields.reputationEvidence === 'rankings',
  );
  const topInstitution = profile.topRankedInstitution === true || rankedOrganization;
  const grants = profile.competitiveGrants?.trim() ?? '';
  return [
    sustainedSignal(evidence, asOfYear),
    exhibitSignal('independent_recognition', independent),
    exhibitSignal('ranked_venues', rankedVenues),
    citationsSignal(evidence, profile),
    talks > 0
      ? {
          id: 'invited_talks',
          present: true,
          detail: finding('merits.invited_talks.present', [], { count: talks }),
        }
      : { id: 'invited_talks', present: false, detail: finding('merits.invited_talks.absent') },
    {
      id: 'top_institution',
      present: topInstitution,
      detail: finding(topInstitution ? 'merits.top_institution.present' : 'merits.top_institution.absent'),
    },
    grants !== ''
      ? {
          id: 'competitive_grants',
          present: true,
          detail: finding('merits.competitive_grants.present', [], { grants }),
        }
      : { id: 'competitive_grants', present: false, detail: finding('merits.competitive_grants.absent') },
  ];
}

export function continuingWorkOf(profile: CaseProfile): ContinuingWork {
  switch (profile.usPlanEvidence) {
    case 'job_offer':
    case 'contracts':
    case 'detailed_statement':
      return { satisfied: true, detail: finding(`continuing.${profile.usPlanEvidence}`) };
    case 'brief_statement':
      return { satisfied: false, detail: finding('continuing.brief_statement') };
    case 'none':
    case undefined:
      return {
        satisfied: false,
        detail: finding(profile.usPlans?.trim() ? 'continuing.plans_undocumented' : 'continuing.none'),
      };
  }
}
