// The check an LLM draft must pass before a lawyer sees it: everything it cites or states is found in
// the case. Pure and deterministic; core/llm/grounded.ts decides what happens to a draft that fails.
//
// What is checked, precisely:
// - Exhibits: every "Exhibit N" / "Exhibits N, M" (bracketed or not) names an exhibit of the case.
// - Other citations: a bracketed segment that looks like a citation (it has a digit, "§", "CFR",
//   "U.S.C.", " v. " or "Matter of") must be one of the allowed citations, compared after
//   normalisation ("8 C.F.R. § 204.5(h)(3)(iii)" = "8 CFR 204.5(h)(3)(iii)"). Allowed: the request's
//   citations, those the template cites, and the regulation cite of each supported criterion.
//   Brackets without those marks ("[sic]", "[the company's]") are quotation edits, not citations.
// - Criteria: a criterion is "argued" when the draft cites its paragraph (204.5(h)(3)(i)-(x), with or
//   without "8 CFR") or uses its name ("leading or critical role", "high remuneration", ...). Only the
//   supported criteria may appear, even in a sentence that says one is not met: the template is the
//   place for that.
// - Facts, outside citations and exhibit mentions:
//   - numbers: every group of digits not glued to letters ("2021", "120,000", "35%", "4.5"), compared
//     without thousands separators or leading zeros, so "$120,000" matches "120000" and "03" matches
//     "3". "EB-1A", "H-1B", "1st" are not numbers here.
//   - proper names: runs of two or more capitalised words (joined by at most "of", "for", "and",
//     "the", "de", "van"... inside), with sentence openers and titles ("The", "In", "Dr.",
//     "Petitioner") dropped from the edges; the run must appear in the facts or the template
//     (case and spacing ignored). A run ends at punctuation.
//   Months and single capitalised words are not checked (dates are checked by their numbers).
import { CRITERIA, CRITERION_IDS, type CriterionId } from '../eb1a/criteria.ts';
import type { DraftCheckReason } from '../metrics.ts';

/** What a draft may rely on (the same shape as grounded.ts' Grounding). */
export interface DraftGrounding {
  exhibits: readonly number[];
  criteria: readonly CriterionId[];
  facts: readonly string[];
  citations?: readonly string[];
}

/** One thing a draft stated or cited that the case does not support. */
export type DraftProblem =
  | { reason: 'unknown-exhibit'; exhibit: number }
  | { reason: 'unknown-citation'; citation: string }
  | { reason: 'unsupported-fact'; fact: string }
  | { reason: 'unsupported-criterion'; criterion: CriterionId }
  | { reason: 'empty' };

// Every problem reason is a metrics label value.
export type DraftProblemReason = DraftProblem['reason'] & DraftCheckReason;

/** Every problem in `draft`, in the order found, without repeats; empty when the draft is grounded. */
export function checkDraft(draft: string, grounding: DraftGrounding, template: string): DraftProblem[] {
  if (draft.trim() === '') return [{ reason: 'empty' }];
  const problems: DraftProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: DraftProblem): void => {
    const key = JSON.stringify(problem);
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };

  const exhibits = new Set(grounding.exhibits);
  for (const exhibit of exhibitNumbers(draft)) {
    if (!exhibits.has(exhibit)) add({ reason: 'unknown-exhibit', exhibit });
  }

  const allowedCitations = new Set(
    [
      ...(grounding.citations ?? []),
      ...bracketed(template).filter(looksLikeCitation),
      ...grounding.criteria.map((id) => CRITERIA[id].cite),
    ].map(normaliseCitation),
  );
  for (const citation of bracketed(draft)) {
    if (/^\s*exhibits?\s/i.test(citation) || !looksLikeCitation(citation)) continue;
    if (!allowedCitations.has(normaliseCitation(citation))) add({ reason: 'unknown-citation', citation });
  }

  const supported = new Set(grounding.criteria);
  for (const criterion of criteriaArgued(draft)) {
    if (!supported.has(criterion)) add({ reason: 'unsupported-criterion', criterion });
  }

  // The allowed citations count as reference too: "Kazarian v. USCIS, 596 F.3d 1115" may be cited unbracketed.
  const reference = [...grounding.facts, template, ...(grounding.citations ?? [])].join('\n');
  const knownNumbers = new Set(numbersIn(reference));
  const draftFacts = withoutCitations(draft);
  for (const number of numbersIn(draftFacts)) {
    if (!knownNumbers.has(number)) add({ reason: 'unsupported-fact', fact: number });
  }
  const knownText = squash(`${reference}\n${GENERAL_NAMES}`);
  const known = (name: string): boolean =>
    name.split(' ').filter(isNameWord).length < 2 || knownText.includes(squash(name));
  for (const { name, opensSentence } of properNames(draftFacts)) {
    // "Jane Doe of Stanford University" is known when each name in it is; "Notably Jane Doe" when
    // "Jane Doe" is (a capitalised sentence opener is not part of the name).
    const parts = splitAt(name.split(' '), (word) => LINKS.has(word)).map((part) => part.join(' '));
    const withoutOpener = name.split(' ').slice(1).join(' ');
    const isKnown =
      known(name) || (parts.length > 1 && parts.every(known)) || (opensSentence && known(withoutOpener));
    if (!isKnown) add({ reason: 'unsupported-fact', fact: name });
  }
  return problems;
}

