// Facts proposed from an exhibit's text: only the fields of the chosen criterion that the text states,
// each with the phrase it was read from, and the step-1 traps the text gives away. Deterministic and
// offline; a proposal stays a proposal until the lawyer confirms it.
import type { z } from 'zod';
import { recognizeTraps } from './classify.ts';
import type { RecognizedTrap } from './classify.ts';
import type { CriterionId } from './criteria.ts';
import { EVIDENCE_FIELD_SCHEMAS, EVIDENCE_FIELDS } from './evidence.ts';
import type { FieldsByCriterion, FieldValue } from './evidence.ts';

export interface ProposedField {
  key: string;
  value: FieldValue;
  /** The words of the text the value was read from. */
  phrase: string;
}

export interface FieldProposals<C extends CriterionId = CriterionId> {
  criterion: C;
  /** In the order of the criterion's questions. */
  fields: ProposedField[];
  /** The same values as a partial field record; it validates against the criterion's schema. */
  values: Partial<FieldsByCriterion[C]>;
  /** Why the exhibit may not count, read from the same text. */
  traps: RecognizedTrap[];
}

interface Found {
  value: FieldValue;
  phrase: string;
}

type Extractor = (text: string) => Found | undefined;

// --- small readers ----------------------------------------------------------------------------

function clean(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/^[\s,.;:–—-]+|[\s,.;:–—-]+$/g, '');
}

function matching(pattern: RegExp, value: (match: RegExpExecArray) => FieldValue | undefined): Extractor {
  return (text) => {
    const match = pattern.exec(text);
    if (!match) return undefined;
    const found = value(match);
    return found === undefined || found === '' ? undefined : { value: found, phrase: match[0].trim() };
  };
}

/** The first of several readers that finds something. */
function firstOf(...extractors: Extractor[]): Extractor {
  return (text) => {
    for (const extract of extractors) {
      const found = extract(text);
      if (found) return found;
    }
    return undefined;
  };
}

/** A choice read from the first listed pattern that matches. */
function choice(options: readonly (readonly [value: string, pattern: RegExp])[]): Extractor {
  return firstOf(...options.map(([value, pattern]) => matching(pattern, () => value)));
}

// Not inside an identifier, a DOI or a number: "JBC-2021-0345" and "10.1016/j.cell.2020.01.001" state no year.
const year: Extractor = matching(/(?<![\w.,-])(19\d{2}|20\d{2})(?!\w|[-.,]\d)/, (match) => Number(match[1]));

const quoted: Extractor = matching(/["“«„]([^"”»“]{3,200})["”»“]/, (match) => clean(match[1] ?? ''));

/** "1,234.50", "900 000", "1.200.000" → a number. */
export function parseNumber(raw: string): number | undefined {
  let digits = raw.replace(/[\s\u00a0]/g, '');
  if (/,\d{3}(\D|$)/.test(digits) || (digits.includes(',') && digits.includes('.')))
    digits = digits.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3}){2,}$/.test(digits)) digits = digits.replace(/\./g, '');
  else digits = digits.replace(',', '.');
  const value = Number(digits);
  return Number.isFinite(value) ? value : undefined;
}

const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  тыс: 1e3,
  m: 1e6,
  million: 1e6,
  mln: 1e6,
  млн: 1e6,
  billion: 1e9,
  млрд: 1e9,
};

function multiplierOf(word: string | undefined): number {
  return MULTIPLIERS[(word ?? '').toLowerCase().replace(/\.$/, '')] ?? 1;
}

const CURRENCIES: readonly (readonly [code: string, pattern: RegExp])[] = [
  ['USD', /^(\$|us\$|usd|dollars?|долл)/i],
  ['EUR', /^(€|eur|euros?|евро)/i],
  ['GBP', /^(£|gbp|pounds?)/i],
  ['INR', /^(₹|inr|rupees?)/i],
  ['RUB', /^(₽|rub|руб|рубл)/i],
  ['CAD', /^(c\$|cad)/i],
  ['CHF', /^chf/i],
  ['JPY', /^(¥|jpy|yen)/i],
  ['CNY', /^(cny|rmb|yuan)/i],
];

