// The deterministic EB-1A analysis: each criterion against 8 CFR 204.5(h)(3) (Kazarian step 1), then the final merits.
import { CRITERIA, CRITERIA_NEEDED, CRITERION_IDS, criterionLabel } from './criteria.ts';
import type { CriterionId } from './criteria.ts';
import { EVIDENCE_FIELDS, exhibitRef, isForeignLanguage } from './evidence.ts';
import type { AwardFields, Evidence, EvidenceOf, FieldSpec } from './evidence.ts';

// ---------------------------------------------------------------------------------------------
// Inputs and results
// ---------------------------------------------------------------------------------------------

/** How the petition shows the person will continue work in the field in the US (8 CFR 204.5(h)(5)). */
export type UsPlanEvidence = 'job_offer' | 'contracts' | 'detailed_statement' | 'brief_statement' | 'none';

/** What the intake learned about the client; everything is optional because intake may be unfinished. */
export interface CaseProfile {
  clientName?: string;
  /** The field of endeavor, as narrowly defined as the evidence supports. */
  field?: string;
  citizenship?: string;
  /** Where the client is and in what status (consular processing vs adjustment). */
  currentStatus?: string;
  highestDegree?: string;
  currentPosition?: string;
  firstYearInField?: number;
  /** Works or worked at an R1/R2 university or a similarly ranked institution or company. */
  topRankedInstitution?: boolean;
  /** Competitive government grants the client is named on; absent or empty when none. */
  competitiveGrants?: string;
  totalCitations?: number;
  hIndex?: number;
  articleCount?: number;
  /** Unsolicited invitations to speak at recognized conferences. */
  invitedTalks?: number;
  usPlans?: string;
  usPlanEvidence?: UsPlanEvidence;
  independentRecommenders?: string;
  collaboratorRecommenders?: string;
}

export interface CaseInput {
  readonly evidence: readonly Evidence[];
  readonly profile?: CaseProfile;
  /** The year the analysis is for, to check acclaim is still current; omitted, recency is not judged. */
  readonly asOfYear?: number;
}

export type Verdict = 'met' | 'likely' | 'weak' | 'not_claimed';
type ExhibitVerdict = Exclude<Verdict, 'not_claimed'>;

/** What one exhibit does for the criterion it was filed under. */
export interface ExhibitFinding {
  exhibitNumber: number;
  verdict: ExhibitVerdict;
  reasons: string[];
  missing: string[];
  rfeRisks: string[];
}

export interface CriterionAssessment {
  criterion: CriterionId;
  cite: string;
  label: string;
  verdict: Verdict;
  exhibitNumbers: number[];
  /** Why, in the regulation's key terms, citing exhibits. */
  reasons: string[];
  /** What would move the criterion to met; empty when met. */
  missing: string[];
  rfeRisks: string[];
  findings: ExhibitFinding[];
}

export type HygieneProblem =
  'missing_translation' | 'incomplete_publication_details' | 'incomplete_letter' | 'duplicate_exhibit_number';

export interface HygieneIssue {
  exhibitNumber: number;
  problem: HygieneProblem;
  message: string;
}

export type MeritsSignalId =
  | 'sustained'
  | 'independent_recognition'
  | 'ranked_venues'
  | 'citations'
  | 'invited_talks'
  | 'top_institution'
  | 'competitive_grants';

/** A final-merits signal (USCIS Policy Manual Vol. 6 Part F Ch. 2): present or not, and the facts behind it. */
export interface MeritsSignal {
  id: MeritsSignalId;
  label: string;
  present: boolean;
  detail: string;
}

export interface ContinuingWork {
  satisfied: boolean;
  detail: string;
}

export interface OneTimeAchievement {
  exhibitNumber: number;
  award: string;
}

export type OverallAssessment = 'strong' | 'borderline' | 'insufficient';

/** decisive: eligibility turns on it; high: a real risk; medium: a buffer; low: polish. */
export type Impact = 'decisive' | 'high' | 'medium' | 'low';

export interface NextAction {
  impact: Impact;
  action: string;
  why: string;
  criterion?: CriterionId;
  exhibitNumber?: number;
}

export interface CaseAnalysis {
  /** All ten, in regulation order. */
  criteria: CriterionAssessment[];
  oneTimeAchievement: OneTimeAchievement | null;
  metCount: number;
  likelyCount: number;
  needed: number;
  /** Step 1 is satisfied: a one-time achievement or at least three criteria met. */
  stepOneSatisfied: boolean;
  finalMerits: MeritsSignal[];
  continuingWork: ContinuingWork;
  hygiene: HygieneIssue[];
  overall: OverallAssessment;
  overallReason: string;
  /** Most impactful first. */
  nextActions: NextAction[];
}

// ---------------------------------------------------------------------------------------------
// Per-exhibit assessment
// ---------------------------------------------------------------------------------------------

const VERDICT_RANK: Record<Verdict, number> = { not_claimed: 0, weak: 1, likely: 2, met: 3 };

function better<V extends Verdict>(a: V, b: V): V {
  return VERDICT_RANK[a] >= VERDICT_RANK[b] ? a : b;
}

function worse<V extends Verdict>(a: V, b: V): V {
  return VERDICT_RANK[a] <= VERDICT_RANK[b] ? a : b;
}

/** Collects one exhibit's finding; `capAt` only ever lowers the verdict. */
function startFinding(evidence: Evidence) {
  const finding: ExhibitFinding = {
    exhibitNumber: evidence.exhibitNumber,
    verdict: 'met',
    reasons: [],
    missing: [],
    rfeRisks: [],
  };
  const ref = exhibitRef([evidence.exhibitNumber]);
  const capAt = (verdict: ExhibitVerdict): void => {
    finding.verdict = worse(finding.verdict, verdict);
  };
  return { finding, ref, capAt };
}

