// The evidence model: an exhibit claimed under one or more criteria, each claim with that criterion's typed
// facts, the questions that collect them (their words are in fields.ftl), and their validation.
import { z } from 'zod';
import { CRITERION_IDS } from './criteria.ts';
import type { CriterionId } from './criteria.ts';
import { cleanTypedText } from './typed-text.ts';

// ---------------------------------------------------------------------------------------------
// Field specs. Each criterion's facts are declared once, as the questions a conversation asks;
// the TypeScript types and the zod schemas are both derived from these declarations so the
// bot, the API and the analysis can never disagree about a field. The words of each question,
// its help and its option labels live in the Fluent files (fields.ftl), under keys derived below.
// ---------------------------------------------------------------------------------------------

export type FieldKind = 'text' | 'number' | 'year' | 'yesno' | 'choice';

/** An option of an evidence question; its label is in fields.ftl (fieldOptionKey). */
export interface FieldOption {
  readonly value: string;
  /** Only lists outside the evidence questions carry their label here. */
  readonly label?: string;
}

/** An option that carries its own label (lists outside the evidence questions). */
export interface ChoiceOption extends FieldOption {
  readonly label: string;
}

export interface FieldSpec {
  readonly key: string;
  readonly kind: FieldKind;
  /** A required field must be answered before the exhibit is saved; optional ones may be skipped. */
  readonly required: boolean;
  /** The question has a help text (fieldHelpKey). */
  readonly help?: true;
  /** Only for kind 'choice'. */
  readonly options?: readonly FieldOption[];
}

/** Whose questions these are: a criterion's, or the support letter's. */
export type FieldOwner = CriterionId | 'letter';

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** The question: `fields-published-material-outlet-type`. */
export function fieldQuestionKey(owner: FieldOwner, key: string): string {
  return `fields-${kebab(owner)}-${kebab(key)}`;
}

/** The short name of the fact, for cards and the edit menu. */
export function fieldLabelKey(owner: FieldOwner, key: string): string {
  return `${fieldQuestionKey(owner, key)}-label`;
}

export function fieldHelpKey(owner: FieldOwner, key: string): string {
  return `${fieldQuestionKey(owner, key)}-help`;
}

export function fieldOptionKey(owner: FieldOwner, key: string, value: string): string {
  return `${fieldQuestionKey(owner, key)}-option-${kebab(value)}`;
}

/** The criterion as a lawyer knows it from the regulation: "(iii) Published material about the person". */
export function criterionNameKey(criterion: CriterionId): string {
  return `fields-criterion-${kebab(criterion)}`;
}