const EXHIBIT_MENTION = /\bexhibits?\s+(\d+(?:\s*(?:,|&|and|to|through|–|-)\s*\d+)*)/gi;

function exhibitNumbers(text: string): number[] {
  return [...text.matchAll(EXHIBIT_MENTION)].flatMap((match) =>
    (match[1] ?? '').split(/\D+/).filter(Boolean).map(Number),
  );
}

function bracketed(text: string): string[] {
  return [...text.matchAll(/\[([^[\]]{1,300})\]/g)].map((match) => match[1] ?? '');
}

function looksLikeCitation(segment: string): boolean {
  return /\d|§|\bC\.?F\.?R\b|U\.?S\.?C\b|\sv\.\s|\bMatter of\b/i.test(segment);
}

/** A citation as a comparison key: case, spacing, "C.F.R." and "§" do not matter. */
export function normaliseCitation(citation: string): string {
  return citation
    .toUpperCase()
    .replace(/C\.\s*F\.\s*R\.?/g, 'CFR')
    .replace(/U\.\s*S\.\s*C\.?/g, 'USC')
    .replace(/§+|\bSECTION\b|\bSEC\./g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .replace(/[\s.,;:]+$/, '')
    .trim();
}

const ROMAN_TO_CRITERION = new Map<string, CriterionId>(
  CRITERION_IDS.map((id) => [CRITERIA[id].paragraph, id]),
);

/** A criterion's paragraph, cited with or without "8 CFR 204.5". */
const PARAGRAPH_CITE = /(?:204\.5\s*)?\(\s*h\s*\)\s*\(\s*3\s*\)\s*\(\s*(x|ix|iv|v?i{0,3})\s*\)/gi;

/** Words that name a criterion in a brief: the regulation's own phrases and the usual short names. */
const CRITERION_NAMES: Record<CriterionId, RegExp> = {
  awards: /\bprizes? or awards?\b|\bawards? criterion\b/i,
  membership: /\bmembership in (?:\w+ )?associations?\b|\bmembership criterion\b/i,
  published_material: /\bpublished material\b/i,
  judging: /\bjudge of the work\b|\bjudging criterion\b|\bparticipation as a judge\b/i,
  original_contributions:
    /\boriginal (?:\w+(?:[- ]related)? )?contributions?\b|\bcontributions of major significance\b/i,
  scholarly_articles: /\bauthorship of scholarly articles\b|\bscholarly articles? criterion\b/i,
  exhibitions: /\bartistic exhibitions?\b|\bexhibitions? or showcases?\b/i,
  leading_role: /\bleading or critical role\b/i,
  high_salary: /\bhigh (?:salary|remuneration)\b|\bsignificantly high\b/i,
  commercial_success: /\bcommercial success(?:es)?\b|\bbox office\b/i,
};

function criteriaArgued(text: string): Set<CriterionId> {
  const found = new Set<CriterionId>();
  for (const match of text.matchAll(PARAGRAPH_CITE)) {
    const criterion = ROMAN_TO_CRITERION.get((match[1] ?? '').toLowerCase());
    if (criterion) found.add(criterion);
  }
  for (const id of CRITERION_IDS) if (CRITERION_NAMES[id].test(text)) found.add(id);
  return found;
}

/** The text with citations, regulation references and exhibit mentions taken out (their digits are not facts). */
function withoutCitations(text: string): string {
  return text
    .replace(/\[[^[\]]{1,300}\]/g, ' ')
    .replace(/\b\d+\s*C\.?\s*F\.?\s*R\.?\s*(?:§+\s*)?[\d.]+(?:\s*\([^)\s]{1,5}\))*/gi, ' ')
    .replace(/§+\s*[\d.]+(?:\s*\([^)\s]{1,5}\))*/g, ' ')
    .replace(/\b\d+(?:\.\d+)+(?:\s*\([^)\s]{1,5}\))+/g, ' ')
    .replace(/(?:\(\s*[a-zA-Z0-9]{1,5}\s*\)){2,}/g, ' ') // "(h)(3)(iv)" on its own
    .replace(/^\s*\d+[.)]\s/gm, ' ') // a numbered list's markers
    .replace(EXHIBIT_MENTION, ' ');
}

function numbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\d.,])\d+(?:[.,]\d+)*(?![\p{L}\d])/gu)].map((match) =>
    normaliseNumber(match[0]),
  );
}