function choiceLabel(criterion: CriterionId, key: string, value: string): string {
  const specs: readonly FieldSpec[] = EVIDENCE_FIELDS[criterion];
  const option = specs
    .find((spec) => spec.key === key)
    ?.options?.find((candidate) => candidate.value === value);
  return (option?.label ?? value).replace(/_/g, ' ').toLowerCase();
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

const NARROW_AWARD = {
  employer: 'an employer-internal award',
  school: 'a school-only award',
  local: 'a local award',
};

function assessAward(evidence: EvidenceOf<'awards'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  if (isMajorInternationalAward(f)) {
    finding.reasons.push(
      `${ref}: ${f.name} is a major, internationally recognized award, a one-time achievement that alone establishes eligibility under 8 CFR 204.5(h)(3).`,
    );
    return finding;
  }
  if (!f.recipientIsPerson) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.name} was not received by the client by name; the regulation requires receipt by the person.`,
    );
    finding.missing.push(
      `${ref}: claim awards the client received by name (team awards only where the client is named).`,
    );
    finding.rfeRisks.push(`${ref}: an award to the employer or an unnamed team does not count.`);
  }
  if (f.scope === 'employer' || f.scope === 'school' || f.scope === 'local') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.name} is ${NARROW_AWARD[f.scope]}, not a nationally or internationally recognized prize.`,
    );
    finding.missing.push(
      `${ref}: claim nationally or internationally recognized prizes in the field instead of ${f.name}.`,
    );
    finding.rfeRisks.push(`${ref}: local, employer-internal and school-only awards draw RFEs and denials.`);
  }
  if (f.scope === 'regional') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.name} is a regional award; the regulation asks for national or international recognition.`,
    );
    finding.missing.push(
      `${ref}: document national recognition of ${f.name} (national press, a national candidate pool), or drop it.`,
    );
  }
  if (!f.inField) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.name} is outside the client’s field; it must be for excellence in the field.`,
    );
    finding.missing.push(`${ref}: claim awards for excellence in the client’s own field.`);
  }
  if (finding.verdict === 'weak') return finding;

  finding.reasons.push(
    `${ref}: ${f.name} (${f.issuer}, ${String(f.year)}) is ${f.scope === 'international' ? 'an international' : 'a national'} prize for excellence received by the client in the field.`,
  );
  if (!f.recognitionDocumented) {
    capAt('likely');
    finding.missing.push(
      `${ref}: document that ${f.name} itself is nationally or internationally recognized (press about the award, its history), not only the issuer’s page.`,
    );
    finding.rfeRisks.push(`${ref}: no proof the award itself is recognized, only its issuer.`);
  }
  if (f.selectionCriteria === undefined) {
    capAt('likely');
    finding.missing.push(
      `${ref}: add the selection criteria of ${f.name} to show it is awarded for excellence in the field.`,
    );
  }
  if (f.awardeeCount !== undefined && f.awardeeCount > MANY_AWARDEES) {
    finding.rfeRisks.push(
      `${ref}: ${String(f.awardeeCount)} awardees in one cycle may look unselective; show the size of the candidate pool.`,
    );
  }
  return finding;
}

const ADMISSION_PHRASE = {
  degree: 'holding a degree or qualification',
  experience: 'years of experience',
  fee: 'paying a fee or subscription',
  union_required: 'joining a union or guild as required to work',
  other: 'criteria other than outstanding achievements',
};

function assessMembership(evidence: EvidenceOf<'membership'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  const held = `${f.level} of ${f.association}`;
  if (f.admissionBasis !== 'outstanding_achievement') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${held} is obtained by ${ADMISSION_PHRASE[f.admissionBasis]}, not by outstanding achievements.`,
    );
    finding.missing.push(
      `${ref}: claim only memberships whose level requires outstanding achievements judged by experts (e.g. an elected fellowship), not ${f.association}.`,
    );
    finding.rfeRisks.push(
      `${ref}: membership by degree, experience, fee or union requirement does not meet (ii).`,
    );
  }
  if (!f.judgedByRecognizedExperts) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: admission to ${held} is not judged by recognized national or international experts.`,
    );
    finding.missing.push(
      `${ref}: show who judges admission to ${held} (election procedure, panel of recognized experts), or drop it.`,
    );
  }
  if (finding.verdict === 'weak') return finding;

  finding.reasons.push(
    `${ref}: ${held} requires outstanding achievements, judged by recognized national or international experts.`,
  );
  if (f.admissionRulesDocumented !== true) {
    capAt('likely');
    finding.missing.push(
      `${ref}: add the bylaws or admission rules of ${f.association} showing how ${f.level}s are chosen.`,
    );
  }
  return finding;
}

