// The guided EB-1A intake as data: the questions in order, navigation, and what the answers become.
import type { CaseProfile, UsPlanEvidence } from './analysis.ts';
import type { CriterionId } from './criteria.ts';
import { parseAmount, parseFieldAnswer, parseYesNo } from './evidence.ts';
import type { ChoiceOption, FieldKind, FieldsByCriterion } from './evidence.ts';

export const INTAKE_BLOCKS = [
  { id: 'background', title: 'Background and field' },
  { id: 'education', title: 'Education' },
  { id: 'career', title: 'Career' },
  { id: 'awards', title: 'Awards' },
  { id: 'membership', title: 'Memberships' },
  { id: 'published_material', title: 'Published material about the client' },
  { id: 'judging', title: 'Judging' },
  { id: 'original_contributions', title: 'Original contributions' },
  { id: 'scholarly_articles', title: 'Scholarly articles' },
  { id: 'exhibitions', title: 'Artistic exhibitions' },
  { id: 'leading_role', title: 'Leading or critical roles' },
  { id: 'high_salary', title: 'Remuneration' },
  { id: 'commercial_success', title: 'Commercial success' },
  { id: 'us_plans', title: 'US plans (8 CFR 204.5(h)(5))' },
  { id: 'recommenders', title: 'Recommenders' },
] as const;

export type IntakeBlockId = (typeof INTAKE_BLOCKS)[number]['id'];

export interface IntakeQuestion {
  readonly id: string;
  readonly block: IntakeBlockId;
  readonly text: string;
  readonly kind: FieldKind;
  readonly help?: string;
  readonly options?: readonly ChoiceOption[];
  /** Optional questions may be answered "none" or skipped. */
  readonly optional?: boolean;
}

const ONE_PER_LINE = 'One item per line. Answer "none" if there is nothing.';

const US_PLAN_OPTIONS = [
  { value: 'job_offer', label: 'A US job offer' },
  { value: 'contracts', label: 'Contracts or letters from prospective US clients' },
  { value: 'detailed_statement', label: 'The client’s detailed statement of plans' },
  { value: 'brief_statement', label: 'Only a brief statement so far' },
  { value: 'none', label: 'Nothing yet' },
] as const satisfies readonly ChoiceOption[];

