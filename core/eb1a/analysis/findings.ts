// What the analysis can say, as codes: each finding names what was found, its parameters and the exhibits it
// rests on. The renderers turn codes into sentences per language; nothing here is prose.
import type { CriterionId } from '../criteria.ts';

/** Every finding the engine can return, so the renderers and the locale test can enumerate them. */
export const FINDING_CODES = [
  // (i) Awards
  'award.one_time_achievement',
  'award.not_to_person',
  'award.not_to_person.fix',
  'award.not_to_person.rfe',
  'award.employer_internal',
  'award.school_only',
  'award.local',
  'award.narrow_scope.fix',
  'award.narrow_scope.rfe',
  'award.regional',
  'award.regional.fix',
  'award.outside_field',
  'award.outside_field.fix',
  'award.qualifies',
  'award.recognition_undocumented.fix',
  'award.recognition_undocumented.rfe',
  'award.selection_criteria.fix',
  'award.many_awardees.rfe',
  // (ii) Membership
  'membership.admission_basis',
  'membership.admission_basis.fix',
  'membership.admission_basis.rfe',
  'membership.not_judged_by_experts',
  'membership.not_judged_by_experts.fix',
  'membership.qualifies',
  'membership.rules_undocumented.fix',
  // (iii) Published material
  'published.about_employer',
  'published.mentions_only',
  'published.not_about_person.fix',
  'published.not_about_person.rfe',
  'published.paid',
  'published.paid.fix',
  'published.paid.rfe',
  'published.minor_outlet',
  'published.minor_outlet.fix',
  'published.qualifies',
  'published.no_circulation.fix',
  'published.no_circulation.rfe',
  // (iv) Judging
  'judging.invitation_only',
  'judging.invitation_only.fix',
  'judging.invitation_only.rfe',
  'judging.outside_field',
  'judging.outside_field.fix',
  'judging.qualifies',
  // (v) Original contributions
  'contribution.signals',
  'contribution.letter',
  'contribution.no_significance',
  'contribution.no_benchmark.fix',
  'contribution.below_benchmark',
  'contribution.pending_patent.rfe',
  'contribution.granted_patent.rfe',
  'contribution.adoption.fix',
  'contribution.collaborator_letter.rfe',
  'contribution.letter_how_known.rfe',
  'contribution.letters_uncorroborated',
  'contribution.letters_uncorroborated.fix',
  'contribution.independent_letters.fix',
  // (vi) Scholarly articles
  'article.preprint',
  'article.blog_post',
  'article.not_published.fix',
  'article.qualifies',
  'article.not_peer_reviewed.fix',
  'article.not_peer_reviewed.rfe',
  // (vii) Artistic exhibitions
  'exhibition.not_artistic',
  'exhibition.not_artistic.fix',
  'exhibition.not_artistic.rfe',
  'exhibition.not_own_work',
  'exhibition.not_own_work.fix',
  'exhibition.qualifies',
  // (viii) Leading or critical role
  'leading.ordinary_role',
  'leading.ordinary_role.fix',
  'leading.reputation_asserted',
  'leading.reputation_asserted.fix',
  'leading.reputation_asserted.rfe',
  'leading.qualifies',
  'leading.not_distinguished.fix',
  'leading.not_distinguished.rfe',
  // (ix) High remuneration
  'salary.converted_currency',
  'salary.converted_currency.fix',
  'salary.converted_currency.rfe',
  'salary.no_comparison',
  'salary.self_reported',
  'salary.unreliable_source.fix',
  'salary.broad_occupation',
  'salary.broad_occupation.fix',
  'salary.other_location',
  'salary.other_location.fix',
  'salary.compared',
  'salary.no_percentile.fix',
  'salary.percentile',
  'salary.not_high',
  'salary.not_high.fix',
  'salary.below_90th.fix',
  'salary.below_90th.rfe',
  // (x) Commercial success
  'commercial.not_performing_arts',
  'commercial.not_performing_arts.fix',
  'commercial.no_sales',
  'commercial.no_sales.fix',
  'commercial.no_sales.rfe',
  'commercial.qualifies',
  'commercial.not_compared.fix',
  // Evidence hygiene, once per exhibit
  'hygiene.duplicate_exhibit_number',
  'hygiene.missing_translation',
  'hygiene.incomplete_publication_details',
  'hygiene.incomplete_letter',
  // Per criterion: supporting exhibits with no document attached
  'criterion.documents_missing',
  // Final merits (Kazarian step 2)
  'merits.sustained.no_dates',
  'merits.sustained.stale',
  'merits.sustained.spans',
  'merits.sustained.short',
  'merits.independent_recognition.present',
  'merits.independent_recognition.absent',
  'merits.ranked_venues.present',
  'merits.ranked_venues.absent',
  'merits.citations.present',
  'merits.citations.absent',
  'merits.invited_talks.present',
  'merits.invited_talks.absent',
  'merits.top_institution.present',
  'merits.top_institution.absent',
  'merits.competitive_grants.present',
  'merits.competitive_grants.absent',
  // Continuing work in the US, 8 CFR 204.5(h)(5)
  'continuing.job_offer',
  'continuing.contracts',
  'continuing.detailed_statement',
  'continuing.brief_statement',
  'continuing.plans_undocumented',
  'continuing.none',
  // Next actions and why they matter
  'action.document_continuing_work',
  'action.strengthen_or_drop',
  'action.look_for_criterion',
  'why.continuing_work_required',
  'why.likely_to_met',
  'why.likely_to_met_buffer',
  'why.hygiene',
  'why.documents',
  'why.weak_short',
  'why.weak_buffer',
  'why.not_claimed',
  'why.final_merits',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

/**
 * A parameter: a name or number as entered, an enumerated value (a scope, a kind) the renderer words per
 * language, or a list of such values (the missing parts of a letter). A parameter named `criterion`
 * holds a criterion id.
 */
export type FindingParam = string | number | readonly string[];
export type FindingParams = Readonly<Record<string, FindingParam>>;

export interface Finding {
  readonly code: FindingCode;
  /** The criterion the finding is about, when it is about one. */
  readonly criterion?: CriterionId;
  /** The exhibits it rests on, ascending; empty when it is about the record as a whole. */
  readonly exhibits: readonly number[];
  readonly params: FindingParams;
}

export function finding(
  code: FindingCode,
  exhibits: readonly number[] = [],
  params: FindingParams = {},
  criterion?: CriterionId,
): Finding {
  const sorted = [...new Set(exhibits)].sort((a, b) => a - b);
  return criterion === undefined
    ? { code, exhibits: sorted, params }
    : { code, criterion, exhibits: sorted, params };
}
