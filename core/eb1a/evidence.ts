// The evidence model: one exhibit per item, its typed facts per criterion, the questions that collect them, and their validation.
import { z } from 'zod';
import { CRITERION_IDS } from './criteria.ts';
import type { CriterionId } from './criteria.ts';
import { cleanTypedText } from './typed-text.ts';

// ---------------------------------------------------------------------------------------------
// Field specs. Each criterion's facts are declared once, as the questions a conversation asks;
// the TypeScript types and the zod schemas are both derived from these declarations so the
// bot, the API and the analysis can never disagree about a field.
// ---------------------------------------------------------------------------------------------

export type FieldKind = 'text' | 'number' | 'year' | 'yesno' | 'choice';

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

export interface FieldSpec {
  readonly key: string;
  /** The question put to the lawyer. */
  readonly prompt: string;
  readonly kind: FieldKind;
  /** A required field must be answered before the exhibit is saved; optional ones may be skipped. */
  readonly required: boolean;
  readonly help?: string;
  /** Only for kind 'choice'. */
  readonly options?: readonly ChoiceOption[];
}

type ValueOf<F> = F extends { kind: 'choice'; options: readonly (infer O)[] }
  ? O extends { value: infer V }
    ? V
    : never
  : F extends { kind: 'text' }
    ? string
    : F extends { kind: 'number' | 'year' }
      ? number
      : F extends { kind: 'yesno' }
        ? boolean
        : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed record a list of field specs describes: required keys present, optional keys optional. */
export type FieldsOf<S extends readonly FieldSpec[]> = Simplify<
  { [F in S[number] as F extends { required: true } ? F['key'] : never]: ValueOf<F> } & {
    [F in S[number] as F extends { required: false } ? F['key'] : never]?: ValueOf<F>;
  }
>;

const YES_NO_HELP = 'Answer yes or no.';

const AWARD_FIELDS = [
  { key: 'name', prompt: 'What is the award called?', kind: 'text', required: true },
  { key: 'issuer', prompt: 'Who grants it (organization)?', kind: 'text', required: true },
  { key: 'year', prompt: 'In what year did the client receive it?', kind: 'year', required: true },
  {
    key: 'scope',
    prompt: 'Who could compete for it?',
    kind: 'choice',
    required: true,
    help: 'Employer-internal, school-only and local awards do not meet 8 CFR 204.5(h)(3)(i).',
    options: [
      { value: 'employer', label: 'Only employees of one employer' },
      { value: 'school', label: 'Only students or staff of one school' },
      { value: 'local', label: 'A city or local community' },
      { value: 'regional', label: 'A state, province or region' },
      { value: 'national', label: 'The whole country' },
      { value: 'international', label: 'Candidates from several countries' },
    ],
  },
  {
    key: 'awardeeCount',
    prompt: 'How many people received it in that cycle?',
    kind: 'number',
    required: false,
    help: 'Fewer awardees out of a larger pool shows selectivity.',
  },
  {
    key: 'selectionCriteria',
    prompt: 'On what basis are winners chosen, and by whom?',
    kind: 'text',
    required: false,
    help: 'The award must be for excellence in the field, not for attendance, service or a grant of funds.',
  },
  {
    key: 'recognitionDocumented',
    prompt:
      'Do you have documents showing the award itself is nationally or internationally recognized (press about the award, its standing), beyond the issuer’s own website?',
    kind: 'yesno',
    required: true,
    help: YES_NO_HELP,
  },
  {
    key: 'recipientIsPerson',
    prompt:
      'Was it given to the client by name (not to the employer)? A team award counts if the client is named.',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'inField',
    prompt: 'Is the award in the client’s own field of endeavor?',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'majorInternationalAward',
    prompt:
      'Is this a major, internationally recognized award on the level of a Nobel Prize, Pulitzer, Oscar or Olympic medal?',
    kind: 'yesno',
    required: false,
    help: 'Such an award alone establishes eligibility as a one-time achievement (8 CFR 204.5(h)(3)).',
  },
] as const satisfies readonly FieldSpec[];