function currencyCode(token: string): string | undefined {
  return CURRENCIES.find(([, pattern]) => pattern.test(token))?.[0];
}

const NUMBER = String.raw`\d[\d,.\s\u00a0]*\d|\d`;
const SCALE = String.raw`(?:\s?(k|thousand|m|million|mln|billion|тыс\.?|млн|млрд)(?![\wа-яё]))?`;
const CURRENCY_BEFORE = String.raw`(us\$|c\$|\$|€|£|₹|₽|¥|usd|eur|gbp|inr|rub|cad|chf|jpy|cny|rmb)`;
const CURRENCY_AFTER = String.raw`(usd|dollars?|eur|euros?|gbp|pounds?|inr|rupees?|rub|рубл\S*|руб\.?|долл\S*|евро|₽|€)`;
const MONEY_BEFORE = new RegExp(String.raw`${CURRENCY_BEFORE}\s?(${NUMBER})${SCALE}`, 'i');
const MONEY_AFTER = new RegExp(String.raw`(${NUMBER})${SCALE}\s?${CURRENCY_AFTER}`, 'i');

interface Money {
  amount: number;
  currency: string;
  phrase: string;
}

/** The first sum of money the text states, with its currency. */
export function readMoney(text: string): Money | undefined {
  const before = MONEY_BEFORE.exec(text);
  const after = MONEY_AFTER.exec(text);
  const useBefore = before && (!after || before.index <= after.index);
  if (useBefore) {
    const amount = parseNumber((before[2] ?? '').trim());
    const currency = currencyCode(before[1] ?? '');
    if (amount === undefined || currency === undefined) return undefined;
    return { amount: amount * multiplierOf(before[3]), currency, phrase: before[0].trim() };
  }
  if (!after) return undefined;
  const amount = parseNumber((after[1] ?? '').trim());
  const currency = currencyCode(after[3] ?? '');
  if (amount === undefined || currency === undefined) return undefined;
  return { amount: amount * multiplierOf(after[2]), currency, phrase: after[0].trim() };
}

const money =
  (part: 'amount' | 'currency'): Extractor =>
  (text) => {
    const found = readMoney(text);
    return found ? { value: found[part], phrase: found.phrase } : undefined;
  };

/** A run of capitalised words (with the small words names carry), Latin or Cyrillic. */
const NAME = String.raw`[A-ZА-ЯЁ][\w&'’.-]*(?:\s+(?:(?:of|for|and|on|in|de|the|&)\s+)*[A-ZА-ЯЁ][\w&'’.-]*){0,8}`;

function trimSmallWords(name: string): string {
  return clean(name).replace(/\s+(of|for|and|on|in|de|the|&)$/i, '');
}

const KNOWN_OUTLETS =
  /\b(Forbes|The New York Times|New York Times|The Wall Street Journal|Wall Street Journal|BBC( World Service)?|CNN|The Guardian|Guardian|Bloomberg|Reuters|TechCrunch|Wired|The Washington Post|Financial Times|The Economist|TIME|IEEE Spectrum|Nature|Science|Le Monde|Der Spiegel)\b|«[^»]{2,60}»/;

// --- the readers of each criterion ----------------------------------------------------------------

const AWARD_NAME = new RegExp(
  String.raw`(?:the\s+)?((?:${NAME}\s+)?(?:Award|Prize|Medal|Grand Prix|Fellowship)(?:\s+(?:for|in|of)\s+${NAME})?)`,
);