function assessPublishedMaterial(evidence: EvidenceOf<'published_material'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  if (f.subject === 'about_employer' || f.subject === 'mentions_only') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: the piece in ${f.outlet} is about ${f.subject === 'about_employer' ? 'the employer or a product' : 'something else and only mentions the client'}, not about the person.`,
    );
    finding.missing.push(`${ref}: find coverage about the client and their work, not about the employer.`);
    finding.rfeRisks.push(`${ref}: material about the employer, not the person, draws an RFE.`);
  }
  if (f.paidOrMarketing) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: paid or marketing content in ${f.outlet} is not published material about the person.`,
    );
    finding.missing.push(`${ref}: replace paid content with independent editorial coverage.`);
    finding.rfeRisks.push(`${ref}: paid or promotional content is given no weight.`);
  }
  if (f.outletType === 'other') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.outlet} is not a professional or major trade publication or other major media.`,
    );
    finding.missing.push(`${ref}: find coverage in professional or major trade publications or major media.`);
  }
  if (finding.verdict === 'weak') return finding;

  finding.reasons.push(
    `${ref}: the piece in ${f.outlet} (${f.outletType === 'major_media' ? 'major media' : 'a professional or major trade publication'}) is about the person and their work.`,
  );
  if (f.circulation === undefined) {
    capAt('likely');
    finding.missing.push(`${ref}: add circulation or audience data for ${f.outlet} to show it is major.`);
    finding.rfeRisks.push(`${ref}: no circulation data for the outlet.`);
  }
  return finding;
}

function assessJudging(evidence: EvidenceOf<'judging'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  const what = `${choiceLabel('judging', 'kind', f.kind)} for ${f.venue}`;
  if (f.proof === 'invitation_only') {
    capAt('weak');
    finding.reasons.push(`${ref}: only an invitation to ${what}; (iv) requires participation as a judge.`);
    finding.missing.push(
      `${ref}: get proof the review for ${f.venue} was completed (confirmation e-mail, reviewer record such as Web of Science, editor’s letter).`,
    );
    finding.rfeRisks.push(`${ref}: an invitation with no proof the judging happened.`);
  }
  if (!f.sameOrAlliedField) {
    capAt('weak');
    finding.reasons.push(`${ref}: ${what} judged work outside the same or an allied field.`);
    finding.missing.push(`${ref}: claim judging of work in the client’s field or an allied field.`);
  }
  if (finding.verdict === 'weak') return finding;
  const count = f.reviewCount === undefined ? '' : ` (${String(f.reviewCount)} completed)`;
  finding.reasons.push(`${ref}: documented participation as a judge of the work of others: ${what}${count}.`);
  return finding;
}

/** The documentary signs of major significance one contribution exhibit carries. */
function significanceSignals(f: EvidenceOf<'original_contributions'>['fields']): string[] {
  const signals: string[] = [];
  if (
    f.citations !== undefined &&
    f.fieldCitationBenchmark !== undefined &&
    f.citations >= f.fieldCitationBenchmark
  ) {
    signals.push(
      `${String(f.citations)} citations, at or above the field’s benchmark of ${String(f.fieldCitationBenchmark)}`,
    );
  }
  if (f.patentStatus === 'licensed_or_commercialized')
    signals.push('a patent that was licensed or commercialized');
  if (f.adoptedByOthers === true) signals.push('documented adoption by others outside the employer');
  return signals;
}

function isCompleteLetter(evidence: Evidence): boolean {
  return evidence.letter !== undefined && missingLetterParts(evidence).length === 0;
}

function isIndependentExpertLetter(evidence: Evidence): boolean {
  return isCompleteLetter(evidence) && evidence.letter?.independent === true;
}

/** Major significance: two documentary signals, or one corroborated by a detailed independent letter. */
function significanceVerdict(signalCount: number, independentLetters: number): ExhibitVerdict {
  if (signalCount >= 2 || (signalCount >= 1 && independentLetters >= 1)) return 'met';
  return signalCount >= 1 ? 'likely' : 'weak';
}

function assessOriginalContribution(evidence: EvidenceOf<'original_contributions'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  const signals = significanceSignals(f);
  const independent = isIndependentExpertLetter(evidence) ? 1 : 0;
  capAt(significanceVerdict(signals.length, independent));
  if (signals.length > 0) {
    finding.reasons.push(`${ref}: original contribution (“${f.description}”) with ${signals.join('; ')}.`);
  } else if (evidence.letter) {
    const writer = evidence.letter.writerName ?? 'an unnamed writer';
    const standing = evidence.letter.independent === true ? 'an independent expert' : 'a collaborator';
    finding.reasons.push(`${ref}: letter from ${writer} (${standing}) on “${f.description}”.`);
  } else {
    finding.reasons.push(
      `${ref}: “${f.description}” shows originality, but no sign yet of major significance in the field.`,
    );
  }
  if (f.citations !== undefined && f.fieldCitationBenchmark === undefined) {
    finding.missing.push(
      `${ref}: compare the ${String(f.citations)} citations with a field benchmark (e.g. Clarivate ESI thresholds).`,
    );
  }
  if (
    f.citations !== undefined &&
    f.fieldCitationBenchmark !== undefined &&
    f.citations < f.fieldCitationBenchmark
  ) {
    finding.reasons.push(
      `${ref}: ${String(f.citations)} citations are below the field’s benchmark of ${String(f.fieldCitationBenchmark)}.`,
    );
  }
  if (f.patentStatus === 'pending')
    finding.rfeRisks.push(`${ref}: a pending patent shows no significance yet.`);
  if (f.patentStatus === 'granted') {
    finding.rfeRisks.push(
      `${ref}: a granted patent shows originality; only licensing or use shows major significance.`,
    );
  }
  if (f.adoptedByOthers !== true && !evidence.letter) {
    finding.missing.push(
      `${ref}: document use of “${f.description}” by others outside the client’s employer.`,
    );
  }
  if (evidence.letter && evidence.letter.independent !== true) {
    finding.rfeRisks.push(
      `${ref}: a letter from a collaborator weighs less than one from an independent expert.`,
    );
  }
  if (evidence.letter?.letterKind === 'expert_opinion' && evidence.letter.howWriterKnowsWork === undefined) {
    finding.rfeRisks.push(`${ref}: the letter should say how the writer knows the client’s work.`);
  }
  return finding;
}

function assessScholarlyArticle(evidence: EvidenceOf<'scholarly_articles'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  if (f.publicationType === 'preprint' || f.publicationType === 'other') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: “${f.articleTitle}” appeared only as ${f.publicationType === 'preprint' ? 'a preprint' : 'a blog or company-site post'}, not in a professional publication or major media.`,
    );
    finding.missing.push(
      `${ref}: cite the peer-reviewed version of “${f.articleTitle}” if it was published.`,
    );
    return finding;
  }
  finding.reasons.push(
    `${ref}: authorship of “${f.articleTitle}” in ${f.venue} (${String(f.year)}), ${f.peerReviewed ? 'peer-reviewed' : 'not peer-reviewed'}.`,
  );
  if (!f.peerReviewed) {
    capAt('likely');
    finding.missing.push(
      `${ref}: show “${f.articleTitle}” is scholarly: written for learned readers, with citations, under editorial review.`,
    );
  }
  return finding;
}