function normaliseNumber(raw: string): string {
  // "120,000" and "120000" are one number; "4.50" and "4.5" too. A comma before exactly three digits
  // is a thousands separator, anything else a decimal point.
  const plain = raw.replace(/,(?=\d{3}(?!\d))/g, '').replace(',', '.');
  const value = Number(plain);
  return Number.isFinite(value) ? String(value) : plain;
}

/**
 * Names any EB-1A brief may use whatever the case: the agencies, the regulation, the leading case and
 * the criteria's own names.
 */
const GENERAL_NAMES = [
  'United States',
  'U.S. Citizenship and Immigration Services',
  'Department of Homeland Security',
  'Administrative Appeals Office',
  'Code of Federal Regulations',
  'USCIS Policy Manual',
  'Kazarian v. USCIS',
  'Ninth Circuit Court of Appeals',
  'Extraordinary Ability',
  'Final Merits Determination',
  ...CRITERION_IDS.flatMap((id) => [CRITERIA[id].shortName, CRITERIA[id].requirement]),
].join('\n');

/** Connectors allowed inside a name ("University of Oxford", "Ludwig van Beethoven"). */
const CONNECTORS = new Set([
  'of',
  'for',
  'and',
  'or',
  'the',
  'de',
  'del',
  'der',
  'van',
  'von',
  'da',
  'di',
  'du',
  'la',
  'le',
  'in',
  'on',
  'at',
  '&',
]);

/** Connectors that join two names rather than build one ("Jane Doe of Stanford University"). */
const LINKS = new Set(['of', 'at', 'for', 'in', 'on']);

/** Capitalised words that open sentences or name roles, not people or organisations. */
const NOT_NAMES = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'these',
  'those',
  'in',
  'on',
  'at',
  'as',
  'by',
  'for',
  'from',
  'with',
  'her',
  'his',
  'their',
  'its',
  'our',
  'and',
  'but',
  'since',
  'while',
  'when',
  'under',
  'each',
  'every',
  'both',
  'after',
  'before',
  'during',
  'through',
  'moreover',
  'furthermore',
  'accordingly',
  'therefore',
  'thus',
  'because',
  'although',
  'here',
  'there',
  'she',
  'he',
  'they',
  'dr',
  'mr',
  'ms',
  'mrs',
  'prof',
  'professor',
  'petitioner',
  'beneficiary',
  'exhibit',
  'criterion',
  'section',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);

/** Multi-word capitalised runs, and whether each starts a sentence (its first word may be an opener). */
function properNames(text: string): Array<{ name: string; opensSentence: boolean }> {
  const names: Array<{ name: string; opensSentence: boolean }> = [];
  let run: string[] = [];
  let runOpensSentence = false;
  let atSentenceStart = true;
  const flush = (): void => {
    // "Stanford University and MIT" is two names, each checked on its own.
    splitAt(run, (word) => word === 'and' || word === '&').forEach((part, index) => {
      const trimmed = [...part];
      let opensSentence = runOpensSentence && index === 0;
      while (trimmed.length > 0 && !isNameWord(trimmed[0] ?? '')) {
        trimmed.shift();
        opensSentence = false;
      }
      while (trimmed.length > 0 && !isNameWord(trimmed.at(-1) ?? '')) trimmed.pop();
      if (trimmed.filter(isNameWord).length >= 2) names.push({ name: trimmed.join(' '), opensSentence });
    });
    run = [];
  };
  for (const raw of text.split(/\s+/)) {
    if (raw === '') continue;
    const word = raw.replace(/^[("'“‘«*_#]+/, '');
    const abbreviation = /^(?:\p{Lu}\.)+$|^(?:Dr|Mr|Ms|Mrs|St|Jr|Sr|Prof|Inc|Ltd|Co)\.$/u.test(word);
    const core = abbreviation ? word : word.replace(/[)"'”’»,;:!?.*_]+$/, '');
    if (raw !== word) flush(); // an opening quote or bracket starts something new
    if (isCapitalised(core) || (run.length > 0 && CONNECTORS.has(core))) {
      if (run.length === 0) runOpensSentence = atSentenceStart;
      run.push(core);
    } else {
      flush();
    }
    if (core !== word) flush(); // punctuation after the word ends the name
    atSentenceStart = !abbreviation && /[.!?:]["'”’)]*$/.test(word);
  }
  flush();
  return names;
}

function splitAt(words: readonly string[], isSeparator: (word: string) => boolean): string[][] {
  const parts: string[][] = [[]];
  for (const word of words) {
    if (isSeparator(word)) parts.push([]);
    else parts.at(-1)?.push(word);
  }
  return parts;
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}[\p{L}\p{M}'’.&-]*$/u.test(word);
}

function isNameWord(word: string): boolean {
  return isCapitalised(word) && !NOT_NAMES.has(word.toLowerCase().replace(/\.$/, ''));
}

function squash(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