const EXTRACTORS: { readonly [C in CriterionId]: Readonly<Record<string, Extractor>> } = {
  awards: {
    name: firstOf(
      matching(
        /(?:преми[июя]|наград[аыу]|медал[ьи]|конкурс[аеу]?)\s+(?:[а-яё]+\s+){0,3}(«[^»]{3,120}»)/i,
        (m) => clean(m[1] ?? ''),
      ),
      matching(AWARD_NAME, (m) => trimSmallWords(m[1] ?? '')),
      matching(new RegExp(String.raw`\b((?:Premio|Prix|Premi|Preis)\s+${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
      matching(
        /(?:[Пп]реми[июя]|[Нн]аград[аыу])\s+((?:[А-ЯЁ][а-яё]+\s+){1,4}(?:в области [а-яё ]+?)?)(?=\s+\d{4}|[,.;]|$)/,
        (m) => `Премия ${clean(m[1] ?? '')}`,
      ),
    ),
    issuer: firstOf(
      matching(
        new RegExp(
          String.raw`\b(?:granted|given|presented|conferred|awarded|issued)\s+by\s+(?:the\s+)?(${NAME})`,
        ),
        (m) => trimSmallWords(m[1] ?? ''),
      ),
      matching(new RegExp(String.raw`\b(?:Award|Prize|Medal)\s+(?:of|from)\s+the\s+(${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
      matching(/\b([A-Z]{2,8})\s+(?:[A-Z][\w-]*\s+){0,5}(?:Award|Prize|Medal)\b/, (m) => m[1]),
    ),
    year,
    scope: choice([
      [
        'employer',
        /\b(employee of the (year|month|quarter)|internal (award|recognition)|given to (its )?employees|company'?s (annual )?[a-z ]*award)\b|сотрудник(а)? года|внутренн\S+ конкурс/i,
      ],
      [
        'school',
        /\b(dean'?s list|open only to students|students of the (faculty|university|school))\b|среди студентов/i,
      ],
      [
        'international',
        /\b(international|world|global|worldwide|european|asian|olympiad)\b|международн|всемирн/i,
      ],
      [
        'national',
        /\b(national|nationwide|all-russian)\b|всероссийск|национальн|правительства российской федерации|российской академии/i,
      ],
      ['regional', /\b(state|regional|provincial)\b|областн|региональн/i],
      ['local', /\b(city|municipal|county|local)\b|городск|районн/i],
    ]),
    awardeeCount: matching(/\b(?:one of|among)\s+(\d+)\s+(?:recipients|awardees|winners|laureates)\b/i, (m) =>
      Number(m[1]),
    ),
  },
  membership: {
    association: firstOf(
      matching(
        new RegExp(
          String.raw`\b(?:[Ff]ellow|[Mm]ember|[Mm]embership|[Ii]nducted|[Aa]dmitted|[Ee]lected)\b[\w\s-]{0,30}?\b(?:of|into|in|to)\s+(?:the\s+)?(${NAME})`,
        ),
        (m) => trimSmallWords(m[1] ?? ''),
      ),
      matching(new RegExp(String.raw`\b[Mm]embership card:?\s+(?:the\s+)?(${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
      matching(
        /((?:(?!Член)[А-ЯЁ][а-яё]+\s+)?(?:[Сс]оюза|[Аа]кадемии|[Оо]бщества|[Аа]ссоциации|[Гг]ильдии|[Пп]алаты)\s+[^,.;]{2,60}?)(?=\s+с\s+\d|[,.;]|$)/,
        (m) => clean(m[1] ?? ''),
      ),
    ),
    level: choice([
      ['Fellow', /\bfellow\b/i],
      ['Senior Member', /\bsenior member\b/i],
      ['Full Member', /\bfull member\b|действительн\S+ член/i],
      ['Corresponding Member', /член(ом)?-корреспондент/i],
      ['Academician', /\bacademician\b|академик/i],
      ['Member', /\bmember\b|(?<![а-яё])член(?![а-яё])/i],
    ]),
    admissionBasis: choice([
      ['fee', /\b(dues|membership fee|fee paid|upon payment|subscription)\b|членск\S* взнос/i],
      ['union_required', /\b(union|guild)\b.{0,60}\brequired\b|\brequired to work\b/i],
      ['degree', /\brequires? (a |an )?([a-z']+ )?degree\b/i],
      ['experience', /\b(\d+|ten|five|three) years of (significant )?(experience|performance)\b/i],
      [
        'outstanding_achievement',
        /\b(outstanding achievement|elected|vote of|nominat(ed|ion) by|by a vote)\b|избран/i,
      ],
    ]),
    sinceYear: year,
  },
  published_material: {
    outlet: firstOf(
      matching(KNOWN_OUTLETS, (m) => clean(m[0]).replace(/^«|»$/g, '')),
      matching(new RegExp(String.raw`\b(?:in|by|on)\s+(?:the\s+)?(${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
    ),
    headline: firstOf(
      matching(/["“]([^"”]{3,200})["”]/, (m) => clean(m[1] ?? '')),
      matching(/(?:стать[яи]|интервью|материал)[^«]{0,80}«[^»]+»[^«]{0,20}:\s*«([^»]{3,200})»/i, (m) =>
        clean(m[1] ?? ''),
      ),
    ),
    publicationDate: firstOf(
      matching(
        /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}\b/,
        (m) => m[0],
      ),
      matching(
        /\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b/,
        (m) => m[0],
      ),
      matching(/\b\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b/, (m) => m[0]),
    ),
    author: firstOf(
      matching(/\b(?:by|byline:?|written by)\s+([A-Z][a-z]*\.?(?:\s+[A-Z][\w'’-]+){1,2})/, (m) =>
        clean(m[1] ?? ''),
      ),
      matching(
        /(?<![а-яё])автор:?\s+([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё-]+\s+[А-ЯЁ][а-яё-]+)/,
        (m) => clean(m[1] ?? ''),
      ),
    ),
    subject: choice([
      [
        'about_employer',
        /\b(does not mention|not (named|mentioned)|about the (company|employer))\b|не упомина/i,
      ],
      [
        'about_person',
        /\b(about|profile of|interview with) (him|her|the client|the beneficiary|the petitioner)\b|\b(interviewed|profiled)\b|(?<![а-яё])о (нём|нем|ней|клиенте)(?![а-яё])|интервью с/i,
      ],
    ]),
    paidOrMarketing: matching(
      /\b(press release|sponsored|paid (placement|content|article)|advertorial|marketing team|pr newswire)\b|пресс-релиз|на правах рекламы/i,
      () => true,
    ),
  },
  judging: {
    venue: firstOf(
      matching(new RegExp(String.raw`\b(?:for|of|at|on)\s+(?:the\s+)?(${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
      matching(/(?:журнала?|конкурса?|совета?)\s+(«[^»]{2,100}»|(?:имени\s+)?[А-ЯЁ][^,.;]{2,60})/i, (m) =>
        clean(m[0]),
      ),
    ),
    kind: choice([
      [
        'thesis_committee',
        /\b(thesis|dissertation|doctoral)\b.{0,20}\b(committee|examiner)\b|\bexternal examiner\b|диссертационн|оппонент/i,
      ],
      [
        'grant_panel',
        /\bpanel\w*\b.{0,80}\b(sbir|foundation|grant)|\b(grant|study section|sbir|funding)\b.{0,40}\b(panel|applications|section)\b|\bstudy section\b|\bgrant review\b/i,
      ],
      ['abstract_review', /\b(program|programme|technical) committee\b|\babstracts?\b|\bpc member\b/i],
      ['competition_jury', /\b(jury|juror|judge at|judged|competition|festival|contest)\b|жюри|конкурс/i],
      ['peer_review', /\b(manuscripts?|peer review|referee|reviewer|journal)\b|рецензент|отрецензир/i],
    ]),
    proof: (text) => {
      const traps = recognizeTraps(text, 'judging');
      const invitation = traps.find((trap) => trap.code === 'judging.invitation_only');
      if (invitation) return { value: 'invitation_only', phrase: invitation.phrase };
      return matching(
        /\b(thank you for (completing|your review)[^.;]*|reviewer record|review (was )?(completed|submitted)|completed (the |\d+ )?reviews?|reviewed \d+ [a-z]+|evaluated \d+ [a-z]+)|отрецензировал[аи]? \d+ [а-яё]+/i,
        () => 'completed',
      )(text);
    },
    reviewCount: matching(
      /\b(\d+)\s+(?:manuscripts|papers|reviews|submissions|entries|applications|proposals|abstracts)\b|(\d+)\s+(?:статей|статьи|рукописей|работ|заявок)/i,
      (m) => Number(m[1] ?? m[2]),
    ),
    year,
  },
  original_contributions: {
    year,
    citations: matching(
      /\bcited\s+([\d,]+)\s+times\b|\b([\d,]+)\s+citations\b|(\d[\d\s]*)\s+цитирован/i,
      (m) => parseNumber((m[1] ?? m[2] ?? m[3] ?? '').trim()),
    ),
    patentStatus: choice([
      [
        'licensed_or_commercialized',
        /\bpatent\b.{0,80}\b(licensed|commerciali[sz]ed)\b|\blicensed\b.{0,40}\bpatent\b|лицензи/i,
      ],
      [
        'pending',
        /\b(patent (application )?pending|pending patent|provisional patent|patent application)\b|заявк\S+ на (патент|изобретение)/i,
      ],
      [
        'granted',
        /\b(us )?patent (no\.? )?[\d,]{6,}|\bpatent (was )?(granted|issued)\b|\bgranted patent\b|патент (№|рф)/i,
      ],
    ]),
    adoptedByOthers: matching(
      /\b(adopted|used|deployed|implemented|commerciali[sz]ed) by\b|\bindustry standard\b|внедр[её]н\S* (на|в) \d+/i,
      () => true,
    ),
  },
  scholarly_articles: {
    articleTitle: firstOf(
      matching(/["“]([^"”]{3,300})["”]/, (m) => clean(m[1] ?? '')),
      matching(
        /(?:^|:\s*)(?:[A-ZА-ЯЁ][^\s,.]+,?\s+(?:[A-ZА-ЯЁ]\.\s?){1,2},?\s+)+([^/]{3,200}?)\s*\/\//,
        (m) => clean(m[1] ?? ''),
      ),
    ),
    venue: firstOf(
      matching(/\/\/\s*([^.]{2,120}(?:\.\s?[A-ZА-ЯЁ](?=\.))?)/, (m) => clean(m[1] ?? '')),
      matching(new RegExp(String.raw`\b(?:in|appeared in)\s+(?:the\s+)?(${NAME})`), (m) =>
        trimSmallWords(m[1] ?? ''),
      ),
    ),
    year,
    publicationType: choice([
      ['preprint', /\b(preprint|arxiv|biorxiv|medrxiv|ssrn)\b|препринт/i],
      ['other', /\b(blog|medium|substack)\b|блог/i],
      ['conference_proceedings', /\bproceedings\b|материалы конференции/i],
      ['journal', /\b(journal|review|transactions|letters)\b|журнал|вестник/i],
      ['conference_proceedings', /\bconference (paper|proceedings)s?\b/i],
    ]),
    peerReviewed: firstOf(
      matching(/\bnot (yet )?peer[- ]reviewed\b|\bnot yet peer reviewed\b/i, () => false),
      matching(/\bpeer[- ]reviewed\b|рецензируем/i, () => true),
    ),
    authorRole: choice([
      ['sole', /\bsole author\b|единственн\S+ автор/i],
      ['lead', /\b(first|lead)[- ]author\b|первы\S+ автор/i],
      ['senior', /\b(senior|last|corresponding)[- ]author\b/i],
      ['co_author', /\bco-?author(ed)?\b|\b(second|third|fourth|\d+(st|nd|rd|th)) of \w+ authors\b|соавтор/i],
    ]),
  },
  exhibitions: {
    venue: firstOf(
      matching(new RegExp(String.raw`\b(?:at|in)\s+(?:the\s+)?(${NAME})`), (m) => trimSmallWords(m[1] ?? '')),
      matching(/(?<![а-яё])в\s+((?:[А-ЯЁ][а-яё-]*\s+){0,3}(?:галере[еи]|музее|центре)[^,.;]{0,40})/, (m) =>
        clean(m[1] ?? ''),
      ),
    ),
    exhibitionName: quoted,
    venueKind: choice([
      ['trade_show', /\b(trade show|booth|expo|product demo|fair)\b(?<!art fair)/i],
      [
        'scientific_conference',
        /\b(poster|conference|scientific meeting|national meeting|symposium)\b|конференц|стендов/i,
      ],
      [
        'artistic',
        /\b(gallery|museum|biennale|biennial|art fair|art basel|festival|solo show|group show|curator|arts?|exhibition)\b|галере|музе|биеннале|выставк/i,
      ],
    ]),
    ownWork: matching(
      /\b(solo show|(his|her|their) (own )?(paintings|works?|artworks?|sculptures|photographs|film|installation))\b|персональн\S+ выставк/i,
      () => true,
    ),
    year,
    juried: matching(/\b(juried|selected by (a |the )?(jury|curator)|official selection)\b/i, () => true),
  },
  leading_role: {
    organization: firstOf(
      matching(new RegExp(String.raw`\bat\s+(?:the\s+)?(${NAME})`), (m) => trimSmallWords(m[1] ?? '')),
      // "Head of Engineering" names a title, not the organization.
      matching(
        new RegExp(
          String.raw`(?<!\b(?:[Hh]ead|[Dd]irector|[Pp]resident|[Oo]fficer|[Ll]ead)\s)\bof\s+(?:the\s+)?(${NAME})`,
        ),
        (m) => trimSmallWords(m[1] ?? ''),
      ),
      matching(/(?:ООО|АО|ПАО|ЗАО)\s*«[^»]+»/, (m) => clean(m[0])),
    ),
    jobTitle: matching(
      /\b(co-?founder and (?:ceo|cto|cfo|coo)|chief [a-z]+ officer|ceo|cto|cfo|coo|co-?founder|founder|vice president of [a-z]+|vice president|president|head of [a-z]+(?: [a-z]+)?|director of [a-z]+|managing director|executive director|general manager|principal investigator|team lead|tech lead|software engineer|engineer)\b|генеральн\S+ директор|руководител\S*(?:\s+(?!в\s)[а-яё]+){1,4}/i,
      (m) => clean(m[0]).replace(/^([a-zа-яё])/, (c) => c.toUpperCase()),
    ),
    roleKind: choice([
      ['ordinary', /\b(one of \d+ [a-z]+|same duties|regular staff)\b/i],
      ['critical', /\b(critical|key|essential) role\b/i],
    ]),
    reputationEvidence: choice([
      ['rankings', /\branked\b|\branking\b|рейтинг/i],
      ['major_media', /\bfeatured in\b|\b(new york times|forbes|bbc|wall street journal)\b/i],
      ['grants_or_funding', /\braised \$?[\d.]+\s?(m|million|b|billion)\b|\b(grant|funding|venture)\b/i],
    ]),
    startYear: matching(/\b(?:since|from|starting)\s+((?:19|20)\d{2})\b|\bс\s+((?:19|20)\d{2})/i, (m) =>
      Number(m[1] ?? m[2]),
    ),
  },
  high_salary: {
    amount: money('amount'),
    currency: money('currency'),
    period: choice([
      ['year', /\b(per (year|annum)|annual(ly)?|a year|yearly|\/ ?yr)\b|в год|годов/i],
      ['month', /\b(per month|monthly|a month|\/ ?mo)\b|в месяц|ежемесячн/i],
      ['hour', /\b(per hour|hourly|an hour|\/ ?hr)\b|в час/i],
    ]),
    comparedInLocalCurrency: matching(
      /\b(convert(ed|ing)? (to|into)|exchange rate)\b|пересчитан|по курсу/i,
      () => false,
    ),
    comparisonSource: choice([
      ['self_reported', /\b(glassdoor|payscale|salary\.com|levels\.fyi|self-reported)\b/i],
      [
        'government',
        /\b(bls|oes|oews|careeronestop|bureau of labor statistics|flc data|oflc|prevailing wage|level 4 wage)\b|росстат/i,
      ],
      ['industry_survey', /\b(industry|compensation|salary|professional) survey\b/i],
    ]),
    occupationMatch: matching(/\bbroad (category|occupation)\b/i, () => 'broad'),
    percentile: matching(/\b(\d{1,2})(?:st|nd|rd|th)? percentile\b|\btop (\d{1,2}) ?%/i, (m) =>
      m[1] !== undefined ? Number(m[1]) : 100 - Number(m[2]),
    ),
    year,
  },
  commercial_success: {
    work: quoted,
    performingArts: firstOf(
      matching(/\b(software|saas|app|not in the performing arts)\b|программн/i, () => false),
      matching(
        /\b(film|movie|album|single|record|concert|tour|play|broadway|show|spectacle|documentary|box office)\b|фильм|альбом|концерт|спектакл/i,
        () => true,
      ),
    ),
    salesFigures: matching(
      /(?:grossed|sales of|sold|ticket sales|box office|revenue of|receipts)[^.;]{0,60}|[\d.,]+\s?(?:million\s)?(?:copies|units|streams) sold|[\d.,\s]+\s?(?:million|млн|млрд)?\s?(?:copies|units|streams|копий)|кассовые сборы[^.;]{0,60}/i,
      (m) => clean(m[0]),
    ),
    comparedWithPeers: matching(
      /\b(compared with|relative to|more than any other|top[- ]grossing|leader of|number one)\b|лидер проката/i,
      () => true,
    ),
    year,
  },
};

// Built once: zod's partial() copies the schema, too slow to repeat per text.
const PARTIAL_SCHEMAS = new Map<CriterionId, z.ZodObject>();

function partialSchemaOf(criterion: CriterionId): z.ZodObject {
  let schema = PARTIAL_SCHEMAS.get(criterion);
  if (!schema) {
    schema = (EVIDENCE_FIELD_SCHEMAS[criterion] as unknown as z.ZodObject).partial();
    PARTIAL_SCHEMAS.set(criterion, schema);
  }
  return schema;
}

/**
 * The fields of `criterion` that the text states, each with its source phrase; what the text does not
 * state is not proposed. Every value is checked against the criterion's field schema before it is offered.
 */
export function proposeFields<C extends CriterionId>(criterion: C, text: string): FieldProposals<C> {
  const normalized = text.replace(/\s+/g, ' ').trim();
  const schema = partialSchemaOf(criterion);
  const readers = EXTRACTORS[criterion];
  const fields: ProposedField[] = [];
  for (const spec of EVIDENCE_FIELDS[criterion]) {
    const read = readers[spec.key];
    const found = read?.(normalized);
    if (!found) continue;
    if (!schema.safeParse({ [spec.key]: found.value }).success) continue;
    fields.push({ key: spec.key, value: found.value, phrase: found.phrase });
  }
  const values = Object.fromEntries(fields.map((field) => [field.key, field.value])) as Partial<
    FieldsByCriterion[C]
  >;
  return { criterion, fields, values, traps: recognizeTraps(normalized, criterion) };
}
