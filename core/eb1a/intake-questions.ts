// The guided EB-1A intake as data: the questions in order, navigation, and what the answers become. The
// wording of every question, help text, block title and option is in questions.ftl, keyed by id.
import type { CaseProfile, UsPlanEvidence } from './analysis.ts';
import type { CriterionId } from './criteria.ts';
import { parseAmount, parseFieldAnswer, parseYesNo } from './evidence.ts';
import type { ChoiceOption, FieldKind, FieldsByCriterion } from './evidence.ts';

export const INTAKE_BLOCKS = [
  { id: 'background' },
  { id: 'education' },
  { id: 'career' },
  { id: 'awards' },
  { id: 'membership' },
  { id: 'published_material' },
  { id: 'judging' },
  { id: 'original_contributions' },
  { id: 'scholarly_articles' },
  { id: 'exhibitions' },
  { id: 'leading_role' },
  { id: 'high_salary' },
  { id: 'commercial_success' },
  { id: 'us_plans' },
  { id: 'recommenders' },
] as const;

export type IntakeBlockId = (typeof INTAKE_BLOCKS)[number]['id'];

export interface IntakeOption {
  readonly value: string;
}

export interface IntakeQuestion {
  readonly id: string;
  readonly block: IntakeBlockId;
  readonly kind: FieldKind;
  /** The question has a help text (`questionHelpKey`). */
  readonly help?: boolean;
  readonly options?: readonly IntakeOption[];
  /** Optional questions may be answered "none" or skipped. */
  readonly optional?: boolean;
  /** The answer lists items, one per line; each may become an evidence candidate. */
  readonly list?: boolean;
}

const US_PLAN_OPTIONS = [
  { value: 'job_offer' },
  { value: 'contracts' },
  { value: 'detailed_statement' },
  { value: 'brief_statement' },
  { value: 'none' },
] as const satisfies readonly IntakeOption[];

export const INTAKE_QUESTIONS = [
  {
    id: 'background.client_name',
    block: 'background',
    kind: 'text',
  },
  {
    id: 'background.field',
    block: 'background',
    kind: 'text',
    help: true,
  },
  {
    id: 'background.citizenship',
    block: 'background',
    kind: 'text',
    help: true,
  },
  {
    id: 'background.current_status',
    block: 'background',
    kind: 'text',
    help: true,
  },
  {
    id: 'education.highest_degree',
    block: 'education',
    kind: 'text',
  },
  {
    id: 'education.other_training',
    block: 'education',
    kind: 'text',
    optional: true,
  },
  {
    id: 'career.current_position',
    block: 'career',
    kind: 'text',
  },
  {
    id: 'career.first_year',
    block: 'career',
    kind: 'year',
    help: true,
  },
  {
    id: 'career.top_institution',
    block: 'career',
    kind: 'yesno',
    help: true,
  },
  {
    id: 'career.grants',
    block: 'career',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'career.invited_talks',
    block: 'career',
    kind: 'number',
    optional: true,
  },
  {
    id: 'awards.list',
    block: 'awards',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'awards.major',
    block: 'awards',
    kind: 'text',
    optional: true,
    help: true,
  },
  {
    id: 'membership.list',
    block: 'membership',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'published_material.list',
    block: 'published_material',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'published_material.paid',
    block: 'published_material',
    kind: 'yesno',
    optional: true,
    help: true,
  },
  {
    id: 'judging.list',
    block: 'judging',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'judging.proof',
    block: 'judging',
    kind: 'yesno',
    optional: true,
    help: true,
  },
  {
    id: 'original_contributions.list',
    block: 'original_contributions',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'original_contributions.citations',
    block: 'original_contributions',
    kind: 'number',
    optional: true,
  },
  {
    id: 'original_contributions.h_index',
    block: 'original_contributions',
    kind: 'number',
    optional: true,
  },
  {
    id: 'original_contributions.patents',
    block: 'original_contributions',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'scholarly_articles.count',
    block: 'scholarly_articles',
    kind: 'number',
    optional: true,
  },
  {
    id: 'scholarly_articles.top',
    block: 'scholarly_articles',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'exhibitions.list',
    block: 'exhibitions',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'leading_role.list',
    block: 'leading_role',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'leading_role.reputation',
    block: 'leading_role',
    kind: 'text',
    optional: true,
  },
  {
    id: 'high_salary.amount',
    block: 'high_salary',
    kind: 'text',
    optional: true,
  },
  {
    id: 'high_salary.comparison',
    block: 'high_salary',
    kind: 'text',
    optional: true,
    help: true,
  },
  {
    id: 'commercial_success.list',
    block: 'commercial_success',
    kind: 'text',
    optional: true,
    list: true,
  },
  {
    id: 'us_plans.plans',
    block: 'us_plans',
    kind: 'text',
  },
  {
    id: 'us_plans.evidence',
    block: 'us_plans',
    kind: 'choice',
    options: US_PLAN_OPTIONS,
    help: true,
  },
  {
    id: 'recommenders.independent',
    block: 'recommenders',
    kind: 'text',
    optional: true,
    list: true,
    help: true,
  },
  {
    id: 'recommenders.collaborators',
    block: 'recommenders',
    kind: 'text',
    optional: true,
    list: true,
  },
] as const satisfies readonly IntakeQuestion[];