const MEMBERSHIP_FIELDS = [
  { key: 'association', prompt: 'Which association?', kind: 'text', required: true },
  {
    key: 'level',
    prompt: 'What level of membership does the client hold (e.g. Fellow, Senior Member, Member)?',
    kind: 'text',
    required: true,
  },
  {
    key: 'admissionBasis',
    prompt: 'What does admission at that level require?',
    kind: 'choice',
    required: true,
    help: 'Only outstanding achievement, judged by recognized experts, meets 8 CFR 204.5(h)(3)(ii).',
    options: [
      {
        value: 'outstanding_achievement',
        label: 'Outstanding achievements, reviewed by experts or elected by peers',
      },
      { value: 'degree', label: 'A degree or a professional qualification' },
      { value: 'experience', label: 'Years of experience' },
      { value: 'fee', label: 'Paying a fee or subscription' },
      { value: 'union_required', label: 'Union or guild membership required to work' },
      { value: 'other', label: 'Something else' },
    ],
  },
  {
    key: 'judgedByRecognizedExperts',
    prompt:
      'Are candidates for that level judged by recognized national or international experts (e.g. fellows electing fellows)?',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'admissionRulesDocumented',
    prompt: 'Do you have the bylaws or published admission rules that show the requirement?',
    kind: 'yesno',
    required: false,
  },
  {
    key: 'sinceYear',
    prompt: 'In what year was the client admitted at that level?',
    kind: 'year',
    required: false,
  },
] as const satisfies readonly FieldSpec[];

const PUBLISHED_MATERIAL_FIELDS = [
  {
    key: 'outlet',
    prompt: 'Which publication, site or broadcaster published it?',
    kind: 'text',
    required: true,
  },
  {
    key: 'headline',
    prompt: 'What is the title of the piece, exactly as published?',
    kind: 'text',
    required: false,
    help: '8 CFR 204.5(h)(3)(iii) requires the title, date and author.',
  },
  {
    key: 'publicationDate',
    prompt: 'When was it published (day, month, year)?',
    kind: 'text',
    required: false,
  },
  { key: 'author', prompt: 'Who wrote it (byline)?', kind: 'text', required: false },
  {
    key: 'outletType',
    prompt: 'What kind of outlet is it?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'major_media', label: 'Major media' },
      { value: 'professional_trade', label: 'Professional or major trade publication' },
      { value: 'other', label: 'Other (blog, local outlet, company newsletter)' },
    ],
    help: 'Major media: national newspapers, magazines, broadcasters, major news sites.',
  },
  {
    key: 'circulation',
    prompt: 'What is the outlet’s circulation or audience (readers or monthly visitors)?',
    kind: 'number',
    required: false,
    help: 'Officers ask for circulation or audience data to accept an outlet as major.',
  },
  {
    key: 'subject',
    prompt: 'What is the piece about?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'about_person', label: 'The client and their work' },
      { value: 'discusses_work', label: 'A broader topic that discusses the client’s work substantially' },
      { value: 'mentions_only', label: 'Mentions the client in passing' },
      { value: 'about_employer', label: 'The employer or a product, not the client' },
    ],
  },
  {
    key: 'paidOrMarketing',
    prompt: 'Was it paid for, sponsored, a press release or other marketing?',
    kind: 'yesno',
    required: true,
  },
] as const satisfies readonly FieldSpec[];

