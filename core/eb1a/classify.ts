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
      /\b(best (paper|poster|thesis|dissertation|student|demo)|awards?|awarded|prizes?|medals?|medall?ists?|grand prix|premio|prix)\b/i,
      3,
    ],
    [/\b(honou?r(ed|s)?|laureates?|winners?|won|recipient|distinction|dean'?s list|finalist)\b/i, 2],
    // "Silver at the World Championship", "named one of the Innovators Under 35": rankings and podiums.
    [
      /\b(gold|silver|bronze)\b.{0,20}\b(at|in|medal)\b|\bnamed (one of|among|to)\b.{0,60}\b(under \d+|list|top \d+|most influential|innovators)\b|\b(certificate|letter) of (appreciation|commendation)\b/i,
      3,
    ],
    [/\b(championships?|cup|tournament|hackathon|recognition)\b/i, 1],
    // A broader vocabulary of honours, each a hint only.
    [
      /\b(honou?rable mention|runner-up|shortlisted|nominated for|trophy|award-winning|scholarship|decorated with|order of)\b|заслуженн|орден|знак отличия|стипенди|почётн(ое|ый) звание|почетн(ое|ый) звание/i,
      2,
    ],
    [/\b(first|second|third|1st|2nd|3rd) place\b|\bof the (year|month|quarter)\b/i, 2],
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
      /\b(ieee|acm|aaas|aps|asme|rsc|frs|frsc|freng|frse|aaai) fellow\b|\bhonorary member\b|\bfellow(ship)? (status|grade)\b|\bmember since\b/i,
      3,
    ],
    [
      /\b(elect(ed|ion)|vote) by (its |the |existing )?(members|fellows|academicians)\b|\b(admitted|elected|inducted) (to|into) (the )?(royal |national |american |european )?(acad[eé]m|society|college|order)/i,
      3,
    ],
    [
      /\bmember of (the )?([a-z&'-]+ ){0,4}(society|academy|association|institute|college|guild|union|club|federation|council)\b/i,
      3,
    ],
    // Weak: a society's name also appears where it hosts a meeting ("the Society for Neuroscience annual meeting").
    [/\b(society|academy|association|institute|guild|union|dues)\b/i, 0.5],
    [/\bmember of (?!(the |a |an )?([a-z]+ )?(committee|panel|jury|board))/i, 1],
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
      /стать[яиюе] (о|про) (нём|нем|ней|клиент|заявител)|интервью|репортаж|очерк|газет|телеканал|коммерсант|ведомост|рбк|известия|сюжет|перв(ый|ого) канал|нтв/i,
      3,
    ],
    [/журнал[аеу]? «/i, 1],
    [/\b(segment|episode|documentary|broadcast|aired|report(ed)?) (on|about|by|in)\b/i, 2],
    [
      /\b(cover story|feature story|news coverage|press coverage|mentioned in|appeared on|spotlight(ed)? (in|on|by)|journalist|reporter|headline)\b|в эфире|публикаци[яи] о |радио/i,
      2,
    ],
    // A company's own blog or announcement is published material in form, though rarely about the person.
    [
      /\b(company'?s? blog|blog of the (company|employer)|(announc(ed|ing|ement)|launch(ed|ing)?) (of )?(the|its|our|a) new)\b/i,
      3,
    ],
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
    // The award or scholarship a jury decides is what was judged, not what the client won.
    [
      /\b(jury|juries|judg(e|es|ing)|selection (committee|panel)|review panel|panel)\b.{0,50}\b(award|prize|competition|contest|scholarship|fellowship|grants?)\b/i,
      3,
    ],
    [
      /\bselection (committee|panel|board)\b|\bserved on the (jury|panel)\b|\breviews? (were |was )?completed\b|\b\d+ reviews\b|\binterviewed \d+ (candidates|applicants|finalists)\b/i,
      4,
    ],
    [/\b(jury|juror|judged|judge|judging)\b/i, 3],
    [/\beditorial board\b|\b(associate|guest|area) editor\b/i, 2],
    [
      /\b(ad hoc reviewer|referee report|(?<!peer[- ])reviewed for|grant reviewer|expert reviewer|scored (the )?(applications|proposals|entries|pitches)|evaluated (the )?(pitches|entries|projects))\b|экспертиз|член жюри|эксперт(ом)? конкурса|рецензи(?!руем)/i,
      3,
    ],
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
      /\b(developed|created|designed|devised|invented|built|wrote) (a |an |the )?([a-z-]+ ){0,3}(method|algorithm|technique|technology|framework|model|approach|process|drug|device|library|protocol|test|tool|system|crate|package|compiler|codec|engine|database|platform|vaccine)\b/i,
      3,
    ],
    [/\b(citations|cited [\d,]+ times|h-index)\b/i, 2],
    [
      /\b(widely adopted|used by (millions|thousands|\d[\d,]* )|first to|groundbreaking|novel (method|approach|technique)|clinical guidelines?|fda[- ]approved|technology transfer|spin-?off|impact on the field)\b|впервые|вклад в/i,
      2,
    ],
    [
      /\b(became|is|now) (a |the )?(dependency|standard|reference implementation) (of|for|in)\b|\bstandard of care\b/i,
      3,
    ],
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
      /(?<!street |business |star |atlanta |providence |milwaukee )\b(journal articles?|conference papers?|proceedings|peer[- ]reviewed (papers?|articles?|publications?|journals?)|book chapter|monograph|law review|transactions on)\b/i,
      3,
    ],
    [/\b(preprint|arxiv|biorxiv|medrxiv|ssrn|blog post)\b/i, 3],
    // Writing of one's own, even where it will not count (a blog), is claimed under authorship.
    [/\b(chapter in|handbook|edited volume|encyclopedia entry|blog|medium|substack|linkedin post)\b/i, 2],
    [/\b(his|her|their) (article|paper)s?\b|\bdoi\b|\b10\.\d{4,}\/|\/\/|\bvol\. ?\d|\bpp?\. ?\d/i, 3],
    [/\b(publications?|(?<!(street|business) )journal|authors?)\b/i, 1],
    [
      /\b(co-?author(ed)?|paper titled|published in|appeared in the journal|paper (at|in) (neurips|icml|cvpr|acl|iclr|sigmod|chi|kdd|aaai)|textbook)\b|научн(ая|ые|ой) стат|тезис|публикаци(и|й) в/i,
      2,
    ],
    [/\bpublished (a |an )?([a-z]+ ){0,2}(review|commentary|essay|editorial|letter|chapter)\b/i, 4],
    [/\b[A-Z][a-z]+ [A-Z]{1,2}(, [A-Z][a-z]+ [A-Z]{1,2})+\.|\b(19|20)\d{2};\s?\d+/, 3],
    // "2020;36(4):1012-1020": volume, issue and pages are how an article is cited, never a news story.
    [/\b(19|20)\d{2};\s?\d+(\(\d+\))?:\s?\d+|\b\d+\(\d+\):\s?\d+[-–]\d+/, 3],
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
    [
      /\b(berlinale|cannes|sundance|venice film|tribeca|film festival|screening|premiered at)\b|\bpresented (a |an |the |his |her )?([a-z]+ )?poster\b/i,
      2,
    ],
    [/выставк|экспозиц|галере|музе|биеннале|вернисаж/i, 3],
    [
      /\b(shown at|group exhibition|exhibited|art salon|pavilion|fashion week|runway show|artist|art (center|centre|space))\b|выставлял|экспонир/i,
      2,
    ],
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
      /\b(founding|managing|senior|equity|name) partner\b|\bpartner (of|at) the (law |consulting )?firm\b/i,
      4,
    ],
    [/\b(ranked|ranking|rankings|band 1|tier 1)\b/i, 1],
    [
      /\b(appointed|named|promoted to) (as )?(the )?(chief|head|director|president|dean|chair)\b|\bchief (scientist|architect|engineer|economist|editor|designer|technologist)\b/i,
      4,
    ],
    [/\b(responsible for|in charge of)\b/i, 1],
    [
      /\b(supervised|oversaw|chaired|captain of|board of directors|board member|founded (the |a )?(company|startup|lab|firm)|dean of|deputy director)\b|член правления|заместитель (генерального )?директора/i,
      2,
    ],
    [
      /\b(served|serves|worked|works|appointed) as (the |a |an )?(executive|chief|head|director|president|vice|managing|general|founding)\b/i,
      2,
    ],
    [/\b(served as|role|duties|team|position|engineers?)\b/i, 1],
    [
      /генеральн(ый|ого|ым) директор|руководител|руководил|возглавля|возглавил|основател|директор|заведующ|начальник|главн(ый|ого|ым) (инженер|архитектор|конструктор|редактор|врач|научн)/i,
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
    [/\b(her|his|their|base|annual|monthly|total) (pay|income|earnings)\b/i, 3],
    [/^pay\b|\bpay (in|of|at|from)\b|\b(reais|reals|yuan|rupees|pesos|lira|zloty|dirhams?)\b/i, 2],
    [
      /\b(tax return|form 1099|offer letter|contract worth|per annum|rsus?|honorarium|paid (her|him|them))\b/i,
      2,
    ],
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
    // Money earned by a work, not paid to a person: "$5M in revenue", "annual recurring revenue", downloads.
    [/\b(in revenue|revenue of|recurring revenue|in sales|downloads|installs)\b/i, 2],
    [
      /\b(best-?sell(er|ing)|top of the charts|number one on|tickets|royalties|viewership|ratings|spotify|sold \d[\d,.]* (copies|tickets|units))\b|бестселлер|просмотр|прослушиван/i,
      2,
    ],
    [
      /кассов|сбор(ы|ов) фильм|прокат|продан[оы]? (\d|более|свыше|около)|тираж|чарт|аншлаг|платинов|золот(ой|ым|ого) (диск|статус)/i,
      3,
    ],
    [
      /\b(highest[- ]grossing|played to [\d.,]+|attendance of|audiences? of [\d.,]+|tickets sold|copies)\b/i,
      3,
    ],
  ],
};