export type IntakeQuestionId = (typeof INTAKE_QUESTIONS)[number]['id'];

const QUESTIONS: readonly IntakeQuestion[] = INTAKE_QUESTIONS;

export const totalQuestions = QUESTIONS.length;

function indexOf(id: string): number {
  const index = QUESTIONS.findIndex((question) => question.id === id);
  // A stored id that no longer exists means the questionnaire changed under a running intake.
  if (index < 0) throw new RangeError(`Unknown intake question id: ${id}`);
  return index;
}

export function isIntakeQuestionId(id: string): id is IntakeQuestionId {
  return QUESTIONS.some((question) => question.id === id);
}

export function questionById(id: string): IntakeQuestion | undefined {
  return QUESTIONS.find((question) => question.id === id);
}

export function firstQuestion(): IntakeQuestion {
  return INTAKE_QUESTIONS[0];
}

export function lastQuestion(): IntakeQuestion {
  const last = QUESTIONS.at(-1);
  if (!last) throw new RangeError('The intake has no questions');
  return last;
}

/** The question after `currentId`, or null when the intake is complete. Throws RangeError on an unknown id. */
export function nextQuestionId(currentId: string): string | null {
  return QUESTIONS[indexOf(currentId) + 1]?.id ?? null;
}

/** The question before `currentId`, or null at the first question. Throws RangeError on an unknown id. */
export function previousQuestionId(currentId: string): string | null {
  const index = indexOf(currentId);
  return index === 0 ? null : (QUESTIONS[index - 1]?.id ?? null);
}

export interface IntakeProgress {
  /** 1-based. */
  position: number;
  total: number;
  block: IntakeBlockId;
}

export function progressOf(id: string): IntakeProgress {
  const index = indexOf(id);
  const question = QUESTIONS[index] as IntakeQuestion;
  return { position: index + 1, total: totalQuestions, block: question.block };
}

export function isIntakeBlockId(id: string): id is IntakeBlockId {
  return INTAKE_BLOCKS.some((block) => block.id === id);
}

/** The questions of one block, in order. */
export function questionsOf(block: IntakeBlockId): IntakeQuestion[] {
  return QUESTIONS.filter((question) => question.block === block);
}

// ---------------------------------------------------------------------------------------------
// Message keys (questions.ftl): derived from the ids, so the wording never drifts from the data
// ---------------------------------------------------------------------------------------------

const kebab = (id: string) => id.replace(/[._]/g, '-');

export const questionTextKey = (id: string): string => `question-${kebab(id)}`;
export const questionHelpKey = (id: string): string => `question-${kebab(id)}-help`;
export const blockTitleKey = (block: IntakeBlockId): string => `question-block-${kebab(block)}`;
export const optionLabelKey = (value: string): string => `question-option-${kebab(value)}`;