const JUDGING_FIELDS = [
  {
    key: 'venue',
    prompt: 'For which journal, conference, competition or agency did the client judge?',
    kind: 'text',
    required: true,
  },
  {
    key: 'kind',
    prompt: 'What kind of judging was it?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'peer_review', label: 'Peer review of manuscripts' },
      { value: 'abstract_review', label: 'Review of conference abstracts or papers (program committee)' },
      { value: 'grant_panel', label: 'Grant review panel' },
      { value: 'thesis_committee', label: 'Thesis or dissertation committee' },
      { value: 'competition_jury', label: 'Competition or award jury' },
      { value: 'other_panel', label: 'Another panel judging others’ work' },
    ],
  },
  {
    key: 'proof',
    prompt: 'What proof do you have?',
    kind: 'choice',
    required: true,
    help: 'An invitation alone does not show participation.',
    options: [
      {
        value: 'completed',
        label: 'Proof the review was done (confirmation, thank-you with manuscript ID, reviewer record)',
      },
      { value: 'invitation_only', label: 'Only the invitation' },
    ],
  },
  {
    key: 'sameOrAlliedField',
    prompt: 'Was the work judged in the client’s field or an allied field?',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'reviewCount',
    prompt: 'How many reviews or evaluations did the client complete?',
    kind: 'number',
    required: false,
  },
  { key: 'year', prompt: 'In what year (the most recent, if several)?', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const ORIGINAL_CONTRIBUTION_FIELDS = [
  {
    key: 'description',
    prompt: 'Describe the contribution in one or two sentences: what is original about it?',
    kind: 'text',
    required: true,
  },
  { key: 'year', prompt: 'In what year was it first published or released?', kind: 'year', required: false },
  {
    key: 'citations',
    prompt: 'How many citations does the work behind it have?',
    kind: 'number',
    required: false,
  },
  {
    key: 'fieldCitationBenchmark',
    prompt:
      'What citation count is high for this field and year (e.g. the Clarivate Essential Science Indicators top-1% threshold)?',
    kind: 'number',
    required: false,
    help: 'Citations carry weight when shown to be high for the field, not as a bare number.',
  },
  {
    key: 'patentStatus',
    prompt: 'Is there a patent, and what is its status?',
    kind: 'choice',
    required: false,
    options: [
      { value: 'none', label: 'No patent' },
      { value: 'pending', label: 'Pending application' },
      { value: 'granted', label: 'Granted, not licensed' },
      { value: 'licensed_or_commercialized', label: 'Licensed or commercialized' },
    ],
  },
  {
    key: 'adoptedByOthers',
    prompt: 'Is there documented adoption or use by others outside the client’s employer?',
    kind: 'yesno',
    required: false,
    help: 'E.g. other labs or companies using the method, standards bodies, products built on it.',
  },
] as const satisfies readonly FieldSpec[];

const SCHOLARLY_ARTICLE_FIELDS = [
  { key: 'articleTitle', prompt: 'Title of the article?', kind: 'text', required: true },
  { key: 'venue', prompt: 'Journal, proceedings or publication?', kind: 'text', required: true },
  { key: 'year', prompt: 'Year of publication?', kind: 'year', required: true },
  {
    key: 'publicationType',
    prompt: 'Where did it appear?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'journal', label: 'Journal' },
      { value: 'conference_proceedings', label: 'Conference proceedings' },
      { value: 'trade_publication', label: 'Professional or major trade publication' },
      { value: 'major_media', label: 'Other major media' },
      { value: 'preprint', label: 'Preprint only (e.g. arXiv)' },
      { value: 'other', label: 'Other (blog, company site)' },
    ],
  },
  { key: 'peerReviewed', prompt: 'Was it peer-reviewed?', kind: 'yesno', required: true },
  {
    key: 'authorRole',
    prompt: 'What was the client’s authorship role?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'sole', label: 'Sole author' },
      { value: 'lead', label: 'Lead (first) author' },
      { value: 'senior', label: 'Senior (last or corresponding) author' },
      { value: 'co_author', label: 'Co-author' },
    ],
  },
  { key: 'citations', prompt: 'How many citations does it have?', kind: 'number', required: false },
  {
    key: 'venueRanking',
    prompt: 'How is the venue ranked in the field?',
    kind: 'choice',
    required: false,
    options: [
      { value: 'top', label: 'Top tier (e.g. Q1, A*)' },
      { value: 'ranked', label: 'Ranked (e.g. Q2-Q3, A-B)' },
      { value: 'unranked', label: 'Unranked or unknown' },
    ],
  },
] as const satisfies readonly FieldSpec[];

const EXHIBITION_FIELDS = [
  { key: 'venue', prompt: 'Where was the work shown (venue, city or online)?', kind: 'text', required: true },
  { key: 'exhibitionName', prompt: 'Name of the exhibition or showcase?', kind: 'text', required: false },
  {
    key: 'venueKind',
    prompt: 'What kind of venue is it?',
    kind: 'choice',
    required: true,
    help: 'Science talks and trade shows are not artistic exhibitions; they can only be comparable evidence.',
    options: [
      { value: 'artistic', label: 'Artistic (gallery, museum, festival, artistic showcase, also virtual)' },
      { value: 'scientific_conference', label: 'Scientific or academic conference' },
      { value: 'trade_show', label: 'Trade show or product fair' },
      { value: 'other_non_artistic', label: 'Other non-artistic event' },
    ],
  },
  { key: 'ownWork', prompt: 'Was the client’s own work shown?', kind: 'yesno', required: true },
  { key: 'year', prompt: 'In what year?', kind: 'year', required: true },
  { key: 'juried', prompt: 'Was the work selected by a jury or curator?', kind: 'yesno', required: false },
] as const satisfies readonly FieldSpec[];