/** What the criterion requires, in the regulation's words. */
export function criterionRequirementKey(criterion: CriterionId): string {
  return `${criterionNameKey(criterion)}-requirement`;
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

const AWARD_FIELDS = [
  { key: 'name', kind: 'text', required: true },
  { key: 'issuer', kind: 'text', required: true },
  { key: 'year', kind: 'year', required: true },
  {
    key: 'scope',
    kind: 'choice',
    required: true,
    help: true,
    options: [
      { value: 'employer' },
      { value: 'school' },
      { value: 'local' },
      { value: 'regional' },
      { value: 'national' },
      { value: 'international' },
    ],
  },
  {
    key: 'awardeeCount',
    kind: 'number',
    required: false,
    help: true,
  },
  {
    key: 'selectionCriteria',
    kind: 'text',
    required: false,
    help: true,
  },
  {
    key: 'recognitionDocumented',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'recipientIsPerson',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'inField',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'majorInternationalAward',
    kind: 'yesno',
    required: false,
    help: true,
  },
] as const satisfies readonly FieldSpec[];

const MEMBERSHIP_FIELDS = [
  { key: 'association', kind: 'text', required: true },
  {
    key: 'level',
    kind: 'text',
    required: true,
  },
  {
    key: 'admissionBasis',
    kind: 'choice',
    required: true,
    help: true,
    options: [
      {
        value: 'outstanding_achievement',
      },
      { value: 'degree' },
      { value: 'experience' },
      { value: 'fee' },
      { value: 'union_required' },
      { value: 'other' },
    ],
  },
  {
    key: 'judgedByRecognizedExperts',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'admissionRulesDocumented',
    kind: 'yesno',
    required: false,
  },
  {
    key: 'sinceYear',
    kind: 'year',
    required: false,
  },
] as const satisfies readonly FieldSpec[];

const PUBLISHED_MATERIAL_FIELDS = [
  {
    key: 'outlet',
    kind: 'text',
    required: true,
  },
  {
    key: 'headline',
    kind: 'text',
    required: false,
    help: true,
  },
  {
    key: 'publicationDate',
    kind: 'text',
    required: false,
  },
  { key: 'author', kind: 'text', required: false },
  {
    key: 'outletType',
    kind: 'choice',
    required: true,
    options: [{ value: 'major_media' }, { value: 'professional_trade' }, { value: 'other' }],
    help: true,
  },
  {
    key: 'circulation',
    kind: 'number',
    required: false,
    help: true,
  },
  {
    key: 'subject',
    kind: 'choice',
    required: true,
    options: [
      { value: 'about_person' },
      { value: 'discusses_work' },
      { value: 'mentions_only' },
      { value: 'about_employer' },
    ],
  },
  {
    key: 'paidOrMarketing',
    kind: 'yesno',
    required: true,
  },
] as const satisfies readonly FieldSpec[];

const JUDGING_FIELDS = [
  {
    key: 'venue',
    kind: 'text',
    required: true,
  },
  {
    key: 'kind',
    kind: 'choice',
    required: true,
    options: [
      { value: 'peer_review' },
      { value: 'abstract_review' },
      { value: 'grant_panel' },
      { value: 'thesis_committee' },
      { value: 'competition_jury' },
      { value: 'other_panel' },
    ],
  },
  {
    key: 'proof',
    kind: 'choice',
    required: true,
    help: true,
    options: [
      {
        value: 'completed',
      },
      { value: 'invitation_only' },
    ],
  },
  {
    key: 'sameOrAlliedField',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'reviewCount',
    kind: 'number',
    required: false,
  },
  { key: 'year', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const ORIGINAL_CONTRIBUTION_FIELDS = [
  {
    key: 'description',
    kind: 'text',
    required: true,
  },
  { key: 'year', kind: 'year', required: false },
  {
    key: 'citations',
    kind: 'number',
    required: false,
  },
  {
    key: 'fieldCitationBenchmark',
    kind: 'number',
    required: false,
    help: true,
  },
  {
    key: 'patentStatus',
    kind: 'choice',
    required: false,
    options: [
      { value: 'none' },
      { value: 'pending' },
      { value: 'granted' },
      { value: 'licensed_or_commercialized' },
    ],
  },
  {
    key: 'adoptedByOthers',
    kind: 'yesno',
    required: false,
    help: true,
  },
] as const satisfies readonly FieldSpec[];

const SCHOLARLY_ARTICLE_FIELDS = [
  { key: 'articleTitle', kind: 'text', required: true },
  { key: 'venue', kind: 'text', required: true },
  { key: 'year', kind: 'year', required: true },
  {
    key: 'publicationType',
    kind: 'choice',
    required: true,
    options: [
      { value: 'journal' },
      { value: 'conference_proceedings' },
      { value: 'trade_publication' },
      { value: 'major_media' },
      { value: 'preprint' },
      { value: 'other' },
    ],
  },
  { key: 'peerReviewed', kind: 'yesno', required: true },
  {
    key: 'authorRole',
    kind: 'choice',
    required: true,
    options: [{ value: 'sole' }, { value: 'lead' }, { value: 'senior' }, { value: 'co_author' }],
  },
  { key: 'citations', kind: 'number', required: false },
  {
    key: 'venueRanking',
    kind: 'choice',
    required: false,
    options: [{ value: 'top' }, { value: 'ranked' }, { value: 'unranked' }],
  },
] as const satisfies readonly FieldSpec[];

const EXHIBITION_FIELDS = [
  { key: 'venue', kind: 'text', required: true },
  { key: 'exhibitionName', kind: 'text', required: false },
  {
    key: 'venueKind',
    kind: 'choice',
    required: true,
    help: true,
    options: [
      { value: 'artistic' },
      { value: 'scientific_conference' },
      { value: 'trade_show' },
      { value: 'other_non_artistic' },
    ],
  },
  { key: 'ownWork', kind: 'yesno', required: true },
  { key: 'year', kind: 'year', required: true },
  { key: 'juried', kind: 'yesno', required: false },
] as const satisfies readonly FieldSpec[];

const LEADING_ROLE_FIELDS = [
  {
    key: 'organization',
    kind: 'text',
    required: true,
  },
  { key: 'jobTitle', kind: 'text', required: true },
  { key: 'duties', kind: 'text', required: true },
  {
    key: 'roleKind',
    kind: 'choice',
    required: true,
    options: [{ value: 'leading' }, { value: 'critical' }, { value: 'ordinary' }],
  },
  {
    key: 'reputationEvidence',
    kind: 'choice',
    required: true,
    options: [
      { value: 'rankings' },
      { value: 'major_media' },
      { value: 'grants_or_funding' },
      { value: 'major_customers' },
      { value: 'asserted_only' },
    ],
  },
  {
    key: 'distinguishedFromColleagues',
    kind: 'yesno',
    required: true,
  },
  { key: 'startYear', kind: 'year', required: false },
  { key: 'endYear', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const HIGH_SALARY_FIELDS = [
  { key: 'amount', kind: 'number', required: true },
  { key: 'currency', kind: 'text', required: true },
  {
    key: 'period',
    kind: 'choice',
    required: true,
    options: [{ value: 'year' }, { value: 'month' }, { value: 'hour' }],
  },
  {
    key: 'comparedInLocalCurrency',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'comparisonSource',
    kind: 'choice',
    required: true,
    options: [
      {
        value: 'government',
      },
      { value: 'industry_survey' },
      { value: 'self_reported' },
      { value: 'none' },
    ],
  },
  {
    key: 'occupationMatch',
    kind: 'choice',
    required: true,
    options: [{ value: 'exact' }, { value: 'broad' }],
  },
  {
    key: 'locationMatch',
    kind: 'yesno',
    required: true,
  },
  {
    key: 'percentile',
    kind: 'number',
    required: false,
  },
  { key: 'year', kind: 'year', required: false },
] as const satisfies readonly FieldSpec[];

const COMMERCIAL_SUCCESS_FIELDS = [
  { key: 'work', kind: 'text', required: true },
  {
    key: 'performingArts',
    kind: 'yesno',
    required: true,
    help: true,
  },
  {
    key: 'salesFigures',
    kind: 'text',
    required: false,
  },
  {
    key: 'comparedWithPeers',
    kind: 'yesno',
    required: true,
  },
  { key: 'year', kind: 'year', required: false },
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
    kind: 'choice',
    required: true,
    options: [{ value: 'expert_opinion' }, { value: 'experience' }],
  },
  { key: 'writerName', kind: 'text', required: false },
  { key: 'writerTitle', kind: 'text', required: false },
  { key: 'writerAddress', kind: 'text', required: false },
  {
    key: 'independent',
    kind: 'yesno',
    required: false,
    help: true,
  },
  {
    key: 'howWriterKnowsWork',
    kind: 'text',
    required: false,
  },
  {
    key: 'specificDescription',
    kind: 'text',
    required: false,
  },
] as const satisfies readonly FieldSpec[];

/** The questions of a criterion, or of the support letter. */
export function fieldSpecsOf(owner: FieldOwner): readonly FieldSpec[] {
  return owner === 'letter' ? LETTER_FIELDS : EVIDENCE_FIELDS[owner];
}

/** Every message the field specs name (questions, short names, help texts, option labels, criteria). */
export function fieldMessageKeys(): string[] {
  const owners: readonly FieldOwner[] = [...CRITERION_IDS, 'letter'];
  return [
    ...CRITERION_IDS.flatMap((criterion) => [
      criterionNameKey(criterion),
      criterionRequirementKey(criterion),
    ]),
    ...owners.flatMap((owner) =>
      fieldSpecsOf(owner).flatMap((spec) => [
        fieldQuestionKey(owner, spec.key),
        fieldLabelKey(owner, spec.key),
        ...(spec.help ? [fieldHelpKey(owner, spec.key)] : []),
        ...(spec.options ?? []).map((option) => fieldOptionKey(owner, spec.key, option.value)),
      ]),
    ),
  ];
}

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

/** One claim of an exhibit as the analysis reads it: the exhibit's number, title and form with one criterion's facts. */
export type Evidence = { [C in CriterionId]: EvidenceOf<C> }[CriterionId];

/** One criterion an exhibit is claimed under, with that criterion's own facts; `fields` narrows with `criterion`. */
export type Claim = {
  [C in CriterionId]: { readonly criterion: C; readonly fields: FieldsByCriterion[C] };
}[CriterionId];

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
        options.find((option) => option.value === lowered || option.label?.toLowerCase() === lowered);
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
