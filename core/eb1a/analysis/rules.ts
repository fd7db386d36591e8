// Kazarian step 1 per criterion, as tables: what blocks a claim, what qualifies it, what holds it at "likely",
// and the RFE triggers an officer looks for. Each requirement and trigger is written once, as a row.
import type { CriterionId } from '../criteria.ts';
import type { AwardFields, EvidenceOf, FieldsByCriterion, SupportLetter } from '../evidence.ts';
import { finding } from './findings.ts';
import type { Finding, FindingCode, FindingParams } from './findings.ts';
import type { ClaimAssessment, ClaimVerdict } from './types.ts';

/** One requirement or trigger: when it applies, how far it caps the claim, and what it says. */
export interface Rule<C extends CriterionId> {
  readonly when: (fields: FieldsByCriterion[C], claim: EvidenceOf<C>) => boolean;
  /** The highest verdict the claim can reach while the rule applies; absent for a warning only. */
  readonly cap?: 'weak' | 'likely';
  /** The claim cannot count at step 1 whatever is added: leave it out of the petition under this criterion. */
  readonly trap?: boolean;
  /** Why the claim falls short. */
  readonly reason?: FindingCode;
  /** What would fix it. */
  readonly fix?: FindingCode;
  /** The RFE trigger it is. */
  readonly rfe?: FindingCode;
}

export interface CriterionRules<C extends CriterionId> {
  /** The facts the findings quote. */
  readonly params: (claim: EvidenceOf<C>) => FindingParams;
  /** Alone establishes eligibility (a one-time achievement); the claim is met and nothing else is checked. */
  readonly establishes?: {
    readonly when: (fields: FieldsByCriterion[C]) => boolean;
    readonly reason: FindingCode;
  };
  /** Any of these holds the claim at weak (or below); when one applies, nothing else is said. */
  readonly blockers: readonly Rule<C>[];
  /** What the claim shows when no blocker applies. */
  readonly qualifies: (fields: FieldsByCriterion[C]) => FindingCode;
  /** Checked once the claim qualifies: caps at likely (or weak) and warnings. */
  readonly cautions: readonly Rule<C>[];
}

const MAJOR_AWARD_NAME =
  /\b(nobel|pulitzer|oscar|academy awards?|olympic (gold |silver |bronze )?medal|olympic (gold|silver|bronze))\b/i;
const NOT_A_WIN = /\b(nominee|nominated|nomination|finalist|shortlist(ed)?|olympiad|longlist(ed)?)\b/i;

/**
 * A major, internationally recognized award proves eligibility alone. The lawyer's explicit answer wins;
 * unanswered, a Nobel, Pulitzer, Oscar or Olympic medal by name counts (nominations do not).
 */
export function isMajorInternationalAward(fields: AwardFields): boolean {
  if (!fields.recipientIsPerson) return false;
  if (fields.majorInternationalAward !== undefined) return fields.majorInternationalAward;
  return MAJOR_AWARD_NAME.test(fields.name) && !NOT_A_WIN.test(fields.name);
}

// Practitioners read many awardees per cycle as a sign of an unselective award [practice].
const MANY_AWARDEES = 50;
// 90th percentile and above reads as "significantly high" to officers [practice]; 75th is the floor of "high".
const CLEARLY_HIGH_PERCENTILE = 90;
const HIGH_PERCENTILE = 75;

type Defined = Readonly<Record<string, string | number | undefined>>;

/** Drops the facts that were not entered, so a finding never carries an empty parameter. */
function defined(params: Defined): FindingParams {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = value;
  return out;
}