/** Every key the intake's wording uses: the family the locale tests check. */
export function intakeMessageKeys(): string[] {
  return [
    ...INTAKE_BLOCKS.map((block) => blockTitleKey(block.id)),
    ...QUESTIONS.flatMap((question) => [
      questionTextKey(question.id),
      ...(question.help ? [questionHelpKey(question.id)] : []),
      ...(question.options ?? []).map((option) => optionLabelKey(option.value)),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// What the answers become
// ---------------------------------------------------------------------------------------------

/** Absent keys, not keys holding undefined, so results serialize and compare cleanly. */
function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const NONE_ANSWERS = new Set([
  'none',
  'no',
  'n/a',
  'na',
  '-',
  '—',
  'nothing',
  'not applicable',
  'nil',
  'skip',
  'нет',
  'ничего',
  'нету',
  'н/д',
  'не применимо',
  'неприменимо',
  'пропустить',
]);

/** True for "none", "n/a", "-", "нет" and the like: the lawyer says there is nothing to record. */
export function isNoneAnswer(answer: string): boolean {
  return NONE_ANSWERS.has(answer.trim().toLowerCase().replace(/[.!]$/, ''));
}

function textFrom(answer: string | undefined): string | undefined {
  if (answer === undefined) return undefined;
  const trimmed = answer.trim();
  return trimmed === '' || isNoneAnswer(trimmed) ? undefined : trimmed;
}

function numberFrom(answer: string | undefined): number | undefined {
  return answer === undefined ? undefined : parseAmount(answer);
}

function yearFrom(answer: string | undefined): number | undefined {
  if (answer === undefined) return undefined;
  const parsed = parseFieldAnswer({ kind: 'year' }, answer);
  return parsed.ok && typeof parsed.value === 'number' ? parsed.value : undefined;
}

function usPlanEvidenceFrom(answer: string | undefined): UsPlanEvidence | undefined {
  if (answer === undefined) return undefined;
  const parsed = parseFieldAnswer({ kind: 'choice', options: choiceOptions(US_PLAN_OPTIONS) }, answer);
  return parsed.ok ? US_PLAN_OPTIONS.find((option) => option.value === parsed.value)?.value : undefined;
}

/** The options as the answer parser reads them: stored and typed answers name an option by its value. */
export function choiceOptions(options: readonly IntakeOption[] = []): ChoiceOption[] {
  return options.map((option) => ({ value: option.value, label: option.value }));
}

/** Builds the case profile from intake answers keyed by question id; unanswered or unreadable answers stay absent. */
export function answersToProfile(answers: Readonly<Record<string, string>>): CaseProfile {
  const profile: CaseProfile = {
    clientName: textFrom(answers['background.client_name']),
    field: textFrom(answers['background.field']),
    citizenship: textFrom(answers['background.citizenship']),
    currentStatus: textFrom(answers['background.current_status']),
    highestDegree: textFrom(answers['education.highest_degree']),
    currentPosition: textFrom(answers['career.current_position']),
    firstYearInField: yearFrom(answers['career.first_year']),
    topRankedInstitution:
      answers['career.top_institution'] === undefined
        ? undefined
        : parseYesNo(answers['career.top_institution']),
    competitiveGrants: textFrom(answers['career.grants']),
    invitedTalks: numberFrom(answers['career.invited_talks']),
    totalCitations: numberFrom(answers['original_contributions.citations']),
    hIndex: numberFrom(answers['original_contributions.h_index']),
    articleCount: numberFrom(answers['scholarly_articles.count']),
    usPlans: textFrom(answers['us_plans.plans']),
    usPlanEvidence: usPlanEvidenceFrom(answers['us_plans.evidence']),
    independentRecommenders: textFrom(answers['recommenders.independent']),
    collaboratorRecommenders: textFrom(answers['recommenders.collaborators']),
  };
  return withoutUndefined(profile);
}

/** A possible exhibit read from an intake answer, for the lawyer to complete and confirm later. */
export type EvidenceCandidate = {
  [C in CriterionId]: {
    criterion: C;
    title: string;
    fields: Partial<FieldsByCriterion[C]>;
    sourceQuestionId: string;
  };
}[CriterionId];

const YEAR = /\b(19|20)\d{2}\b/g;

function yearsIn(line: string): number[] {
  return [...line.matchAll(YEAR)].map((match) => Number(match[0]));
}

function latestYearIn(line: string): number | undefined {
  const years = yearsIn(line);
  return years.length > 0 ? Math.max(...years) : undefined;
}

function segments(line: string): string[] {
  return line
    .split(',')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '');
}

function quoted(line: string): string | undefined {
  return /["“]([^"”]+)["”]/.exec(line)?.[1]?.trim();
}

/**
 * One item per line, without list markers. Nothing else splits an item: commas and semicolons belong to
 * names ("National Academy of Sciences, elected by peers") and ranges ("2021-2024") stay as typed.
 */
function items(answer: string): string[] {
  return answer
    .split('\n')
    .map((line) => line.replace(/^\s*([-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line !== '' && !isNoneAnswer(line));
}

/** A part of a membership line that names the level held, not the association. */
const MEMBERSHIP_LEVEL =
  /\b(fellow|senior member|member|academician|president|chair|член|академик|почётный)/iu;

function awardScope(line: string): FieldsByCriterion['awards']['scope'] | undefined {
  const lower = line.toLowerCase();
  if (/\b(international|world|global)\b/.test(lower)) return 'international';
  if (/\b(company|employer|internal|employee|in-house)\b/.test(lower)) return 'employer';
  if (/\b(university|school|college|student|departmental)\b/.test(lower)) return 'school';
  if (/\b(national|nationwide)\b/.test(lower)) return 'national';
  if (/\b(regional|state|provincial)\b/.test(lower)) return 'regional';
  if (/\b(city|local|municipal)\b/.test(lower)) return 'local';
  return undefined;
}

function judgingKind(line: string): FieldsByCriterion['judging']['kind'] | undefined {
  const lower = line.toLowerCase();
  if (/\b(thesis|dissertation|phd defen[cs]e)\b/.test(lower)) return 'thesis_committee';
  if (/\b(grant|study section|funding panel)\b/.test(lower)) return 'grant_panel';
  if (/\b(program committee|programme committee|abstracts?|pc member)\b/.test(lower))
    return 'abstract_review';
  if (/\b(jury|juror|competition|contest)\b/.test(lower)) return 'competition_jury';
  if (/\b(reviews?|reviewer|reviewed|manuscripts?|journals?|referee)\b/.test(lower)) return 'peer_review';
  return undefined;
}

function patentStatus(line: string): FieldsByCriterion['original_contributions']['patentStatus'] {
  const lower = line.toLowerCase();
  if (/\b(licen[cs]ed|commerciali[sz]ed|in products?)\b/.test(lower)) return 'licensed_or_commercialized';
  if (/\b(granted|issued)\b/.test(lower)) return 'granted';
  if (/\b(pending|filed|application)\b/.test(lower)) return 'pending';
  return undefined;
}

function authorRole(line: string): FieldsByCriterion['scholarly_articles']['authorRole'] | undefined {
  const lower = line.toLowerCase();
  if (/\bsole\b/.test(lower)) return 'sole';
  if (/\b(first|lead)[- ]author\b|\bfirst\b/.test(lower)) return 'lead';
  if (/\b(last|senior|corresponding)\b/.test(lower)) return 'senior';
  if (/\bco-?author\b/.test(lower)) return 'co_author';
  return undefined;
}

/** An amount inside a sentence: thousands grouped by commas, dots or spaces, an optional decimal part. */
const AMOUNT_IN_TEXT = /\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d{1,2}(?!\d))?/gu;

const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  $: 'USD',
  '₽': 'RUB',
  руб: 'RUB',
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  '¥': 'JPY',
};

function salaryCandidate(line: string): Partial<FieldsByCriterion['high_salary']> {
  // The largest number on the line is the pay; a year or a percentile is smaller.
  const numbers = [...line.matchAll(AMOUNT_IN_TEXT)]
    .map((match) => parseAmount(match[0]))
    .filter((value) => value !== undefined);
  const amount = numbers.length > 0 ? Math.max(...numbers) : undefined;
  const code = /\b[A-Z]{3}\b/.exec(line)?.[0];
  const sign = Object.keys(CURRENCY_SIGNS).find((symbol) => line.includes(symbol));
  const currency = code ?? (sign === undefined ? undefined : CURRENCY_SIGNS[sign]);
  return {
    ...(amount === undefined ? {} : { amount }),
    ...(currency === undefined ? {} : { currency }),
    period: 'year',
  };
}

/**
 * Possible exhibits in an intake answer: one per listed item, with the facts the text states plainly.
 * Questions that do not list evidence yield none.
 */
export function answerToEvidenceCandidates(questionId: string, answer: string): EvidenceCandidate[] {
  const source = { sourceQuestionId: questionId };
  const lines = items(answer);
  switch (questionId) {
    case 'awards.list':
      return lines.map((line) => ({
        ...source,
        criterion: 'awards',
        title: line,
        fields: withoutUndefined({
          name: segments(line)[0],
          year: yearsIn(line)[0],
          scope: awardScope(line),
        }),
      }));
    case 'awards.major':
      return lines
        .map((line) => line.replace(/^yes\b[\s,:.-]*/i, ''))
        .filter((line) => line !== '' && parseYesNo(line) === undefined)
        .map((line) => ({
          ...source,
          criterion: 'awards',
          title: line,
          fields: withoutUndefined({
            name: segments(line)[0],
            year: yearsIn(line)[0],
            scope: 'international' as const,
            majorInternationalAward: true,
          }),
        }));
    case 'membership.list':
      return lines.map((line) => {
        // The association keeps its commas; a part naming the level held ends it, and years are read apart.
        const parts = segments(line).filter((part) => !/^[\d\s\-–—]+$/.test(part));
        const levelAt = parts.findIndex((part, index) => index > 0 && MEMBERSHIP_LEVEL.test(part));
        const association = (levelAt < 0 ? parts : parts.slice(0, levelAt)).join(', ') || undefined;
        const level = levelAt < 0 ? undefined : parts[levelAt];
        return {
          ...source,
          criterion: 'membership',
          title: line,
          fields: withoutUndefined({
            association,
            level,
            sinceYear: yearsIn(line)[0],
            // Only the disqualifying basis is read from text; a qualifying one needs the bylaws.
            admissionBasis: /\b(fee|dues|subscription|paid)\b/i.test(line) ? ('fee' as const) : undefined,
          }),
        };
      });
    case 'published_material.list':
      return lines.map((line) => ({
        ...source,
        criterion: 'published_material',
        title: line,
        fields: withoutUndefined({
          outlet: segments(line)[0],
          headline: quoted(line),
          author: /\bby ([^,;]+)/i.exec(line)?.[1]?.trim(),
          publicationDate: segments(line).find(
            (segment) => yearsIn(segment).length > 0 && !segment.includes('"'),
          ),
        }),
      }));
    case 'judging.list':
      return lines.map((line) => ({
        ...source,
        criterion: 'judging',
        title: line,
        fields: withoutUndefined({
          venue: segments(line)[0],
          kind: judgingKind(line),
          reviewCount: numberFrom(
            /(\d+)\s+(reviews|manuscripts|papers|submissions|proposals|abstracts)/i.exec(line)?.[1],
          ),
          year: latestYearIn(line),
        }),
      }));
    case 'original_contributions.list':
      return lines.map((line) => ({
        ...source,
        criterion: 'original_contributions',
        title: line,
        fields: withoutUndefined({ description: line, year: yearsIn(line)[0] }),
      }));
    case 'original_contributions.patents':
      return lines.map((line) => ({
        ...source,
        criterion: 'original_contributions',
        title: line,
        fields: withoutUndefined({
          description: line,
          patentStatus: patentStatus(line),
          year: yearsIn(line)[0],
        }),
      }));
    case 'scholarly_articles.top':
      return lines.map((line) => {
        const [title, venue] = segments(line);
        return {
          ...source,
          criterion: 'scholarly_articles',
          title: line,
          fields: withoutUndefined({
            articleTitle: quoted(line) ?? title,
            venue: quoted(line) === undefined ? venue : undefined,
            year: yearsIn(line)[0],
            authorRole: authorRole(line),
          }),
        };
      });
    case 'exhibitions.list':
      return lines.map((line) => ({
        ...source,
        criterion: 'exhibitions',
        title: line,
        fields: withoutUndefined({ venue: segments(line)[0], year: yearsIn(line)[0] }),
      }));
    case 'leading_role.list':
      return lines.map((line) => {
        const [organization, jobTitle] = segments(line);
        const years = yearsIn(line);
        return {
          ...source,
          criterion: 'leading_role',
          title: line,
          fields: withoutUndefined({
            organization,
            jobTitle: jobTitle !== undefined && yearsIn(jobTitle).length === 0 ? jobTitle : undefined,
            startYear: years.length > 0 ? Math.min(...years) : undefined,
            endYear: years.length > 1 ? Math.max(...years) : undefined,
          }),
        };
      });
    case 'high_salary.amount':
      return lines.map((line) => ({
        ...source,
        criterion: 'high_salary',
        title: `Pay: ${line}`,
        fields: salaryCandidate(line),
      }));
    case 'commercial_success.list':
      return lines.map((line) => {
        const [work, ...rest] = segments(line);
        const figures = rest.join(', ');
        return {
          ...source,
          criterion: 'commercial_success',
          title: line,
          fields: withoutUndefined({ work, salesFigures: /\d/.test(figures) ? figures : undefined }),
        };
      });
    default:
      return [];
  }
}
