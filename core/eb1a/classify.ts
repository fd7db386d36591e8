// Deterministic guess of which EB-1A criterion a lawyer's free-text description of an exhibit belongs to.
import { CRITERION_IDS } from './criteria.ts';
import type { CriterionId } from './criteria.ts';

export interface Classification {
  criterion: CriterionId;
  /** Share of the matched evidence that points to `criterion`, 0..1; 1 when nothing points elsewhere. */
  confidence: number;
  /** Other criteria the text also points to, most likely first. */
  alternatives: CriterionId[];
}

/** A phrase and how strongly it signals a criterion: 3 names the criterion, 2 is typical of it, 1 hints. */
type Cue = readonly [pattern: RegExp, weight: number];

// Specific phrases outweigh single words, so "Best Paper award" is an award, not an article, and
// "reviewed papers for IEEE" is judging, not authorship.
const CUES: Readonly<Record<CriterionId, readonly Cue[]>> = {
  awards: [
    [/\b(best (paper|poster|thesis|dissertation)|award(ed|s)?|prizes?|medal(ist)?s?)\b/, 3],
    [/\b(honou?r(ed|s)?|laureate|winner|won|recipient|distinction)\b/, 2],
    [/\b(first|second|third) place\b/, 2],
  ],
  membership: [
    [/\b(elected|inducted) (as )?(a )?(fellow|member)\b/, 3],
    [/\b(fellow of|senior member|membership)\b/, 3],
    [/\bmember of (the )?[a-z]*\s*(society|academy|association|institute|college|guild|union)\b/, 3],
    [/\b(society|academy|association|institute)\b/, 1],
    [/\bmember of\b/, 1],
  ],
  published_material: [
    [
      /\b(article|story|profile|feature|piece|interview|report)\b.{0,40}\babout (him|her|them|the client|the beneficiary|his|her|their)\b/,
      4,
    ],
    [/\b(wrote|written|reported) about (him|her|them|the client|his|her|their)\b/, 4],
    [/\b(interviewed|featured|profiled|quoted|covered) (by|in|on)\b/, 3],
    [/\b(press|media) coverage\b/, 3],
    [
      /\b(forbes|new york times|nytimes|wall street journal|wsj|bbc|cnn|guardian|bloomberg|reuters|techcrunch|wired|washington post|financial times|the economist|time magazine)\b/,
      2,
    ],
    [/\b(newspaper|magazine|news|broadcast|tv|television|radio|podcast|documentary)\b/, 1],
  ],
  judging: [
    // "peer-reviewed" describes the client's own articles, so only the activity counts here.
    [/\b(peer[- ]review(s|er|ers|ing)?|reviewers?|referee(s|ing)?)\b/, 3],
    [
      /(?<!peer[- ])\breview(ed|ing)? (\d+ )?(papers|manuscripts|submissions|abstracts|proposals|grant applications|articles)\b/,
      4,
    ],
    [/\b(program|programme|technical) committee\b|\bpc member\b/, 3],
    [/\b(thesis|dissertation|doctoral) (committee|examiner|defen[cs]e)\b/, 3],
    [/\b(grant|review) panel\b|\bstudy section\b|\bpanelist\b/, 3],
    [/\b(judge|juror|jury member|judging panel(ist)?) (at|for|of|on|in)\b/, 4],
    [/\b(jury|juror|judged|judge|judging)\b/, 3],
    [/\beditorial board\b|\b(associate|guest|area) editor\b/, 2],
  ],
  original_contributions: [
    [/\b(original contribution|major significance|breakthrough|pioneer(ed|ing)?)\b/, 3],
    [/\b(invented|invention|patent(ed|s)?|licens(ed|ing))\b/, 3],
    [/\b(adopted|used|deployed) by\b|\bwidely (used|adopted|cited)\b|\bindustry standard\b/, 3],
    [
      /\b(developed|created|designed|devised) (a |an |the )?(new |novel )?(method|algorithm|technique|technology|framework|model|approach|process|drug|device|library)\b/,
      3,
    ],
    [/\b(citations|cited \d+|h-index)\b/, 2],
    [/\bopen[- ]source\b/, 1],
  ],
  scholarly_articles: [
    [/\b(first|lead|senior|corresponding|last|sole)[- ]author(ed)?\b/, 3],
    [
      /\b(co-?authored|authored|published) (a |an |the |\d+ )?(peer-reviewed )?(papers?|articles?|book chapters?|manuscripts?)\b/,
      4,
    ],
    [
      /\b(journal articles?|conference papers?|proceedings|peer-reviewed (papers?|articles?|publications?))\b/,
      3,
    ],
    [/\bpublications?\b/, 1],
  ],
  exhibitions: [
    [
      /\b(exhibition|exhibited|exhibit(ed)? at|gallery|museum|biennale|biennial|art fair|solo show|group show|retrospective|showcase)\b/,
      3,
    ],
    [/\b(installation|artwork|paintings?|sculptures?|photographs? (were|was) shown)\b/, 2],
  ],
  leading_role: [
    [
      /\b(ceo|cto|cfo|coo|chief [a-z]+ officer|founder|co-?founder|president|vice president|vp of|head of|director of|managing director)\b/,
      3,
    ],
    [
      /\b(led|leads|leading|managed|manages|oversaw|oversees) (a |the )?(team|department|division|lab|laboratory|group|unit|company|project|program)\b/,
      3,
    ],
    [/\b(principal investigator|team lead|tech lead|lead engineer|chair(man|woman|person)?)\b/, 2],
    [/\b(critical role|key role|leading role)\b/, 3],
  ],
  high_salary: [
    [
      /\b(salary|salaries|remuneration|compensation|wages?|pay ?(slip|stub)|payroll|earn(s|ed|ings)?|bonus|equity grant)\b/,
      3,
    ],
    [/\b(per (year|annum|month|hour)|annually|a year)\b/, 1],
    [/(\$|usd|eur|€|£|inr|₹)\s?\d/, 1],
  ],
  commercial_success: [
    [
      /\b(box[- ]office|ticket sales|sold[- ]out|album sales|record sales|copies sold|platinum|gold record|streams|chart(ed|s)?|billboard)\b/,
      3,
    ],
    [/\b(grossed|gross(ing)?|sales of|sold \d)/, 2],
  ],
};

function scoreOf(text: string, cues: readonly Cue[]): number {
  return cues.reduce((score, [pattern, weight]) => score + (pattern.test(text) ? weight : 0), 0);
}

/** Rounded to two places so the same text always reports the same confidence. */
function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Scores the text against phrases typical of each criterion. Returns null when nothing points to any
 * criterion, so the bot asks the lawyer instead of guessing.
 */
export function classifyEvidenceText(text: string): Classification | null {
  const normalized = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (normalized === '') return null;
  const scored = CRITERION_IDS.map((criterion) => ({
    criterion,
    score: scoreOf(normalized, CUES[criterion]),
  }))
    .filter((entry) => entry.score > 0)
    // Ties keep regulation order, which is stable and easy to explain.
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return null;
  const total = scored.reduce((sum, entry) => sum + entry.score, 0);
  return {
    criterion: best.criterion,
    confidence: roundTo2(best.score / total),
    alternatives: scored.slice(1).map((entry) => entry.criterion),
  };
}