export const RULES: { readonly [C in Exclude<CriterionId, 'original_contributions'>]: CriterionRules<C> } = {
  awards: {
    params: ({ fields: f }) =>
      defined({ name: f.name, issuer: f.issuer, year: f.year, scope: f.scope, awardees: f.awardeeCount }),
    establishes: { when: isMajorInternationalAward, reason: 'award.one_time_achievement' },
    blockers: [
      {
        when: (f) => !f.recipientIsPerson,
        cap: 'weak',
        trap: true,
        reason: 'award.not_to_person',
        fix: 'award.not_to_person.fix',
        rfe: 'award.not_to_person.rfe',
      },
      ...(['employer', 'school', 'local'] as const).map((scope): Rule<'awards'> => ({
        when: (f) => f.scope === scope,
        cap: 'weak',
        trap: true,
        reason: (
          { employer: 'award.employer_internal', school: 'award.school_only', local: 'award.local' } as const
        )[scope],
        fix: 'award.narrow_scope.fix',
        rfe: 'award.narrow_scope.rfe',
      })),
      {
        when: (f) => f.scope === 'regional',
        cap: 'weak',
        reason: 'award.regional',
        fix: 'award.regional.fix',
      },
      {
        when: (f) => !f.inField,
        cap: 'weak',
        trap: true,
        reason: 'award.outside_field',
        fix: 'award.outside_field.fix',
      },
    ],
    qualifies: () => 'award.qualifies',
    cautions: [
      {
        when: (f) => !f.recognitionDocumented,
        cap: 'likely',
        fix: 'award.recognition_undocumented.fix',
        rfe: 'award.recognition_undocumented.rfe',
      },
      { when: (f) => f.selectionCriteria === undefined, cap: 'likely', fix: 'award.selection_criteria.fix' },
      {
        when: (f) => f.awardeeCount !== undefined && f.awardeeCount > MANY_AWARDEES,
        rfe: 'award.many_awardees.rfe',
      },
    ],
  },
  membership: {
    params: ({ fields: f }) =>
      defined({ association: f.association, level: f.level, basis: f.admissionBasis }),
    blockers: [
      {
        when: (f) => f.admissionBasis !== 'outstanding_achievement',
        cap: 'weak',
        trap: true,
        reason: 'membership.admission_basis',
        fix: 'membership.admission_basis.fix',
        rfe: 'membership.admission_basis.rfe',
      },
      {
        when: (f) => !f.judgedByRecognizedExperts,
        cap: 'weak',
        reason: 'membership.not_judged_by_experts',
        fix: 'membership.not_judged_by_experts.fix',
      },
    ],
    qualifies: () => 'membership.qualifies',
    cautions: [
      {
        when: (f) => f.admissionRulesDocumented !== true,
        cap: 'likely',
        fix: 'membership.rules_undocumented.fix',
      },
    ],
  },
  published_material: {
    params: ({ fields: f }) => defined({ outlet: f.outlet, outletType: f.outletType, headline: f.headline }),
    blockers: [
      {
        when: (f) => f.subject === 'about_employer',
        cap: 'weak',
        trap: true,
        reason: 'published.about_employer',
        fix: 'published.not_about_person.fix',
        rfe: 'published.not_about_person.rfe',
      },
      {
        when: (f) => f.subject === 'mentions_only',
        cap: 'weak',
        trap: true,
        reason: 'published.mentions_only',
        fix: 'published.not_about_person.fix',
        rfe: 'published.not_about_person.rfe',
      },
      {
        when: (f) => f.paidOrMarketing,
        cap: 'weak',
        trap: true,
        reason: 'published.paid',
        fix: 'published.paid.fix',
        rfe: 'published.paid.rfe',
      },
      {
        when: (f) => f.outletType === 'other',
        cap: 'weak',
        trap: true,
        reason: 'published.minor_outlet',
        fix: 'published.minor_outlet.fix',
      },
    ],
    qualifies: () => 'published.qualifies',
    cautions: [
      {
        when: (f) => f.circulation === undefined,
        cap: 'likely',
        fix: 'published.no_circulation.fix',
        rfe: 'published.no_circulation.rfe',
      },
    ],
  },
  judging: {
    params: ({ fields: f }) => defined({ kind: f.kind, venue: f.venue, reviews: f.reviewCount ?? 0 }),
    blockers: [
      {
        when: (f) => f.proof === 'invitation_only',
        cap: 'weak',
        reason: 'judging.invitation_only',
        fix: 'judging.invitation_only.fix',
        rfe: 'judging.invitation_only.rfe',
      },
      {
        when: (f) => !f.sameOrAlliedField,
        cap: 'weak',
        trap: true,
        reason: 'judging.outside_field',
        fix: 'judging.outside_field.fix',
      },
    ],
    qualifies: () => 'judging.qualifies',
    cautions: [],
  },
  scholarly_articles: {
    params: ({ fields: f }) =>
      defined({
        title: f.articleTitle,
        venue: f.venue,
        year: f.year,
        peerReviewed: f.peerReviewed ? 'yes' : 'no',
      }),
    blockers: [
      {
        when: (f) => f.publicationType === 'preprint',
        cap: 'weak',
        reason: 'article.preprint',
        fix: 'article.not_published.fix',
      },
      {
        when: (f) => f.publicationType === 'other',
        cap: 'weak',
        trap: true,
        reason: 'article.blog_post',
        fix: 'article.not_published.fix',
      },
    ],
    qualifies: () => 'article.qualifies',
    cautions: [
      {
        when: (f) => !f.peerReviewed,
        cap: 'likely',
        fix: 'article.not_peer_reviewed.fix',
        rfe: 'article.not_peer_reviewed.rfe',
      },
    ],
  },
  exhibitions: {
    params: ({ fields: f }) => defined({ venue: f.venue, venueKind: f.venueKind, year: f.year }),
    blockers: [
      {
        when: (f) => f.venueKind !== 'artistic',
        cap: 'weak',
        trap: true,
        reason: 'exhibition.not_artistic',
        fix: 'exhibition.not_artistic.fix',
        rfe: 'exhibition.not_artistic.rfe',
      },
      {
        when: (f) => !f.ownWork,
        cap: 'weak',
        trap: true,
        reason: 'exhibition.not_own_work',
        fix: 'exhibition.not_own_work.fix',
      },
    ],
    qualifies: () => 'exhibition.qualifies',
    cautions: [],
  },
  leading_role: {
    params: ({ fields: f }) =>
      defined({
        jobTitle: f.jobTitle,
        organization: f.organization,
        roleKind: f.roleKind,
        reputation: f.reputationEvidence,
      }),
    blockers: [
      {
        when: (f) => f.roleKind === 'ordinary',
        cap: 'weak',
        reason: 'leading.ordinary_role',
        fix: 'leading.ordinary_role.fix',
      },
      {
        when: (f) => f.reputationEvidence === 'asserted_only',
        cap: 'weak',
        reason: 'leading.reputation_asserted',
        fix: 'leading.reputation_asserted.fix',
        rfe: 'leading.reputation_asserted.rfe',
      },
    ],
    qualifies: () => 'leading.qualifies',
    cautions: [
      {
        when: (f) => !f.distinguishedFromColleagues,
        cap: 'likely',
        fix: 'leading.not_distinguished.fix',
        rfe: 'leading.not_distinguished.rfe',
      },
    ],
  },
  high_salary: {
    params: ({ fields: f }) =>
      defined({ amount: f.amount, currency: f.currency, period: f.period, percentile: f.percentile }),
    blockers: [
      {
        when: (f) => !f.comparedInLocalCurrency,
        cap: 'weak',
        reason: 'salary.converted_currency',
        fix: 'salary.converted_currency.fix',
        rfe: 'salary.converted_currency.rfe',
      },
      {
        when: (f) => f.comparisonSource === 'none',
        cap: 'weak',
        reason: 'salary.no_comparison',
        fix: 'salary.unreliable_source.fix',
      },
      {
        when: (f) => f.comparisonSource === 'self_reported',
        cap: 'weak',
        reason: 'salary.self_reported',
        fix: 'salary.unreliable_source.fix',
      },
      {
        when: (f) => f.occupationMatch === 'broad',
        cap: 'weak',
        reason: 'salary.broad_occupation',
        fix: 'salary.broad_occupation.fix',
      },
      {
        when: (f) => !f.locationMatch,
        cap: 'weak',
        reason: 'salary.other_location',
        fix: 'salary.other_location.fix',
      },
    ],
    qualifies: (f) => (f.percentile === undefined ? 'salary.compared' : 'salary.percentile'),
    cautions: [
      { when: (f) => f.percentile === undefined, cap: 'likely', fix: 'salary.no_percentile.fix' },
      {
        when: (f) => f.percentile !== undefined && f.percentile < HIGH_PERCENTILE,
        cap: 'weak',
        reason: 'salary.not_high',
        fix: 'salary.not_high.fix',
      },
      {
        when: (f) =>
          f.percentile !== undefined &&
          f.percentile >= HIGH_PERCENTILE &&
          f.percentile < CLEARLY_HIGH_PERCENTILE,
        cap: 'likely',
        fix: 'salary.below_90th.fix',
        rfe: 'salary.below_90th.rfe',
      },
    ],
  },
  commercial_success: {
    params: ({ fields: f }) => defined({ work: f.work, sales: f.salesFigures }),
    blockers: [
      {
        when: (f) => !f.performingArts,
        cap: 'weak',
        trap: true,
        reason: 'commercial.not_performing_arts',
        fix: 'commercial.not_performing_arts.fix',
      },
      {
        when: (f) => f.salesFigures === undefined,
        cap: 'weak',
        reason: 'commercial.no_sales',
        fix: 'commercial.no_sales.fix',
        rfe: 'commercial.no_sales.rfe',
      },
    ],
    qualifies: () => 'commercial.qualifies',
    cautions: [{ when: (f) => !f.comparedWithPeers, cap: 'likely', fix: 'commercial.not_compared.fix' }],
  },
};