export const INTAKE_QUESTIONS = [
  {
    id: 'background.client_name',
    block: 'background',
    text: 'What is the client’s full legal name, as in the passport?',
    kind: 'text',
  },
  {
    id: 'background.field',
    block: 'background',
    text: 'Define the client’s field of endeavor as narrowly as the evidence supports (e.g. “machine learning for medical imaging”, not “computer science”).',
    kind: 'text',
    help: 'The field sets the peer group for every comparison: awards, pay, citations, reputation.',
  },
  {
    id: 'background.citizenship',
    block: 'background',
    text: 'Country of citizenship (and country of birth, if different)?',
    kind: 'text',
    help: 'Country of birth decides visa bulletin chargeability.',
  },
  {
    id: 'background.current_status',
    block: 'background',
    text: 'Where does the client live now and, if in the US, in what status (H-1B, O-1, F-1...)?',
    kind: 'text',
    help: 'Decides adjustment of status in the US or consular processing abroad.',
  },
  {
    id: 'education.highest_degree',
    block: 'education',
    text: 'Highest degree: field, institution and year?',
    kind: 'text',
  },
  {
    id: 'education.other_training',
    block: 'education',
    text: 'Other degrees, postdoctoral positions or professional certifications worth mentioning?',
    kind: 'text',
    optional: true,
  },
  {
    id: 'career.current_position',
    block: 'career',
    text: 'Current position: title, employer and start year?',
    kind: 'text',
  },
  {
    id: 'career.first_year',
    block: 'career',
    text: 'In what year did the client start working professionally in this field?',
    kind: 'year',
    help: 'Used to show acclaim sustained over years.',
  },
  {
    id: 'career.top_institution',
    block: 'career',
    text: 'Has the client worked at an R1/R2 university or a similarly ranked institution or company?',
    kind: 'yesno',
    help: 'The USCIS Policy Manual names this as a final-merits signal.',
  },
  {
    id: 'career.grants',
    block: 'career',
    text: 'Competitive government grants that name the client (agency, grant number, role)?',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'career.invited_talks',
    block: 'career',
    text: 'How many unsolicited invitations to speak at recognized conferences has the client received?',
    kind: 'number',
    optional: true,
  },
  {
    id: 'awards.list',
    block: 'awards',
    text: 'Prizes or awards for excellence in the field: name, issuer, year, and who could compete (e.g. national, international, company-internal).',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Company-internal, school-only and local awards do not meet (i), but list them anyway.`,
  },
  {
    id: 'awards.major',
    block: 'awards',
    text: 'Has the client won a major internationally recognized award (Nobel Prize, Pulitzer, Oscar, Olympic medal or equivalent)? Name it, or answer “no”.',
    kind: 'text',
    optional: true,
    help: 'Such an award alone establishes eligibility as a one-time achievement.',
  },
  {
    id: 'membership.list',
    block: 'membership',
    text: 'Associations where the client’s membership level required outstanding achievements (e.g. elected Fellow): association, level, year admitted.',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Memberships open to anyone with a degree, experience or a fee do not meet (ii).`,
  },
  {
    id: 'published_material.list',
    block: 'published_material',
    text: 'Articles, interviews or broadcasts about the client or their work: outlet, “title”, date, by author.',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Each exhibit must show title, date and author.`,
  },
  {
    id: 'published_material.paid',
    block: 'published_material',
    text: 'Was any of that coverage paid for, sponsored, a press release, or written by the employer’s PR team?',
    kind: 'yesno',
    optional: true,
    help: 'Paid or marketing content does not count as published material about the person.',
  },
  {
    id: 'judging.list',
    block: 'judging',
    text: 'Judging of others’ work: peer reviews (journal and number of reviews), program committees, grant panels, thesis committees, juries, with years.',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'judging.proof',
    block: 'judging',
    text: 'Do you have proof the reviews were completed (confirmation e-mails, Web of Science or Publons record, editor’s letters), not only invitations?',
    kind: 'yesno',
    optional: true,
    help: 'An invitation to review, without proof the review was done, does not meet (iv).',
  },
  {
    id: 'original_contributions.list',
    block: 'original_contributions',
    text: 'The client’s most significant original contributions: what each is, and who outside the employer uses or builds on it.',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'original_contributions.citations',
    block: 'original_contributions',
    text: 'Total citations of the client’s work (Google Scholar)?',
    kind: 'number',
    optional: true,
  },
  {
    id: 'original_contributions.h_index',
    block: 'original_contributions',
    text: 'The client’s h-index?',
    kind: 'number',
    optional: true,
  },
  {
    id: 'original_contributions.patents',
    block: 'original_contributions',
    text: 'Patents: title or number, status (pending, granted, licensed, commercialized) and licensee if any.',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Pending patents carry no weight; licensing or commercial use does.`,
  },
  {
    id: 'scholarly_articles.count',
    block: 'scholarly_articles',
    text: 'How many scholarly articles (peer-reviewed journal articles and conference papers) has the client authored?',
    kind: 'number',
    optional: true,
  },
  {
    id: 'scholarly_articles.top',
    block: 'scholarly_articles',
    text: 'The most important articles: title, venue, year, and the client’s position (first, last, sole or co-author).',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'exhibitions.list',
    block: 'exhibitions',
    text: 'Artists only: exhibitions or showcases of the client’s own work (venue, year).',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Science talks and trade shows are not artistic exhibitions.`,
  },
  {
    id: 'leading_role.list',
    block: 'leading_role',
    text: 'Leading or critical roles: organization, title, years, and what the client was responsible for.',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'leading_role.reputation',
    block: 'leading_role',
    text: 'What documents show those organizations’ distinguished reputation (rankings, major media coverage, major customers, funding)?',
    kind: 'text',
    optional: true,
  },
  {
    id: 'high_salary.amount',
    block: 'high_salary',
    text: 'The client’s annual pay, with currency and country (e.g. “USD 310,000, United States”).',
    kind: 'text',
    optional: true,
  },
  {
    id: 'high_salary.comparison',
    block: 'high_salary',
    text: 'What wage data for the same occupation and location, in the local currency, can the pay be compared with (BLS OEWS, CareerOneStop, national statistics, a named survey)?',
    kind: 'text',
    optional: true,
    help: 'Converting foreign pay to USD, broad occupation categories and self-reported sites draw RFEs.',
  },
  {
    id: 'commercial_success.list',
    block: 'commercial_success',
    text: 'Performing artists only: box office receipts or record, streaming or video sales of the client’s work, and how they compare with peers.',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
  },
  {
    id: 'us_plans.plans',
    block: 'us_plans',
    text: 'What will the client do in the US in the same field? Be specific: role, projects, employer or clients.',
    kind: 'text',
  },
  {
    id: 'us_plans.evidence',
    block: 'us_plans',
    text: 'What documents support those plans?',
    kind: 'choice',
    options: US_PLAN_OPTIONS,
    help: 'Offers, contracts or a detailed statement satisfy 8 CFR 204.5(h)(5).',
  },
  {
    id: 'recommenders.independent',
    block: 'recommenders',
    text: 'Independent experts who know the client’s work by reputation and never worked with them: name, title, institution.',
    kind: 'text',
    optional: true,
    help: `${ONE_PER_LINE} Independent letters weigh more than colleagues’.`,
  },
  {
    id: 'recommenders.collaborators',
    block: 'recommenders',
    text: 'Collaborators, supervisors or employers who can describe specific contributions or duties: name, title, institution.',
    kind: 'text',
    optional: true,
    help: ONE_PER_LINE,
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
  blockTitle: string;
  /** "Question 7 of 34, block Career". */
  label: string;
}

export function progressOf(id: string): IntakeProgress {
  const index = indexOf(id);
  const question = QUESTIONS[index] as IntakeQuestion;
  const blockTitle = INTAKE_BLOCKS.find((block) => block.id === question.block)?.title ?? question.block;
  return {
    position: index + 1,
    total: totalQuestions,
    block: question.block,
    blockTitle,
    label: `Question ${String(index + 1)} of ${String(totalQuestions)}, block ${blockTitle}`,
  };
}

// ---------------------------------------------------------------------------------------------
// What the answers become
// ---------------------------------------------------------------------------------------------

/** Absent keys, not keys holding undefined, so results serialize and compare cleanly. */
function withoutUndefined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const NONE_ANSWERS = new Set(['none', 'no', 'n/a', 'na', '-', 'nothing', 'not applicable', 'nil', 'skip']);

/** True for "none", "n/a", "-" and the like: the lawyer says there is nothing to record. */
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
  const parsed = parseFieldAnswer({ kind: 'choice', options: US_PLAN_OPTIONS }, answer);
  return parsed.ok ? US_PLAN_OPTIONS.find((option) => option.value === parsed.value)?.value : undefined;
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

/** One item per line (or per semicolon), without list markers. */
function items(answer: string): string[] {
  return answer
    .split(/[\n;]/)
    .map((line) => line.replace(/^\s*([-*•]|\d+[.)])\s*/, '').trim())
    .filter((line) => line !== '' && !isNoneAnswer(line));
}

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
        const [association, level] = segments(line);
        return {
          ...source,
          criterion: 'membership',
          title: line,
          fields: withoutUndefined({
            association,
            level: level !== undefined && yearsIn(level).length === 0 ? level : undefined,
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