function assessExhibition(evidence: EvidenceOf<'exhibitions'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  if (f.venueKind !== 'artistic') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${f.venue} is a ${choiceLabel('exhibitions', 'venueKind', f.venueKind)}, not an artistic exhibition or showcase.`,
    );
    finding.missing.push(
      `${ref}: if (vii) does not readily apply to the client’s occupation, offer it as comparable evidence under 8 CFR 204.5(h)(4), explaining why.`,
    );
    finding.rfeRisks.push(`${ref}: science talks and trade shows are not artistic exhibitions.`);
  }
  if (!f.ownWork) {
    capAt('weak');
    finding.reasons.push(`${ref}: the work shown at ${f.venue} was not the client’s own.`);
    finding.missing.push(`${ref}: show the client’s own work was on display.`);
  }
  if (finding.verdict === 'weak') return finding;
  finding.reasons.push(
    `${ref}: display of the client’s own work at an artistic venue, ${f.venue} (${String(f.year)}).`,
  );
  return finding;
}

function assessLeadingRole(evidence: EvidenceOf<'leading_role'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  const role = `${f.jobTitle} at ${f.organization}`;
  if (f.roleKind === 'ordinary') {
    capAt('weak');
    finding.reasons.push(`${ref}: ${role} is a regular staff role, neither leading nor critical.`);
    finding.missing.push(
      `${ref}: show a leading title with matching duties, or a contribution of significant importance to outcomes at ${f.organization}.`,
    );
  }
  if (f.reputationEvidence === 'asserted_only') {
    capAt('weak');
    finding.reasons.push(
      `${ref}: the distinguished reputation of ${f.organization} is asserted, not documented.`,
    );
    finding.missing.push(
      `${ref}: document the distinguished reputation of ${f.organization} (rankings, major media, major customers, grants or funding).`,
    );
    finding.rfeRisks.push(`${ref}: reputation asserted but not documented.`);
  }
  if (finding.verdict === 'weak') return finding;
  finding.reasons.push(
    `${ref}: ${f.roleKind} role as ${role}, an organization with a distinguished reputation shown by ${choiceLabel('leading_role', 'reputationEvidence', f.reputationEvidence)}.`,
  );
  if (!f.distinguishedFromColleagues) {
    capAt('likely');
    finding.missing.push(
      `${ref}: show how the client’s role as ${f.jobTitle} differs from colleagues’ (org chart, outcomes attributable to the client).`,
    );
    finding.rfeRisks.push(`${ref}: role not distinguished from colleagues’ roles.`);
  }
  return finding;
}

// 90th percentile and above reads as "significantly high" to officers [practice]; 75th is the floor of "high".
const CLEARLY_HIGH_PERCENTILE = 90;
const HIGH_PERCENTILE = 75;

function assessHighSalary(evidence: EvidenceOf<'high_salary'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  const pay = `${f.amount.toLocaleString('en-US')} ${f.currency} per ${f.period}`;
  if (!f.comparedInLocalCurrency) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: ${pay} is compared after currency conversion, not with local data in the local currency.`,
    );
    finding.missing.push(
      `${ref}: compare the pay with wage data of the country where it was earned, in ${f.currency}.`,
    );
    finding.rfeRisks.push(`${ref}: converting foreign pay to USD draws an RFE.`);
  }
  if (f.comparisonSource === 'self_reported' || f.comparisonSource === 'none') {
    capAt('weak');
    finding.reasons.push(
      f.comparisonSource === 'none'
        ? `${ref}: ${pay} is not compared with others in the field.`
        : `${ref}: the comparison relies on self-reported salary sites, which officers treat as unreliable.`,
    );
    finding.missing.push(
      `${ref}: compare with government wage data (BLS OEWS, CareerOneStop) or a specific published survey.`,
    );
  }
  if (f.occupationMatch === 'broad') {
    capAt('weak');
    finding.reasons.push(`${ref}: the comparison uses too broad an occupation category.`);
    finding.missing.push(`${ref}: use wage data for the client’s exact occupation and level.`);
  }
  if (!f.locationMatch) {
    capAt('weak');
    finding.reasons.push(`${ref}: the comparison data is for a different location.`);
    finding.missing.push(`${ref}: use wage data for the same city or region as the job.`);
  }
  if (finding.verdict === 'weak') return finding;

  if (f.percentile === undefined) {
    capAt('likely');
    finding.reasons.push(`${ref}: ${pay}, compared with reliable data for the same occupation and location.`);
    finding.missing.push(`${ref}: state the percentile of the comparison data the pay reaches.`);
    return finding;
  }
  finding.reasons.push(
    `${ref}: ${pay} is at the ${String(f.percentile)}th percentile of reliable data for the same occupation and location.`,
  );
  if (f.percentile < HIGH_PERCENTILE) {
    capAt('weak');
    finding.reasons.push(`${ref}: that is not significantly high in relation to others in the field.`);
    finding.missing.push(`${ref}: claim (ix) only with pay near the top of the comparison data, or drop it.`);
  } else if (f.percentile < CLEARLY_HIGH_PERCENTILE) {
    capAt('likely');
    finding.missing.push(
      `${ref}: add other remuneration (bonus, equity) or a closer-matched comparison showing pay at the 90th percentile or above.`,
    );
    finding.rfeRisks.push(`${ref}: pay below the 90th percentile may not read as significantly high.`);
  }
  return finding;
}