function cueMatches(
  text: string,
  cues: readonly Cue[],
): { score: number; strongest: number; cues: string[] } {
  let score = 0;
  let strongest = 0;
  const matched: string[] = [];
  for (const [pattern, weight] of cues) {
    const match = pattern.exec(text);
    if (!match) continue;
    score += weight;
    strongest = Math.max(strongest, weight);
    matched.push(match[0]);
  }
  return { score, strongest, cues: matched };
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
  const scored = CRITERION_IDS.map((criterion) => ({
    criterion,
    ...cueMatches(normalized, CUES[criterion]),
  }))
    .filter((entry) => entry.score > 0)
    // On equal scores the more specific phrase wins ("served on the jury" over a bare "Award"); then
    // regulation order, which is stable and easy to explain.
    .sort((a, b) => b.score - a.score || b.strongest - a.strongest);
  const ranking: RankedCriterion[] = scored.map(({ criterion, score, cues }) => ({ criterion, score, cues }));
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

/**
 * Why an exhibit showing each trap will not count, said to the lawyer when the text is proposed (traps.ftl,
 * with the phrase that gave the trap away as `$phrase`). Keys are written out so each is checked to exist.
 */
export const TRAP_REASON_KEYS = {
  'award.employer_internal': 'traps-award-employer-internal',
  'award.school_only': 'traps-award-school-only',
  'award.local': 'traps-award-local',
  'membership.admission_basis': 'traps-membership-admission-basis',
  'published.about_employer': 'traps-published-about-employer',
  'published.paid': 'traps-published-paid',
  'judging.invitation_only': 'traps-judging-invitation-only',
  'contribution.pending_patent': 'traps-contribution-pending-patent',
  'article.preprint': 'traps-article-preprint',
  'article.blog_post': 'traps-article-blog-post',
  'exhibition.not_artistic': 'traps-exhibition-not-artistic',
  'leading.ordinary_role': 'traps-leading-ordinary-role',
  'salary.converted_currency': 'traps-salary-converted-currency',
  'salary.self_reported': 'traps-salary-self-reported',
  'salary.broad_occupation': 'traps-salary-broad-occupation',
  'commercial.not_performing_arts': 'traps-commercial-not-performing-arts',
  'commercial.no_sales': 'traps-commercial-no-sales',
} as const;

export type TrapCode = keyof typeof TRAP_REASON_KEYS;

/** A step-1 trap the text gives away, with the phrase that gave it away. */
export interface RecognizedTrap {
  /** The analysis finding code for the same trap (e.g. `award.employer_internal`). */
  code: TrapCode;
  phrase: string;
}

interface TrapRule {
  readonly code: TrapCode;
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
        /\b(employee of the (year|month|quarter)|internal (award|recognition|competition)|(company|employer)'?s? (annual |internal )?([a-z]+ )?(award|prize)|given (only )?to ([\w&'-]+ ){0,2}(employees|staff)|(only|exclusively) (to|for) ([\w&'-]+ ){0,2}(employees|staff)|open only to (its )?(employees|staff)|spot bonus|(peer )?recognition badge|(staff|employees|interns|team members) only|internal program|from (her|his|their|the) employer|years of service|of (our|the|his|her) (department|team|division))\b|сотрудник(а)? (года|месяца)|внутренн(его|ий|ем) конкурс|внутри компании/i,
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
        /\b(dues|membership fee|fee paid|upon payment|subscription|union|guild|requires? (a |an )?([a-z']+ )?degree|completion of (a |an |the )?([a-z']+ ){0,2}degree|years of experience|pa(id|ying|ys|y) (the |an |a )?(annual |yearly |membership )?(fee|dues))\b|членск(ий|ого|ие) взнос|уплат/i,
    },
  ],
  published_material: [
    {
      code: 'published.about_employer',
      pattern:
        /\b(does not mention|not (named|mentioned)|without naming|about the (company|employer)|(company|employer)'?s (new )?(product|drone|app|launch|ipo)|'s ipo|company'?s? blog|blog of the (company|employer)|announc(es|ed|ing) (the|its|our) new product)\b|не упомина|(?<![а-яё])о компании/i,
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
        /\b(invit(ation|ed|ing)|asked) (him |her |them |the client )?(to )?(review|referee|serve as a (referee|reviewer|judge)|judge)|\binvit(ation|ing) (him |her )?to serve\b|\binvit(ation|ed|ing)\b.{0,60}?\bto (review|referee|judge|serve as)\b|приглашени[ея] (выступить |стать )?(рецензент|в жюри|член)/i,
      unless:
        /\b(thank you for (completing|your review)|review (was )?(completed|submitted)|completed (the |\d+ )?reviews?|reviewer record)\b/i,
      // "no confirmation that the review was submitted" names the proof only to deny it.
      unlessDenied:
        /\b(no|without) (confirmation|proof|evidence|record)\b|\bnot yet accepted\b|без подтвержден/i,
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
      pattern:
        /\b(software|saas|app|not in the performing arts|(mobile |video )?games?|downloads)\b|программн/i,
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
