// The analysis input (the case's claims and the intake profile) and its result, all as data.
import type { CriterionId } from '../criteria.ts';
import type { Evidence } from '../evidence.ts';
import type { Finding } from './findings.ts';

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

/**
 * One claim: an exhibit claimed under one criterion, with that criterion's facts. An exhibit claimed
 * under several criteria appears once per claim, with the same exhibit number.
 */
export type AnalysisItem = Evidence & {
  /** How many documents are attached to the exhibit; absent or 0 means the facts are not yet backed by a file. */
  readonly documentCount?: number;
};

export interface CaseInput {
  readonly evidence: readonly AnalysisItem[];
  readonly profile?: CaseProfile;
  /** The year the analysis is for, to check acclaim is still current; omitted, recency is not judged. */
  readonly asOfYear?: number;
}

export type Verdict = 'met' | 'likely' | 'weak' | 'not_claimed';
export type ClaimVerdict = Exclude<Verdict, 'not_claimed'>;

/** What one claim (an exhibit under one criterion) does for that criterion. */
export interface ClaimAssessment {
  exhibitNumber: number;
  criterion: CriterionId;
  verdict: ClaimVerdict;
  /** It cannot count at step 1 whatever is added (an employer-internal award, a paid membership…). */
  excluded: boolean;
  reasons: Finding[];
  missing: Finding[];
  rfeRisks: Finding[];
}

/** An exhibit that does not count under a criterion and should be left out of the petition there. */
export interface ExcludedExhibit {
  exhibitNumber: number;
  criterion: CriterionId;
  /** Why it cannot count. */
  reasons: Finding[];
}

export interface CriterionAssessment {
  criterion: CriterionId;
  verdict: Verdict;
  /** Every exhibit claimed under the criterion, ascending. */
  exhibitNumbers: number[];
  /** The exhibits that can count (claimed, not excluded), ascending. */
  supportingExhibits: number[];
  /** Claimed exhibits that cannot count at step 1; never listed as support. */
  excludedExhibits: number[];
  /**
   * For a met criterion, true when every exhibit that meets it has a document attached: "met and
   * documented" rather than "met on the facts entered".
   */
  documented: boolean;
  /** Why, citing exhibits. */
  reasons: Finding[];
  /** What would move the criterion to met; empty when met. */
  missing: Finding[];
  rfeRisks: Finding[];
  /** One `criterion.documents_missing` per supporting exhibit with no document attached. */
  documentsMissing: Finding[];
  claims: ClaimAssessment[];
}

export type HygieneProblem =
  'missing_translation' | 'incomplete_publication_details' | 'incomplete_letter' | 'duplicate_exhibit_number';

export interface HygieneIssue {
  exhibitNumber: number;
  problem: HygieneProblem;
  finding: Finding;
}

export const MERITS_SIGNAL_IDS = [
  'sustained',
  'independent_recognition',
  'ranked_venues',
  'citations',
  'invited_talks',
  'top_institution',
  'competitive_grants',
] as const;

export type MeritsSignalId = (typeof MERITS_SIGNAL_IDS)[number];

/** A final-merits signal (USCIS Policy Manual Vol. 6 Part F Ch. 2): present or not, and the facts behind it. */
export interface MeritsSignal {
  id: MeritsSignalId;
  present: boolean;
  detail: Finding;
}

export interface ContinuingWork {
  satisfied: boolean;
  detail: Finding;
}

export interface OneTimeAchievement {
  exhibitNumber: number;
  award: string;
}

export type OverallAssessment = 'strong' | 'borderline' | 'insufficient';

/** What keeps a case that reaches the threshold from being strong. */
export type OverallGap = 'step_one_likely' | 'continuing_work' | 'thin_merits';

/** decisive: eligibility turns on it; high: a real risk; medium: a buffer; low: polish. */
export type Impact = 'decisive' | 'high' | 'medium' | 'low';

export interface NextAction {
  impact: Impact;
  action: Finding;
  why: Finding;
}

export interface CaseAnalysis {
  /** All ten, in regulation order. */
  criteria: CriterionAssessment[];
  oneTimeAchievement: OneTimeAchievement | null;
  /** Criteria met, never claims: an exhibit met under one criterion and weak under two adds one. */
  metCount: number;
  likelyCount: number;
  needed: number;
  /** Step 1 is satisfied: a one-time achievement or at least three criteria met. */
  stepOneSatisfied: boolean;
  /** Exhibits that cannot count under the criterion they are claimed under, in exhibit order. */
  excluded: ExcludedExhibit[];
  finalMerits: MeritsSignal[];
  meritsPresent: number;
  continuingWork: ContinuingWork;
  /** Once per exhibit number. */
  hygiene: HygieneIssue[];
  overall: OverallAssessment;
  /** Empty unless borderline. */
  overallGaps: OverallGap[];
  /** Most impactful first. */
  nextActions: NextAction[];
}