function assessCommercialSuccess(evidence: EvidenceOf<'commercial_success'>): ExhibitFinding {
  const { finding, ref, capAt } = startFinding(evidence);
  const f = evidence.fields;
  if (!f.performingArts) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: sales of ${f.work} are outside the performing arts; (x) covers the performing arts only.`,
    );
    finding.missing.push(
      `${ref}: present the sales as comparable evidence under 8 CFR 204.5(h)(4), or under original contributions or final merits.`,
    );
  }
  if (f.salesFigures === undefined) {
    capAt('weak');
    finding.reasons.push(
      `${ref}: only shows that ${f.work} was released or performed, not its commercial success.`,
    );
    finding.missing.push(
      `${ref}: add box office receipts or sales figures for ${f.work}, with their source.`,
    );
  }
  if (finding.verdict === 'weak') return finding;
  finding.reasons.push(
    `${ref}: commercial success in the performing arts: ${f.work}, ${f.salesFigures ?? ''}.`,
  );
  if (!f.comparedWithPeers) {
    capAt('likely');
    finding.missing.push(
      `${ref}: compare the figures for ${f.work} with peers’ (charts, rankings, industry data).`,
    );
  }
  return finding;
}

function assessExhibit(evidence: Evidence): ExhibitFinding {
  switch (evidence.criterion) {
    case 'awards':
      return assessAward(evidence);
    case 'membership':
      return assessMembership(evidence);
    case 'published_material':
      return assessPublishedMaterial(evidence);
    case 'judging':
      return assessJudging(evidence);
    case 'original_contributions':
      return assessOriginalContribution(evidence);
    case 'scholarly_articles':
      return assessScholarlyArticle(evidence);
    case 'exhibitions':
      return assessExhibition(evidence);
    case 'leading_role':
      return assessLeadingRole(evidence);
    case 'high_salary':
      return assessHighSalary(evidence);
    case 'commercial_success':
      return assessCommercialSuccess(evidence);
  }
}

// ---------------------------------------------------------------------------------------------
// Evidence hygiene
// ---------------------------------------------------------------------------------------------

function missingLetterParts(evidence: Evidence): string[] {
  const letter = evidence.letter;
  if (!letter) return [];
  const parts: string[] = [];
  if (letter.writerName === undefined) parts.push('name');
  if (letter.writerAddress === undefined) parts.push('address');
  if (letter.writerTitle === undefined) parts.push('title');
  if (letter.specificDescription === undefined) {
    parts.push(
      letter.letterKind === 'experience'
        ? 'specific description of duties'
        : 'specific description of the work',
    );
  }
  return parts;
}

function missingPublicationParts(evidence: Evidence): string[] {
  if (evidence.criterion !== 'published_material') return [];
  const parts: string[] = [];
  if (evidence.fields.headline === undefined) parts.push('title');
  if (evidence.fields.publicationDate === undefined) parts.push('date');
  if (evidence.fields.author === undefined) parts.push('author');
  return parts;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** Problems that make an exhibit carry no or little weight however strong its content. */
export function checkHygiene(evidence: readonly Evidence[]): HygieneIssue[] {
  const issues: HygieneIssue[] = [];
  const seen = new Set<number>();
  for (const item of evidence) {
    const ref = exhibitRef([item.exhibitNumber]);
    if (seen.has(item.exhibitNumber)) {
      issues.push({
        exhibitNumber: item.exhibitNumber,
        problem: 'duplicate_exhibit_number',
        message: `${ref} is used for more than one exhibit; exhibits must be numbered uniquely.`,
      });
    }
    seen.add(item.exhibitNumber);
    if (isForeignLanguage(item) && item.certifiedTranslation !== true) {
      issues.push({
        exhibitNumber: item.exhibitNumber,
        problem: 'missing_translation',
        message: `${ref} is in ${item.language ?? 'another language'} without a full certified English translation (8 CFR 103.2(b)(3)); it gets no weight until translated.`,
      });
    }
    const publication = missingPublicationParts(item);
    if (publication.length > 0) {
      issues.push({
        exhibitNumber: item.exhibitNumber,
        problem: 'incomplete_publication_details',
        message: `${ref} lacks the ${listWords(publication)} that 8 CFR 204.5(h)(3)(iii) requires for published material.`,
      });
    }
    const letter = missingLetterParts(item);
    if (letter.length > 0) {
      issues.push({
        exhibitNumber: item.exhibitNumber,
        problem: 'incomplete_letter',
        message: `${ref} is a letter without the writer’s ${listWords(letter)}${item.letter?.letterKind === 'experience' ? ' (8 CFR 204.5(g)(1))' : ''}.`,
      });
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Per-criterion verdict
// ---------------------------------------------------------------------------------------------

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

function pooledSignificance(items: readonly EvidenceOf<'original_contributions'>[]): ExhibitVerdict {
  const signals = items.reduce((count, item) => count + significanceSignals(item.fields).length, 0);
  return significanceVerdict(signals, items.filter(isIndependentExpertLetter).length);
}

/**
 * Original contributions pool their proof: a citation record in one exhibit and an expert letter in
 * another together show major significance. Exhibits with hygiene problems count only up to "likely".
 */
function poolContributions(
  items: readonly Evidence[],
  hygieneByExhibit: ReadonlyMap<number, HygieneIssue[]>,
): { verdict: ExhibitVerdict; reasons: string[]; missing: string[] } {
  const contributions = items.filter(
    (item): item is EvidenceOf<'original_contributions'> => item.criterion === 'original_contributions',
  );
  const clean = contributions.filter((item) => !hygieneByExhibit.has(item.exhibitNumber));
  const verdict = better(pooledSignificance(clean), worse(pooledSignificance(contributions), 'likely'));
  const reasons: string[] = [];
  const missing: string[] = [];
  const documented = contributions.some((item) => significanceSignals(item.fields).length > 0);
  if (!documented && contributions.some((item) => item.letter !== undefined)) {
    reasons.push(
      'Letters alone do not show major significance: they carry weight only when corroborated by documents.',
    );
    missing.push(
      'Corroborate the letters with documents: citations above the field benchmark, licensing, or adoption by others.',
    );
  }
  if (!contributions.some(isIndependentExpertLetter)) {
    missing.push(
      'Add detailed letters from independent experts explaining how the contribution changed the field and how they know it.',
    );
  }
  return { verdict, reasons, missing };
}

function assessCriterion(
  criterion: CriterionId,
  items: readonly Evidence[],
  hygieneByExhibit: ReadonlyMap<number, HygieneIssue[]>,
): CriterionAssessment {
  const base = { criterion, cite: CRITERIA[criterion].cite, label: criterionLabel(criterion) };
  if (items.length === 0) {
    return {
      ...base,
      verdict: 'not_claimed',
      exhibitNumbers: [],
      reasons: [],
      missing: [],
      rfeRisks: [],
      findings: [],
    };
  }
  const findings = items.map((item) => {
    const finding = assessExhibit(item);
    const issues = hygieneByExhibit.get(item.exhibitNumber) ?? [];
    finding.missing.push(...issues.map((issue) => `Fix: ${issue.message}`));
    // Until the exhibit is fixed it carries no weight, but the fix is clerical, so "likely" tells the truth.
    if (issues.length > 0) finding.verdict = worse(finding.verdict, 'likely');
    return finding;
  });
  // One qualifying exhibit meets a criterion, whatever the others show.
  let verdict: ExhibitVerdict = findings.map((finding) => finding.verdict).reduce(better, 'weak');
  const reasons = unique(findings.flatMap((finding) => finding.reasons));
  let missing = unique(findings.flatMap((finding) => finding.missing));
  if (criterion === 'original_contributions') {
    const pooled = poolContributions(items, hygieneByExhibit);
    verdict = better(verdict, pooled.verdict);
    if (verdict !== 'met') {
      reasons.push(...pooled.reasons);
      missing.push(...pooled.missing);
    }
  }
  if (verdict === 'met') missing = [];
  return {
    ...base,
    verdict,
    exhibitNumbers: items.map((item) => item.exhibitNumber).sort((a, b) => a - b),
    reasons,
    missing,
    rfeRisks: unique(findings.flatMap((finding) => finding.rfeRisks)),
    findings,
  };
}

// ---------------------------------------------------------------------------------------------
// Final merits (Kazarian step 2) and continuing work (h)(5)
// ---------------------------------------------------------------------------------------------

const YEAR_IN_TEXT = /\b(19|20)\d{2}\b/;

function yearsOf(evidence: Evidence): number[] {
  const f: Record<string, unknown> = evidence.fields;
  const years = ['year', 'sinceYear', 'startYear', 'endYear']
    .map((key) => f[key])
    .filter((value): value is number => typeof value === 'number');
  if (evidence.criterion === 'published_material' && evidence.fields.publicationDate !== undefined) {
    const match = YEAR_IN_TEXT.exec(evidence.fields.publicationDate);
    if (match) years.push(Number(match[0]));
  }
  return years;
}

// A three-year span and acclaim no older than three years are our reading of "sustained" [practice].
const SUSTAINED_SPAN_YEARS = 3;
const STALE_AFTER_YEARS = 3;

function sustainedSignal(evidence: readonly Evidence[], asOfYear: number | undefined): MeritsSignal {
  const label = 'Sustained acclaim over years';
  const years = evidence.flatMap(yearsOf);
  if (years.length === 0) {
    return { id: 'sustained', label, present: false, detail: 'No dated evidence yet.' };
  }
  const first = Math.min(...years);
  const last = Math.max(...years);
  const span = last - first;
  const range = first === last ? String(first) : `${String(first)}–${String(last)}`;
  if (asOfYear !== undefined && asOfYear - last > STALE_AFTER_YEARS) {
    return {
      id: 'sustained',
      label,
      present: false,
      detail: `The latest dated evidence is from ${String(last)}; show the acclaim continues to the present.`,
    };
  }
  return {
    id: 'sustained',
    label,
    present: span >= SUSTAINED_SPAN_YEARS,
    detail:
      span >= SUSTAINED_SPAN_YEARS
        ? `Dated evidence spans ${range} (${String(span)} years).`
        : `Dated evidence covers only ${range}; show acclaim sustained over several years.`,
  };
}

function independentRecognitionSignal(
  evidence: readonly Evidence[],
  findings: ReadonlyMap<number, ExhibitFinding>,
): MeritsSignal {
  const counts = (item: Evidence) => findings.get(item.exhibitNumber)?.verdict !== 'weak';
  const exhibits = evidence
    .filter(
      (item) =>
        ((item.criterion === 'published_material' || item.criterion === 'awards') && counts(item)) ||
        isIndependentExpertLetter(item) ||
        (item.criterion === 'original_contributions' && item.fields.adoptedByOthers === true),
    )
    .map((item) => item.exhibitNumber);
  return {
    id: 'independent_recognition',
    label: 'Recognition by people outside the client’s circle',
    present: exhibits.length > 0,
    detail:
      exhibits.length > 0
        ? `Press, national awards, independent letters or adoption by others: ${exhibitRef(exhibits)}.`
        : 'No press, recognized award, independent expert letter or adoption by others yet.',
  };
}

function rankedVenuesSignal(evidence: readonly Evidence[]): MeritsSignal {
  const exhibits = evidence
    .filter(
      (item) =>
        item.criterion === 'scholarly_articles' &&
        item.fields.venueRanking === 'top' &&
        item.fields.authorRole !== 'co_author',
    )
    .map((item) => item.exhibitNumber);
  return {
    id: 'ranked_venues',
    label: 'Lead, senior or sole author in highly ranked venues',
    present: exhibits.length > 0,
    detail:
      exhibits.length > 0
        ? `Top-tier venues as lead, senior or sole author: ${exhibitRef(exhibits)}.`
        : 'No article in a top-tier venue as lead, senior or sole author.',
  };
}

function citationsSignal(evidence: readonly Evidence[], profile: CaseProfile): MeritsSignal {
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
  const total = profile.totalCitations ?? articleCitations;
  const record = [
    total > 0 ? `${total.toLocaleString('en-US')} citations` : '',
    profile.hIndex !== undefined ? `h-index ${String(profile.hIndex)}` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  return {
    id: 'citations',
    label: 'Citations high for the field',
    present: aboveBenchmark.length > 0,
    detail:
      aboveBenchmark.length > 0
        ? `Citations at or above the field benchmark: ${exhibitRef(aboveBenchmark)}${record ? ` (${record})` : ''}.`
        : `${record ? `${record}; ` : ''}no comparison shows the citations are high for the field.`,
  };
}

function profileSignals(profile: CaseProfile, evidence: readonly Evidence[]): MeritsSignal[] {
  const talks = profile.invitedTalks ?? 0;
  const rankedOrganization = evidence.some(
    (item) => item.criterion === 'leading_role' && item.fields.reputationEvidence === 'rankings',
  );
  const grants = profile.competitiveGrants?.trim() ?? '';
  return [
    {
      id: 'invited_talks',
      label: 'Unsolicited invitations to speak at recognized conferences',
      present: talks > 0,
      detail: talks > 0 ? `${String(talks)} invited talks.` : 'No invited talks recorded.',
    },
    {
      id: 'top_institution',
      label: 'Work at an R1/R2 or similarly ranked institution',
      present: profile.topRankedInstitution === true || rankedOrganization,
      detail:
        profile.topRankedInstitution === true || rankedOrganization
          ? 'Works or worked at a highly ranked institution.'
          : 'No highly ranked institution recorded.',
    },
    {
      id: 'competitive_grants',
      label: 'Named on competitive government grants',
      present: grants !== '',
      detail: grants !== '' ? `Grants: ${grants}.` : 'No competitive government grants recorded.',
    },
  ];
}

function continuingWorkOf(profile: CaseProfile): ContinuingWork {
  switch (profile.usPlanEvidence) {
    case 'job_offer':
      return {
        satisfied: true,
        detail: 'A US job offer shows the client will continue work in the field (8 CFR 204.5(h)(5)).',
      };
    case 'contracts':
      return {
        satisfied: true,
        detail: 'US contracts or client letters show continuing work in the field (8 CFR 204.5(h)(5)).',
      };
    case 'detailed_statement':
      return {
        satisfied: true,
        detail: 'The client’s detailed statement of US plans addresses 8 CFR 204.5(h)(5).',
      };
    case 'brief_statement':
      return {
        satisfied: false,
        detail: 'Only a brief statement of US plans; (h)(5) needs offers, contracts or a detailed statement.',
      };
    case 'none':
    case undefined:
      return {
        satisfied: false,
        detail: profile.usPlans?.trim()
          ? 'US plans are described but not documented; add offers, contracts or a detailed statement (8 CFR 204.5(h)(5)).'
          : 'No evidence yet that the client will continue work in the field in the US (8 CFR 204.5(h)(5)).',
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Next actions
// ---------------------------------------------------------------------------------------------

/** Signals of the final merits a strong case shows, out of seven [practice]. */
const MERITS_FOR_STRONG = 3;

const IMPACT_RANK: Record<Impact, number> = { decisive: 0, high: 1, medium: 2, low: 3 };

function nextActionsFor(
  criteria: readonly CriterionAssessment[],
  hygiene: readonly HygieneIssue[],
  merits: readonly MeritsSignal[],
  continuingWork: ContinuingWork,
  stepOneSatisfied: boolean,
  metCount: number,
): NextAction[] {
  const actions: NextAction[] = [];
  const shortBy = Math.max(0, CRITERIA_NEEDED - metCount);
  const progress = `${String(metCount)} met of the ${String(CRITERIA_NEEDED)} criteria needed`;

  if (!continuingWork.satisfied) {
    actions.push({
      impact: 'decisive',
      action:
        'Document the plan to continue work in the field in the US: a job offer, contracts or a detailed statement.',
      why: '8 CFR 204.5(h)(5) requires clear evidence of continuing work in the US, however strong the record.',
    });
  }
  for (const criterion of criteria) {
    if (criterion.verdict === 'likely') {
      for (const step of criterion.missing) {
        actions.push({
          impact: stepOneSatisfied ? 'medium' : 'decisive',
          action: step,
          why: stepOneSatisfied
            ? `Moves ${criterion.label} from likely to met: a buffer if an officer rejects another criterion.`
            : `Moves ${criterion.label} from likely to met; ${progress}.`,
          criterion: criterion.criterion,
        });
      }
    }
  }
  for (const issue of hygiene) {
    actions.push({
      impact: 'high',
      action: issue.message,
      why: 'An exhibit with this defect carries no or little weight.',
      exhibitNumber: issue.exhibitNumber,
    });
  }
  for (const criterion of criteria) {
    if (criterion.verdict === 'weak') {
      const step =
        criterion.missing[0] ?? `Find stronger evidence for ${criterion.label} or stop claiming it.`;
      actions.push({
        impact: stepOneSatisfied ? 'low' : 'high',
        action: step,
        why: stepOneSatisfied
          ? `${criterion.label} is weak; claiming it as filed invites an RFE.`
          : `${criterion.label} is weak as filed; ${progress}, ${String(shortBy)} short.`,
        criterion: criterion.criterion,
      });
    }
  }
  if (!stepOneSatisfied) {
    const claimable = criteria.filter(
      (criterion) =>
        criterion.verdict === 'not_claimed' &&
        criterion.criterion !== 'exhibitions' &&
        criterion.criterion !== 'commercial_success',
    );
    for (const criterion of claimable) {
      actions.push({
        impact: 'medium',
        action: `Look for evidence of ${criterion.label}: ${CRITERIA[criterion.criterion].requirement}`,
        why: `${criterion.label} is not claimed; ${progress}.`,
        criterion: criterion.criterion,
      });
    }
  }
  const meritsMatter = merits.filter((signal) => signal.present).length < MERITS_FOR_STRONG;
  for (const signal of merits) {
    if (!signal.present) {
      actions.push({
        impact: stepOneSatisfied && meritsMatter ? 'high' : 'low',
        action: `Final merits, ${signal.label}: ${signal.detail}`,
        why: 'The officer weighs the whole record for sustained acclaim at the top of the field (Kazarian step 2).',
      });
    }
  }
  // A stable sort keeps the order above inside each impact level: required elements, then cheap fixes.
  return actions.sort((a, b) => IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact]);
}

// ---------------------------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------------------------

function findOneTimeAchievement(evidence: readonly Evidence[], hygiene: ReadonlyMap<number, HygieneIssue[]>) {
  for (const item of evidence) {
    if (
      item.criterion === 'awards' &&
      isMajorInternationalAward(item.fields) &&
      !hygiene.has(item.exhibitNumber)
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

  const criteria = CRITERION_IDS.map((criterion) =>
    assessCriterion(
      criterion,
      input.evidence.filter((item) => item.criterion === criterion),
      hygieneByExhibit,
    ),
  );
  const findingsByExhibit = new Map(
    criteria.flatMap((criterion) =>
      criterion.findings.map((finding) => [finding.exhibitNumber, finding] as const),
    ),
  );
  const metCount = criteria.filter((criterion) => criterion.verdict === 'met').length;
  const likelyCount = criteria.filter((criterion) => criterion.verdict === 'likely').length;
  const oneTimeAchievement = findOneTimeAchievement(input.evidence, hygieneByExhibit);
  const stepOneSatisfied = oneTimeAchievement !== null || metCount >= CRITERIA_NEEDED;
  const stepOneReachable = oneTimeAchievement !== null || metCount + likelyCount >= CRITERIA_NEEDED;

  const finalMerits = [
    sustainedSignal(input.evidence, input.asOfYear),
    independentRecognitionSignal(input.evidence, findingsByExhibit),
    rankedVenuesSignal(input.evidence),
    citationsSignal(input.evidence, profile),
    ...profileSignals(profile, input.evidence),
  ];
  const meritsPresent = finalMerits.filter((signal) => signal.present).length;
  const continuingWork = continuingWorkOf(profile);

  let overall: OverallAssessment;
  let overallReason: string;
  const basis = oneTimeAchievement
    ? `a one-time achievement (${oneTimeAchievement.award}, ${exhibitRef([oneTimeAchievement.exhibitNumber])})`
    : `${String(metCount)} ${metCount === 1 ? 'criterion' : 'criteria'} met and ${String(likelyCount)} likely, of ${String(CRITERIA_NEEDED)} needed`;
  if (!stepOneReachable) {
    overall = 'insufficient';
    overallReason = `Only ${basis}: the record does not reach the regulatory threshold.`;
  } else if (stepOneSatisfied && continuingWork.satisfied && meritsPresent >= MERITS_FOR_STRONG) {
    overall = 'strong';
    overallReason = `${capitalize(basis)}, ${String(meritsPresent)} final-merits signals, and continuing work in the US documented.`;
  } else {
    const gaps = [
      stepOneSatisfied ? '' : 'some criteria are only likely',
      continuingWork.satisfied ? '' : 'continuing work in the US is not documented',
      meritsPresent >= MERITS_FOR_STRONG ? '' : `only ${String(meritsPresent)} final-merits signals`,
    ].filter((gap) => gap !== '');
    overall = 'borderline';
    overallReason = `${capitalize(basis)}, but ${listWords(gaps)}.`;
  }

  return {
    criteria,
    oneTimeAchievement,
    metCount,
    likelyCount,
    needed: CRITERIA_NEEDED,
    stepOneSatisfied,
    finalMerits,
    continuingWork,
    hygiene,
    overall,
    overallReason,
    nextActions: nextActionsFor(criteria, hygiene, finalMerits, continuingWork, stepOneSatisfied, metCount),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