const VERDICT_RANK: Record<ClaimVerdict, number> = { weak: 1, likely: 2, met: 3 };

export function better(a: ClaimVerdict, b: ClaimVerdict): ClaimVerdict {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

export function worse(a: ClaimVerdict, b: ClaimVerdict): ClaimVerdict {
  return VERDICT_RANK[a] <= VERDICT_RANK[b] ? a : b;
}

/** A claim's assessment under construction; `capAt` only ever lowers the verdict. */
export function startClaim(claim: { exhibitNumber: number; criterion: CriterionId }, params: FindingParams) {
  const assessment: ClaimAssessment = {
    exhibitNumber: claim.exhibitNumber,
    criterion: claim.criterion,
    verdict: 'met',
    excluded: false,
    reasons: [],
    missing: [],
    rfeRisks: [],
  };
  const say = (code: FindingCode, extra: FindingParams = {}): Finding =>
    finding(code, [claim.exhibitNumber], { ...params, ...extra }, claim.criterion);
  const capAt = (verdict: ClaimVerdict): void => {
    assessment.verdict = worse(assessment.verdict, verdict);
  };
  return { assessment, say, capAt };
}

function apply<C extends CriterionId>(rule: Rule<C>, state: ReturnType<typeof startClaim>): void {
  const { assessment, say, capAt } = state;
  if (rule.cap) capAt(rule.cap);
  if (rule.trap) assessment.excluded = true;
  if (rule.reason) assessment.reasons.push(say(rule.reason));
  if (rule.fix) assessment.missing.push(say(rule.fix));
  if (rule.rfe) assessment.rfeRisks.push(say(rule.rfe));
}

/** Walks one criterion's table for one claim. */
export function assessByRules<C extends Exclude<CriterionId, 'original_contributions'>>(
  claim: EvidenceOf<C>,
  rules: CriterionRules<C>,
): ClaimAssessment {
  const state = startClaim(claim, rules.params(claim));
  const { assessment, say } = state;
  const f = claim.fields;
  if (rules.establishes?.when(f)) {
    assessment.reasons.push(say(rules.establishes.reason));
    return assessment;
  }
  const blocking = rules.blockers.filter((rule) => rule.when(f, claim));
  for (const rule of blocking) apply(rule, state);
  if (blocking.length > 0) return assessment;
  assessment.reasons.push(say(rules.qualifies(f)));
  for (const rule of rules.cautions) if (rule.when(f, claim)) apply(rule, state);
  return assessment;
}

/** A letter names its writer and gives the specifics 8 CFR 204.5(g)(1) asks for; what it lacks, as parts. */
export function missingLetterParts(letter: SupportLetter | undefined): string[] {
  if (!letter) return [];
  const parts: string[] = [];
  if (letter.writerName === undefined) parts.push('name');
  if (letter.writerAddress === undefined) parts.push('address');
  if (letter.writerTitle === undefined) parts.push('writer_title');
  if (letter.specificDescription === undefined) {
    parts.push(letter.letterKind === 'experience' ? 'duties' : 'work_description');
  }
  return parts;
}
