// Deterministic guess of which EB-1A criterion a free-text description or a document's text belongs to,
// with the phrases behind the guess, and the step-1 traps the text gives away.
import { CRITERION_IDS } from './criteria.ts';
import type { CriterionId } from './criteria.ts';

export interface RankedCriterion {
  criterion: CriterionId;
  score: number;
  /** The phrases of the text that point to this criterion, as written. */
  cues: string[];
}

export interface Classification {
  criterion: CriterionId;
  /** Share of the matched evidence that points to `criterion`, 0..1; 1 when nothing points elsewhere. */
  confidence: number;
  /** Other criteria the text also points to, most likely first. */
  alternatives: CriterionId[];
  /** Every criterion the text points to, best first, with its score and the phrases that matched. */
  ranking: RankedCriterion[];
}

/** A phrase and how strongly it signals a criterion: 4 is decisive, 3 names the criterion, 2 is typical, 1 hints. */
type Cue = readonly [pattern: RegExp, weight: number];

// Patterns run on the text as written (case-insensitive), so the matched phrase can be quoted back.
// Russian stems are matched without \b, which JavaScript applies to Latin letters only.
// Specific phrases outweigh single words, so "Best Paper award" is an award, not an article, and
// "reviewed papers for IEEE" is judging, not authorship.
const CUES: Readonly<Record<CriterionId, readonly Cue[]>> = {
  awards: [
    [
      /\b(best (paper|poster|thesis|dissertation|student|demo)|awards?|awarded|prizes?|medal(ist)?s?|grand prix|premio|prix)\b/i,
      3,
    ],
    [/\b(honou?r(ed|s)?|laureate|winner|won|recipient|distinction|dean'?s list)\b/i, 2],
    [/\b(first|second|third|1st|2nd|3rd) place\b|\bof the (year|month)\b/i, 2],
    [/\b(contest|competition|olympiad)\b/i, 1],
    [/лауреат|преми[яиюейя]|наград|медал|победител|призёр|призер|гран-при|\d место|первое место/i, 3],
    [/конкурс|олимпиад/i, 1],
    [
      /\bcertificate of (excellence|merit|honou?r|achievement|recognition)\b|грамот|диплом (лауреата|победителя|[iI]+ степени)/i,
      3,
    ],
  ],
  membership: [
    [
      /\b(elected|inducted|admitted|elevated) (as |to )?(a |an )?(full )?(fellow|member|senior member)\b|\binducted into\b/i,
      3,
    ],
    [/\b(fellow of|senior member|membership|member(ship)? card|academician)\b/i, 3],
    [
      /\bmember of (the )?([a-z&'-]+ ){0,4}(society|academy|association|institute|college|guild|union|club|federation|council)\b/i,
      3,
    ],
    [/\b(society|academy|association|institute|guild|union|dues)\b/i, 1],
    [/\bmember of\b/i, 1],
    [
      /член(ом)?-корреспондент|избран[аы]? (действительным )?член|член(ом)? (союза|академии|общества|ассоциации|гильдии|палаты)|членск|действительн(ый|ым) член|академик/i,
      3,
    ],
    [/союз|академи|обществ|ассоциаци|гильди/i, 1],
  ],
  published_material: [
    [
      /\b(article|story|profile|feature|piece|interview|report|coverage|documentary)\b.{0,40}\b(about|of|on|with) (him|her|them|the client|the beneficiary|the petitioner|his|her|their)\b/i,
      4,
    ],
    [/\b(wrote|written|reported|ran a story) about\b/i, 4],
    [/\b(interviewed|featured|profiled|quoted|covered) (by|in|on)\b/i, 3],
    [/\b(press|media) (coverage|release)\b|\bnews (piece|story|article|report)\b|\bran a story\b/i, 3],
    [
      /\b(forbes|new york times|nytimes|wall street journal|wsj|bbc|cnn|guardian|bloomberg|reuters|techcrunch|wired|washington post|financial times|the economist|time magazine|ieee spectrum|le monde|der spiegel)\b/i,
      2,
    ],
    [
      /\b(newspaper|magazine|news|broadcast|tv|television|radio|podcast|byline|sponsored|readers|circulation|feature on)\b/i,
      1,
    ],
    [
      /стать[яиюе] (о|про) (нём|нем|ней|клиент|заявител)|интервью|репортаж|очерк|газет|телеканал|коммерсант|ведомост|рбк|известия/i,
      3,
    ],
    [/журнал[аеу]? «/i, 1],
    [/\b(segment|episode|documentary|broadcast|aired|report(ed)?) (on|about|by|in)\b/i, 2],
    [
      /\b(60 minutes|cbs|nbc|abc news|npr|pbs|al jazeera|new scientist|scientific american|newsweek|the atlantic|associated press|le figaro)\b|материал (рбк|тасс|риа)|(?<![а-яё])материал[аеу]? о /i,
      3,
    ],
  ],
  judging: [
    // "peer-reviewed" describes the client's own articles, so only the activity counts here.
    [/\b(peer[- ]review(s|er|ers|ing)?|reviewers?|referee(s|ing|d)?)\b/i, 3],
    [
      /(?<!peer[- ])\b(review(ed|ing|s)?|evaluat(ed|ing)|assess(ed|ing)|judg(ed|ing)) (of )?(\d+ |a |an |the |startup |grant )?(papers?|manuscripts?|submissions|abstracts|proposals|applications|articles|entries)\b/i,
      4,
    ],
    [/\byour review\b|\breview of manuscript\b/i, 4],
    [/\b(program|programme|technical) committee\b|\bpc member\b/i, 3],
    [/\b(thesis|dissertation|doctoral) (committee|examiner|defen[cs]e)\b|\bexternal examiner\b/i, 3],
    [/\b(grant|review) panel\b|\bstudy section\b|\bpanelist\b/i, 3],
    [/\b(judge|juror|jury member|judging panel(ist)?) (at|for|of|on|in)\b/i, 4],
    [/\b(jury|juror|judged|judge|judging)\b/i, 3],
    [/\beditorial board\b|\b(associate|guest|area) editor\b/i, 2],
    [
      /рецензент|отрецензир|рецензировал|жюри|оппонент|экспертн(ого|ый|ом) совет|диссертационн(ого|ый|ом) совет/i,
      4,
    ],
    [
      /\b(evaluator|assessor|area chair|senior program committee|official opponent|handling \d+ submissions)\b/i,
      4,
    ],
    [
      /\b(evaluat(ed|ing)|assess(ed|ing)|examin(ed|ing)|review(ed|ing)) ([a-z]+ ){0,2}(theses|dissertations|grants?|grant proposals|nominations|candidates|startups)\b/i,
      4,
    ],
  ],
  original_contributions: [
    [/\b(original contribution|major significance|breakthrough|pioneer(ed|ing)?|discovery)\b/i, 3],
    [/\b(invented|invention|inventor|patent(ed|s)?|licens(ed|ing))\b/i, 3],
    [
      /\b(adopted|used|deployed|implemented|commercial(ized|ised)) by\b|\bwidely (used|adopted|cited)\b|\bindustry standard\b/i,
      3,
    ],
    [
      /\b(developed|created|designed|devised|invented|built) (a |an |the )?([a-z-]+ ){0,3}(method|algorithm|technique|technology|framework|model|approach|process|drug|device|library|protocol|test|tool|system)\b/i,
      3,
    ],
    [/\b(citations|cited [\d,]+ times|h-index)\b/i, 2],
    [/\b(open[- ]source|commerciali[sz]ed|adopted)\b/i, 1],
    [/патент|изобрет|внедр[её]н|разработал[аи]? (нов|метод|технолог|алгоритм)|открыти[еяй]|цитирован/i, 3],
    [
      /\b(changed|transformed|revolutioni[sz]ed|reshaped) (the |how |what )|\bused in (clinical|production|practice)|\b(independent|expert) (experts?|letters?) (describe|confirm|explain|state)/i,
      3,
    ],
    [/применя(ется|ются|ют)|использу(ется|ются|ют)|созданн(ая|ый|ое) (заявител|клиент)|технологи[яю]/i, 3],
  ],
  scholarly_articles: [
    [
      /\b(first|lead|senior|corresponding|last|sole)[- ]author(ed)?\b|\b(second|third|fourth|fifth|\d+(st|nd|rd|th)) of \w+ authors\b/i,
      3,
    ],
    [
      /\b(co-?authored|authored|published|wrote) (a |an |the |\d+ |\w+ )?(peer-reviewed )?(journal )?(papers?|articles?|book chapters?|manuscripts?|monographs?)\b/i,
      4,
    ],
    [
      /\b(journal articles?|conference papers?|proceedings|peer[- ]reviewed (papers?|articles?|publications?|journals?)|book chapter|monograph|law review|transactions on)\b/i,
      3,
    ],
    [/\b(preprint|arxiv|biorxiv|medrxiv|ssrn|blog post)\b/i, 3],
    [/\b(his|her|their) (article|paper)s?\b|\bdoi\b|\b10\.\d{4,}\/|\/\/|\bvol\. ?\d|\bpp?\. ?\d/i, 3],
    [/\b(publications?|journal|authors?)\b/i, 1],
    [/\bpublished (a |an )?([a-z]+ ){0,2}(review|commentary|essay|editorial|letter|chapter)\b/i, 4],
    [/\b[A-Z][a-z]+ [A-Z]{1,2}(, [A-Z][a-z]+ [A-Z]{1,2})+\.|\b(19|20)\d{2};\s?\d+/, 3],
    [
      /стат(ья|ьи|ей|ью|ьях)\b|стат(ья|ьи|ей|ью)|рецензируем|ВАК|scopus|web of science|вестник|монографи|препринт/i,
      3,
    ],
  ],
  exhibitions: [
    [
      /\b(exhibition|exhibited|exhibit(ed)? at|gallery|museum|biennale|biennial|art fair|art basel|solo show|group show|retrospective|showcase|screened at)\b/i,
      3,
    ],
    [/\b(installation|artworks?|paintings?|sculptures?|photographs?|curator|trade show|booth|expo)\b/i, 2],
    [/\b(festival|poster|displayed)\b/i, 1],
    [/выставк|экспозиц|галере|музе|биеннале|вернисаж/i, 3],
    [/стендов/i, 2],
  ],
  leading_role: [
    [
      /\b(ceo|cto|cfo|coo|cmo|chief [a-z]+ officer|founder|co-?founder|president|vice president|vp of|head of|director of|managing director|executive director|general manager|department head)\b/i,
      4,
    ],
    [
      /\b(led|leads|leading|managed|manages|oversaw|oversees|heads|headed|runs|ran) (a |an |the )?([a-z-]+ ){0,2}(team|department|division|lab|laboratory|group|unit|company|project|program|office|organization)\b/i,
      3,
    ],
    [
      /\b(principal investigator|team lead|tech lead|lead engineer|chair(man|woman|person)?|org(anizational|anisational)? chart|reporting to)\b/i,
      3,
    ],
    [/\b(critical role|key role|leading role|essential role)\b/i, 3],
    [
      /\b(appointed|named|promoted to) (as )?(the )?(chief|head|director|president|dean|chair)\b|\bchief (scientist|architect|engineer|economist|editor|designer|technologist)\b/i,
      4,
    ],
    [/\b(responsible for|in charge of)\b/i, 1],
    [
      /\b(served|serves|worked|works|appointed) as (the |a |an )?(executive|chief|head|director|president|vice|managing|general|founding)\b/i,
      2,
    ],
    [/\b(served as|role|duties|team|position|engineers?)\b/i, 1],
    [
      /генеральн(ый|ого|ым) директор|руководител|руководил|возглавля|возглавил|основател|директор|заведующ|начальник/i,
      3,
    ],
  ],
  high_salary: [
    [
      /\b(salary|salaries|remuneration|compensation|wages?|pay ?(slip|stub)|gross pay|payroll|earn(s|ed|ings)?|bonus|equity grant|w-2)\b/i,
      3,
    ],
    [
      /\b(per (year|annum|month|hour)|annually|a year|percentile|bls|oes|careeronestop|glassdoor|payscale|prevailing wage)\b/i,
      1,
    ],
    [/(\$|usd|eur|€|£|inr|₹|rub|₽)\s?\d/i, 1],
    [/зарплат|заработн|оклад|доход|вознагражден/i, 3],
    [/рубл|в месяц|в год/i, 1],
    [
      /\b(pay package|total pay|hourly rate|day rate|consulting fees?|compensation package|stock options)\b/i,
      3,
    ],
    [/\b(chf|cad|jpy|aud|sgd)\s?\d|\bmedian (pay|wage|salary|for the occupation)\b/i, 1],
  ],
  commercial_success: [
    [
      /\b(box[- ]office|ticket sales|sold[- ]out|album sales|record sales|copies sold|units sold|platinum|gold record|streams|chart(ed|s)?|billboard|full houses?)\b/i,
      3,
    ],
    [/\b(grossed|gross(ing)?|sales of|sold \d|sales figures|dvd|video sales)/i, 2],
    [/\b(album|single|record|label|broadway|concert|tour|film|performed)\b/i, 1],
    [/\brevenue\b/i, 1],
    [/кассов|сбор(ы|ов) фильм|прокат|продано \d|тираж|чарт|аншлаг/i, 3],
    [
      /\b(highest[- ]grossing|played to [\d.,]+|attendance of|audiences? of [\d.,]+|tickets sold|copies)\b/i,
      3,
    ],
  ],
};

function cueMatches(text: string, cues: readonly Cue[]): { score: number; cues: string[] } {
  let score = 0;
  const matched: string[] = [];
  for (const [pattern, weight] of cues) {
    const match = pattern.exec(text);
    if (!match) continue;
    score += weight;
    matched.push(match[0]);
  }
  return { score, cues: matched };
}

/** Rounded to two places so the same text always reports the same confidence. */
function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Collapses runs of whitespace so phrases split across lines of a document still match. */
function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Scores the text against phrases typical of each criterion. Returns null when nothing points to any
 * criterion, so the bot asks the lawyer instead of guessing.
 */
export function classifyEvidenceText(text: string): Classification | null {
  const normalized = normalize(text);
  if (normalized === '') return null;
  const ranking = CRITERION_IDS.map((criterion) => ({
    criterion,
    ...cueMatches(normalized, CUES[criterion]),
  }))
    .filter((entry) => entry.score > 0)
    // Ties keep regulation order, which is stable and easy to explain.
    .sort((a, b) => b.score - a.score);
  const best = ranking[0];
  if (!best) return null;
  const total = ranking.reduce((sum, entry) => sum + entry.score, 0);
  return {
    criterion: best.criterion,
    confidence: roundTo2(best.score / total),
    alternatives: ranking.slice(1).map((entry) => entry.criterion),
    ranking,
  };
}

/** A step-1 trap the text gives away, with the phrase that gave it away. */
export interface RecognizedTrap {
  /** The analysis finding code for the same trap (e.g. `award.employer_internal`). */
  code: string;
  phrase: string;
}

interface TrapRule {
  readonly code: string;
  readonly pattern: RegExp;
  /** When this also matches, the text answers the trap and it is not reported. */
  readonly unless?: RegExp;
  /** When this matches, the text denies what `unless` found, and the trap stands. */
  readonly unlessDenied?: RegExp;
}

const TRAPS: Readonly<Partial<Record<CriterionId, readonly TrapRule[]>>> = {
  awards: [
    {
      code: 'award.employer_internal',
      pattern:
        /\b(employee of the (year|month|quarter)|internal (award|recognition|competition)|(company|employer)'?s? (annual |internal )?([a-z]+ )?(award|prize)|given to (its )?employees|open only to (its )?(employees|staff)|spot bonus|(peer )?recognition badge)\b|сотрудник(а)? (года|месяца)|внутренн(его|ий|ем) конкурс|внутри компании/i,
    },
    {
      code: 'award.school_only',
      pattern:
        /\b(dean'?s list|open only to students|only to students|students of the (faculty|university|school|department)|student thesis prize)\b|среди студентов|для студентов/i,
    },
    {
      code: 'award.local',
      pattern:
        /\b(city|municipal|county|town|local residents|local community|neighbou?rhood)\b|городск|районн|местн/i,
    },
  ],
  membership: [
    {
      code: 'membership.admission_basis',
      pattern:
        /\b(dues|membership fee|fee paid|upon payment|subscription|union|guild|requires? (a |an )?([a-z']+ )?degree|years of experience)\b|членск(ий|ого|ие) взнос|уплат/i,
    },
  ],
  published_material: [
    {
      code: 'published.about_employer',
      pattern:
        /\b(does not mention|not (named|mentioned)|without naming|about the (company|employer)|(company|employer)'?s (new )?(product|drone|app|launch|ipo)|'s ipo)\b|не упомина|о компании/i,
    },
    {
      code: 'published.paid',
      pattern:
        /\b(press release|sponsored|paid (placement|content|article|post)|advertorial|marketing team|pr newswire|business wire)\b|на правах рекламы|пресс-релиз|заказн(ая|ой) стать/i,
    },
  ],
  judging: [
    {
      code: 'judging.invitation_only',
      pattern:
        /\b(invit(ation|ed|ing)|asked) (him |her |them |the client )?(to )?(review|referee|serve as a (referee|reviewer|judge)|judge)|\binvit(ation|ing) (him |her )?to serve\b|приглашени[ея] (выступить |стать )?(рецензент|в жюри|член)/i,
      unless:
        /\b(thank you for (completing|your review)|review (was )?(completed|submitted)|completed (the |\d+ )?reviews?|reviewer record)\b/i,
      // "no confirmation that the review was submitted" names the proof only to deny it.
      unlessDenied: /\b(no|without) (confirmation|proof|evidence)\b|\bnot yet accepted\b|без подтвержден/i,
    },
  ],
  original_contributions: [
    {
      code: 'contribution.pending_patent',
      pattern:
        /\b(patent (application )?pending|pending patent|provisional patent|patent application( filed)?)\b|заявк[аиу] на (патент|изобретение)|решение о выдаче (ещё |еще )?не принято/i,
      unless: /\b(granted|issued|licensed) patent\b|\bpatent (was )?(granted|issued|licensed)\b/i,
    },
  ],
  scholarly_articles: [
    { code: 'article.preprint', pattern: /\b(preprint|arxiv|biorxiv|medrxiv|ssrn)\b|препринт/i },
    {
      code: 'article.blog_post',
      pattern: /\b(blog( post)?|on medium|medium\.com|substack|linkedin post)\b|блог/i,
    },
  ],
  exhibitions: [
    {
      code: 'exhibition.not_artistic',
      pattern:
        /\b(poster|trade show|booth|expo|product demo|(scientific|academic|research) (meeting|conference)|national meeting|research conference|symposium)\b|стендов|научн(ой|ая|ую) конференц/i,
    },
  ],
  leading_role: [
    {
      code: 'leading.ordinary_role',
      pattern:
        /\b(one of \d+ [a-z]+|same duties|regular staff|rank-and-file|junior [a-z]+)\b|рядов(ой|ого) сотрудник/i,
    },
  ],
  high_salary: [
    {
      code: 'salary.converted_currency',
      pattern: /\b(convert(ed|ing)? (to|into)|exchange rate)\b|пересчитан|по курсу/i,
    },
    {
      code: 'salary.self_reported',
      pattern: /\b(glassdoor|payscale|salary\.com|levels\.fyi|self-reported)\b/i,
    },
    { code: 'salary.broad_occupation', pattern: /\bbroad (category|occupation)\b/i },
  ],
  commercial_success: [
    {
      code: 'commercial.not_performing_arts',
      pattern: /\b(software|saas|app|not in the performing arts)\b|программн/i,
    },
    {
      code: 'commercial.no_sales',
      pattern: /\b(no sales( figures)?|without sales|no box office)\b|без данных о продажах/i,
    },
  ],
};

/**
 * The step-1 traps of `criterion` that the text itself reveals (an employer's internal award, a membership
 * bought with dues, a poster offered as an artistic exhibition …), each with the phrase that revealed it.
 * The codes are the analysis engine's finding codes, so a proposal can say why it will not count.
 */
export function recognizeTraps(text: string, criterion: CriterionId): RecognizedTrap[] {
  const normalized = normalize(text);
  const found: RecognizedTrap[] = [];
  for (const rule of TRAPS[criterion] ?? []) {
    const match = rule.pattern.exec(normalized);
    if (!match) continue;
    const answered = rule.unless?.test(normalized) === true && rule.unlessDenied?.test(normalized) !== true;
    if (answered) continue;
    found.push({ code: rule.code, phrase: match[0] });
  }
  return found;
}