const LEADING_ROLE_FIELDS = [
  {
    key: 'organization',
    prompt: 'Which organization (and division, if the role is in one)?',
    kind: 'text',
    required: true,
  },
  { key: 'jobTitle', prompt: 'The client’s title?', kind: 'text', required: true },
  { key: 'duties', prompt: 'What did the client do in that role, concretely?', kind: 'text', required: true },
  {
    key: 'roleKind',
    prompt: 'Was the role leading or critical?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'leading', label: 'Leading: a leadership title with matching duties' },
      { value: 'critical', label: 'Critical: contributed significantly to the organization’s outcomes' },
      { value: 'ordinary', label: 'Neither: a regular staff role' },
    ],
  },
  {
    key: 'reputationEvidence',
    prompt: 'What documents show the organization’s distinguished reputation?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'rankings', label: 'Rankings' },
      { value: 'major_media', label: 'Major media coverage' },
      { value: 'grants_or_funding', label: 'Competitive grants or significant funding' },
      { value: 'major_customers', label: 'Major customers or partners' },
      { value: 'asserted_only', label: 'None yet: only our statement' },
    ],
  },
  {
    key: 'distinguishedFromColleagues',
    prompt:
      'Does the evidence show how the client’s role differs from colleagues’ (org chart, outcomes attributable to the client)?',
    kind: 'yesno',
    required: true,
  },
  { key: 'startYear', prompt: 'Start year?', kind: 'year', required: false },
  { key: 'endYear', prompt: 'End year (skip if current)?', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const HIGH_SALARY_FIELDS = [
  { key: 'amount', prompt: 'How much is (or will be) the client paid?', kind: 'number', required: true },
  { key: 'currency', prompt: 'In what currency (e.g. USD, EUR, INR)?', kind: 'text', required: true },
  {
    key: 'period',
    prompt: 'Per what period?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'year', label: 'Per year' },
      { value: 'month', label: 'Per month' },
      { value: 'hour', label: 'Per hour' },
    ],
  },
  {
    key: 'comparedInLocalCurrency',
    prompt:
      'Is the pay compared with wage data of the country where it was earned, in that currency (not converted to USD)?',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'comparisonSource',
    prompt: 'What wage data is it compared with?',
    kind: 'choice',
    required: true,
    options: [
      {
        value: 'government',
        label: 'Government data (BLS OEWS, CareerOneStop, a national statistics office)',
      },
      { value: 'industry_survey', label: 'A specific published industry or professional survey' },
      { value: 'self_reported', label: 'Self-reported sites (Glassdoor, Payscale and similar)' },
      { value: 'none', label: 'No comparison yet' },
    ],
  },
  {
    key: 'occupationMatch',
    prompt: 'Does the comparison data cover the client’s exact occupation or a broad category?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'exact', label: 'The same occupation and level' },
      { value: 'broad', label: 'A broad category' },
    ],
  },
  {
    key: 'locationMatch',
    prompt: 'Does the data cover the same city or region?',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'percentile',
    prompt: 'At what percentile of that data does the client’s pay fall (e.g. 90)?',
    kind: 'number',
    required: false,
  },
  { key: 'year', prompt: 'For what year is this pay?', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const COMMERCIAL_SUCCESS_FIELDS = [
  { key: 'work', prompt: 'Which work (film, album, show, tour)?', kind: 'text', required: true },
  {
    key: 'performingArts',
    prompt: 'Is the client’s field a performing art (music, film, theatre, dance)?',
    kind: 'yesno',
    required: true,
    help: '8 CFR 204.5(h)(3)(x) applies to the performing arts only.',
  },
  {
    key: 'salesFigures',
    prompt: 'What box office receipts or sales figures are documented (with source)?',
    kind: 'text',
    required: false,
  },
  {
    key: 'comparedWithPeers',
    prompt: 'Is there evidence comparing these figures with peers (charts, rankings, industry data)?',
    kind: 'yesno',
    required: true,
  },
  { key: 'year', prompt: 'In what year?', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

/** The questions to walk, per criterion, when a lawyer adds an exhibit. */
export const EVIDENCE_FIELDS = {
  awards: AWARD_FIELDS,
  membership: MEMBERSHIP_FIELDS,
  published_material: PUBLISHED_MATERIAL_FIELDS,
  judging: JUDGING_FIELDS,
  original_contributions: ORIGINAL_CONTRIBUTION_FIELDS,
  scholarly_articles: SCHOLARLY_ARTICLE_FIELDS,
  exhibitions: EXHIBITION_FIELDS,
  leading_role: LEADING_ROLE_FIELDS,
  high_salary: HIGH_SALARY_FIELDS,
  commercial_success: COMMERCIAL_SUCCESS_FIELDS,
} as const satisfies Record<CriterionId, readonly FieldSpec[]>;

/**
 * A letter is a form an exhibit takes, not a criterion: an expert's letter supports original
 * contributions, an editor's letter proves judging, an experience letter proves a leading role.
 * So any exhibit may carry these details, and the exhibit stays tied to the criterion it supports.
 */
export const LETTER_FIELDS = [
  {
    key: 'letterKind',
    prompt: 'What kind of letter is it?',
    kind: 'choice',
    required: true,
    options: [
      { value: 'expert_opinion', label: 'Expert opinion on the client’s work' },
      { value: 'experience', label: 'Experience letter from an employer or client (8 CFR 204.5(g)(1))' },
    ],
  },
  { key: 'writerName', prompt: 'Writer’s full name?', kind: 'text', required: false },
  { key: 'writerTitle', prompt: 'Writer’s title and organization?', kind: 'text', required: false },
  { key: 'writerAddress', prompt: 'Writer’s address as given on the letter?', kind: 'text', required: false },
  {
    key: 'independent',
    prompt: 'Is the writer independent (knows the work by reputation, never worked with the client)?',
    kind: 'yesno',
    required: false,
    help: 'Independent experts weigh more than collaborators.',
  },
  {
    key: 'howWriterKnowsWork',
    prompt: 'How does the writer know the client’s work?',
    kind: 'text',
    required: false,
  },
  {
    key: 'specificDescription',
    prompt: 'What specific work, results or duties does the letter describe (not the regulation’s words)?',
    kind: 'text',
    required: false,
  },
] as const satisfies readonly FieldSpec[];

export type FieldsByCriterion = { [C in CriterionId]: FieldsOf<(typeof EVIDENCE_FIELDS)[C]> };
export type AwardFields = FieldsByCriterion['awards'];
export type MembershipFields = FieldsByCriterion['membership'];
export type PublishedMaterialFields = FieldsByCriterion['published_material'];
export type JudgingFields = FieldsByCriterion['judging'];
export type OriginalContributionFields = FieldsByCriterion['original_contributions'];
export type ScholarlyArticleFields = FieldsByCriterion['scholarly_articles'];
export type ExhibitionFields = FieldsByCriterion['exhibitions'];
export type LeadingRoleFields = FieldsByCriterion['leading_role'];
export type HighSalaryFields = FieldsByCriterion['high_salary'];
export type CommercialSuccessFields = FieldsByCriterion['commercial_success'];
export type SupportLetter = FieldsOf<typeof LETTER_FIELDS>;

interface EvidenceBase {
  readonly id: string;
  readonly exhibitNumber: number;
  /** What the exhibit is, as it will appear in the exhibit index. */
  readonly title: string;
  /** Present when the exhibit is a letter. */
  readonly letter?: SupportLetter;
  /** Language of the original document; absent means English. */
  readonly language?: string;
  readonly certifiedTranslation?: boolean;
  readonly createdAt?: Date;
}

export type EvidenceOf<C extends CriterionId> = EvidenceBase & {
  readonly criterion: C;
  readonly fields: FieldsByCriterion[C];
};

/** One exhibit, tied to the criterion it supports; `fields` narrows with `criterion`. */
export type Evidence = { [C in CriterionId]: EvidenceOf<C> }[CriterionId];

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;

function fieldSchema(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'text':
      return z.string().trim().min(1);
    case 'number':
      return z.number().finite().nonnegative();
    case 'year':
      return z.number().int().min(EARLIEST_YEAR).max(LATEST_YEAR);
    case 'yesno':
      return z.boolean();
    case 'choice': {
      const values = (spec.options ?? []).map((option) => option.value);
      return z.enum(values as [string, ...string[]]);
    }
  }
}

function objectSchema(specs: readonly FieldSpec[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of specs) {
    shape[spec.key] = spec.required ? fieldSchema(spec) : fieldSchema(spec).optional();
  }
  return z.strictObject(shape);
}

// Built from the specs at runtime, so the static type comes from FieldsOf; the unit tests check
// that factory-built exhibits of every criterion pass these schemas and that wrong values fail.
export const EVIDENCE_FIELD_SCHEMAS = Object.fromEntries(
  CRITERION_IDS.map((criterion) => [criterion, objectSchema(EVIDENCE_FIELDS[criterion])]),
) as unknown as { readonly [C in CriterionId]: z.ZodType<FieldsByCriterion[C]> };

export const supportLetterSchema = objectSchema(LETTER_FIELDS) as unknown as z.ZodType<SupportLetter>;

function evidenceSchemaFor(criterion: CriterionId) {
  return z.strictObject({
    id: z.string().min(1),
    exhibitNumber: z.number().int().positive(),
    criterion: z.literal(criterion),
    title: z.string().trim().min(1),
    fields: EVIDENCE_FIELD_SCHEMAS[criterion],
    letter: supportLetterSchema.optional(),
    language: z.string().trim().min(1).optional(),
    certifiedTranslation: z.boolean().optional(),
    createdAt: z.coerce.date().optional(),
  });
}

/** Validates a whole exhibit from the bot or the API; `criterion` picks the field schema. */
export const evidenceSchema = z.discriminatedUnion(
  'criterion',
  CRITERION_IDS.map(evidenceSchemaFor) as unknown as [
    ReturnType<typeof evidenceSchemaFor>,
    ...ReturnType<typeof evidenceSchemaFor>[],
  ],
) as unknown as z.ZodType<Evidence>;

export function parseEvidence(input: unknown): Evidence {
  return evidenceSchema.parse(input);
}

// ---------------------------------------------------------------------------------------------
// Turning a lawyer's typed answer into a field value
// ---------------------------------------------------------------------------------------------

export type FieldValue = string | number | boolean;

/** What is wrong with a typed answer, as a message key of answers.ftl (the doors word it per language). */
export type AnswerProblemKey =
  'answer-empty' | 'answer-too-long' | 'answer-number' | 'answer-year' | 'answer-yes-no' | 'answer-choice';

export interface AnswerProblem {
  readonly key: AnswerProblemKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** For `answer-choice` the caller appends the option labels, translated, after the message. */
export type ParsedAnswer = { ok: true; value: FieldValue } | { ok: false; problem: AnswerProblem };

const YES = new Set(['yes', 'y', 'true', 'да', 'д']);
const NO = new Set(['no', 'n', 'false', 'нет', 'н']);

/** Reads "yes"/"no" (and "да"/"нет", "д"/"н"); undefined when the text is neither. */
export function parseYesNo(text: string): boolean | undefined {
  const normalized = text.trim().toLowerCase().replace(/[.!]$/, '');
  if (YES.has(normalized)) return true;
  if (NO.has(normalized)) return false;
  return undefined;
}

/** Currency marks a lawyer writes before or after an amount; the amount alone is read. */
const CURRENCY = String.raw`(?:[$€₽£]|usd|eur|rub|gbp|руб(?:\.|лей|ля|ль)?|р\.|долл(?:\.|аров|ара)?|евро)`;
const LEADING_CURRENCY = new RegExp(`^${CURRENCY}\\s*`, 'iu');
const TRAILING_CURRENCY = new RegExp(`\\s*(?:${CURRENCY}|р)$`, 'iu');

/** Digits grouped by spaces (any kind, the non-breaking ones too): "1 900 000", "1 900 000,50". */
const SPACE_GROUPED = /^\d{1,3}(?:\s\d{3})+(?:[.,]\d+)?$/u;

function readDigits(compact: string): number | undefined {
  if (/^\d+$/.test(compact)) return Number(compact);
  const lastComma = compact.lastIndexOf(',');
  const lastDot = compact.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the last one is the decimal mark, the other groups thousands ("1,900,000.50", "1.900.000,50").
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const [whole = '', fraction = ''] = compact.split(decimal);
    const grouped = new RegExp(`^\\d{1,3}(?:\\${group}\\d{3})+$`);
    if (compact.split(decimal).length !== 2 || !grouped.test(whole) || !/^\d+$/.test(fraction))
      return undefined;
    return Number(`${whole.split(group).join('')}.${fraction}`);
  }
  const mark = lastComma >= 0 ? ',' : '.';
  const parts = compact.split(mark);
  if (parts.some((part) => !/^\d+$/.test(part))) return undefined;
  if (parts.length > 2) {
    // "1,900,000" or "1.900.000": only thousands groups.
    const [first = '', ...rest] = parts;
    return first.length <= 3 && rest.every((part) => part.length === 3) ? Number(parts.join('')) : undefined;
  }
  const [whole = '', fraction = ''] = parts;
  // "1,200" groups thousands; "85000,50" and "85000.50" are decimals (a comma is the Russian decimal mark).
  if (mark === ',' && whole.length <= 3 && fraction.length === 3) return Number(whole + fraction);
  return Number(`${whole}.${fraction}`);
}

/**
 * Reads an amount as lawyers type it in either language: "1200", "1,200", "1 900 000" (also with
 * non-breaking spaces), "1.900.000", "85000,50", "$310,000", "1 900 000 ₽", "5000 руб."; undefined when the
 * text is not one plain amount.
 */
export function parseAmount(text: string): number | undefined {
  const bare = text.trim().replace(LEADING_CURRENCY, '').replace(TRAILING_CURRENCY, '').replace(/_/g, '');
  if (/\d\s+\d/u.test(bare) && !SPACE_GROUPED.test(bare.replace(/\s+/gu, ' '))) return undefined;
  const compact = bare.replace(/\s+/gu, '');
  if (!/^\d[\d.,]*$/.test(compact) || /[.,]$/.test(compact)) return undefined;
  return readDigits(compact);
}

/** "2021", "2021 г.", "2021 год": the four-digit year, when it is in range. */
export function parseYear(text: string): number | undefined {
  const bare = text
    .trim()
    .toLowerCase()
    .replace(/\s*(?:г\.?|год[ау]?)$/u, '');
  if (!/^\d{4}$/.test(bare)) return undefined;
  const year = Number(bare);
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR ? year : undefined;
}

/**
 * Converts the text a lawyer typed for one field into its typed value, or says what is wrong. A choice is
 * matched by value, by its number in the list, or by label: pass the options with the labels the lawyer
 * was shown (translated) so a label typed in their language matches.
 */
export function parseFieldAnswer(spec: Pick<FieldSpec, 'kind' | 'options'>, text: string): ParsedAnswer {
  const trimmed = cleanTypedText(text);
  if (trimmed === '') return { ok: false, problem: { key: 'answer-empty' } };
  switch (spec.kind) {
    case 'text':
      return { ok: true, value: trimmed };
    case 'number': {
      const amount = parseAmount(trimmed);
      return amount === undefined
        ? { ok: false, problem: { key: 'answer-number' } }
        : { ok: true, value: amount };
    }
    case 'year': {
      const year = parseYear(trimmed);
      return year === undefined ? { ok: false, problem: { key: 'answer-year' } } : { ok: true, value: year };
    }
    case 'yesno': {
      const answer = parseYesNo(trimmed);
      return answer === undefined
        ? { ok: false, problem: { key: 'answer-yes-no' } }
        : { ok: true, value: answer };
    }
    case 'choice': {
      const options = spec.options ?? [];
      const lowered = trimmed.toLowerCase();
      const byPosition = /^\d+$/.test(trimmed) ? options[Number(trimmed) - 1] : undefined;
      const chosen =
        byPosition ??
        options.find((option) => option.value === lowered || option.label.toLowerCase() === lowered);
      return chosen === undefined
        ? { ok: false, problem: { key: 'answer-choice' } }
        : { ok: true, value: chosen.value };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Exhibit references, shared by the analysis reasons and the rendered summaries
// ---------------------------------------------------------------------------------------------

/** "Exhibit 3", "Exhibits 1 and 4", "Exhibits 1, 2 and 7". */
export function exhibitRef(exhibitNumbers: readonly number[]): string {
  const sorted = [...new Set(exhibitNumbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'no exhibit';
  if (sorted.length === 1) return `Exhibit ${String(sorted[0])}`;
  const last = sorted[sorted.length - 1];
  return `Exhibits ${sorted.slice(0, -1).join(', ')} and ${String(last)}`;
}

const ENGLISH = new Set(['en', 'eng', 'english']);

/** True when the original document is not in English, so 8 CFR 103.2(b)(3) requires a certified translation. */
export function isForeignLanguage(evidence: Pick<Evidence, 'language'>): boolean {
  if (evidence.language === undefined) return false;
  const primary = evidence.language.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return !ENGLISH.has(primary);
}
