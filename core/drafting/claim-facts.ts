// One exhibit's facts under one criterion, as the plain English sentences a brief argues from. Every
// sentence states only what the lawyer entered and ends with the exhibit's citation, so the template
// text is correct on its own; the values used are returned too, as the facts an LLM draft may state.
import type { Claim, SupportLetter } from '../eb1a/evidence.ts';

export interface ClaimFacts {
  /** Complete sentences, each ending with "[Exhibit N]". */
  sentences: string[];
  /** The names, titles, numbers and dates the sentences state. */
  facts: string[];
}

export function exhibitCite(exhibitNumber: number): string {
  return `[Exhibit ${String(exhibitNumber)}]`;
}

const NUMBER = new Intl.NumberFormat('en-US');

function amount(value: number): string {
  return NUMBER.format(value);
}

function ordinal(value: number): string {
  const rules = new Intl.PluralRules('en-US', { type: 'ordinal' });
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th', zero: 'th', many: 'th' }[
    rules.select(value)
  ];
  return `${String(value)}${suffix}`;
}

/** Ends a sentence with its citation, never doubling the full stop a lawyer may have typed. */
function cited(text: string, exhibitNumber: number): string {
  const bare = text.trim().replace(/[.;:,\s]+$/, '');
  return `${bare} ${exhibitCite(exhibitNumber)}.`;
}

const JUDGING_ROLE: Readonly<Record<string, string>> = {
  peer_review: 'a peer reviewer',
  abstract_review: 'an abstract reviewer',
  grant_panel: 'a member of the grant review panel',
  thesis_committee: 'a member of a thesis committee',
  competition_jury: 'a juror',
  other_panel: 'a member of the judging panel',
};

const AUTHOR_ROLE: Readonly<Record<string, string>> = {
  sole: 'the sole author',
  lead: 'the lead author',
  senior: 'the senior author',
  co_author: 'a co-author',
};

const REPUTATION: Readonly<Record<string, string>> = {
  rankings: 'published rankings',
  major_media: 'coverage in major media',
  grants_or_funding: 'the grants and funding it attracts',
  major_customers: 'its major customers',
};

const PAY_SOURCE: Readonly<Record<string, string>> = {
  government: 'government wage data',
  industry_survey: 'an industry salary survey',
};

const OUTLET_KIND: Readonly<Record<string, string>> = {
  major_media: 'a major media outlet',
  professional_trade: 'a professional or major trade publication',
};

/** The sentences for one claim of exhibit `exhibitNumber`, about `client`. */
export function claimFacts(client: string, exhibitNumber: number, claim: Claim): ClaimFacts {
  const sentences: string[] = [];
  const facts: string[] = [];
  const say = (text: string) => sentences.push(cited(text, exhibitNumber));
  const fact = (...values: ReadonlyArray<string | number | undefined>) => {
    for (const value of values) {
      if (value === undefined) continue;
      facts.push(String(value));
      // As the sentences print it too ("3,000,000"), so a draft's figure is found among the facts.
      if (typeof value === 'number' && amount(value) !== String(value)) facts.push(amount(value));
    }
  };

  switch (claim.criterion) {
    case 'awards': {
      const f = claim.fields;
      fact(f.name, f.issuer, f.year, f.awardeeCount, f.selectionCriteria);
      say(`${client} received the ${f.name}, conferred by ${f.issuer} in ${String(f.year)}`);
      const recipients =
        f.awardeeCount === undefined
          ? ''
          : `, given to ${amount(f.awardeeCount)} ${f.awardeeCount === 1 ? 'recipient' : 'recipients'}`;
      say(`The award is ${f.scope} in scope${recipients}, and recognizes excellence in the field`);
      if (f.selectionCriteria !== undefined)
        say(`Its recipients are selected as follows: ${f.selectionCriteria}`);
      break;
    }
    case 'membership': {
      const f = claim.fields;
      fact(f.association, f.level, f.sinceYear);
      const since = f.sinceYear === undefined ? '' : ` since ${String(f.sinceYear)}`;
      say(`${client} has held the membership level of ${f.level} in the ${f.association}${since}`);
      say(
        'Admission at this level requires outstanding achievements of its members, as judged by recognized national or international experts',
      );
      break;
    }
    case 'published_material': {
      const f = claim.fields;
      fact(f.outlet, f.headline, f.publicationDate, f.author, f.circulation);
      const title = f.headline === undefined ? 'material' : `"${f.headline}"`;
      const by = f.author === undefined ? '' : `, written by ${f.author}`;
      const on = f.publicationDate === undefined ? '' : `, on ${f.publicationDate}`;
      const about =
        f.subject === 'about_person' ? `about ${client} and their work` : `discussing ${client}'s work`;
      say(`${f.outlet} published ${title}${by}${on}, ${about}`);
      const kind = OUTLET_KIND[f.outletType];
      if (kind !== undefined) {
        const reach = f.circulation === undefined ? '' : ` with a circulation of ${amount(f.circulation)}`;
        say(`${f.outlet} is ${kind}${reach}`);
      }
      break;
    }
    case 'judging': {
      const f = claim.fields;
      fact(f.venue, f.year, f.reviewCount);
      const when = f.year === undefined ? '' : ` in ${String(f.year)}`;
      const count =
        f.reviewCount === undefined
          ? ''
          : `, completing ${amount(f.reviewCount)} ${f.reviewCount === 1 ? 'review' : 'reviews'}`;
      say(`${client} served as ${JUDGING_ROLE[f.kind] ?? 'a judge'} for ${f.venue}${when}${count}`);
      say(`The record documents the completed judging, of work in ${client}'s own or an allied field`);
      break;
    }
    case 'original_contributions': {
      const f = claim.fields;
      fact(f.description, f.year, f.citations, f.fieldCitationBenchmark);
      const when = f.year === undefined ? '' : ` in ${String(f.year)}`;
      say(`${client} made the following original contribution${when}: ${f.description}`);
      if (f.citations !== undefined) {
        const benchmark =
          f.fieldCitationBenchmark === undefined
            ? ''
            : `, against ${amount(f.fieldCitationBenchmark)} citations typical for the field`;
        say(`This work has been cited ${amount(f.citations)} times${benchmark}`);
      }
      if (f.patentStatus === 'licensed_or_commercialized')
        say('The patent on this work has been licensed or commercialized');
      else if (f.patentStatus === 'granted') say('A patent has been granted on this work');
      if (f.adoptedByOthers === true)
        say('Others in the field have adopted this contribution in their own work');
      break;
    }
    case 'scholarly_articles': {
      const f = claim.fields;
      fact(f.articleTitle, f.venue, f.year, f.citations);
      const reviewed = f.peerReviewed ? ', a peer-reviewed publication' : '';
      say(
        `${client} is ${AUTHOR_ROLE[f.authorRole] ?? 'an author'} of "${f.articleTitle}", published in ${f.venue} in ${String(f.year)}${reviewed}`,
      );
      if (f.citations !== undefined) say(`The article has been cited ${amount(f.citations)} times`);
      break;
    }
    case 'exhibitions': {
      const f = claim.fields;
      fact(f.venue, f.exhibitionName, f.year);
      const show = f.exhibitionName === undefined ? '' : ` in the exhibition "${f.exhibitionName}"`;
      const juried = f.juried === true ? ', a juried showing' : '';
      say(`${client}'s own work was displayed at ${f.venue}${show} in ${String(f.year)}${juried}`);
      break;
    }
    case 'leading_role': {
      const f = claim.fields;
      fact(f.organization, f.jobTitle, f.duties, f.startYear, f.endYear);
      const period =
        f.startYear === undefined
          ? ''
          : f.endYear === undefined
            ? ` since ${String(f.startYear)}`
            : ` from ${String(f.startYear)} to ${String(f.endYear)}`;
      const tense = f.endYear === undefined ? 'serves' : 'served';
      say(`${client} ${tense} as ${f.jobTitle} at ${f.organization}${period === '' ? '' : `,${period}`}`);
      say(`The role is ${f.roleKind === 'critical' ? 'a critical' : 'a leading'} one: ${f.duties}`);
      const reputation = REPUTATION[f.reputationEvidence];
      if (reputation !== undefined)
        say(`The distinguished reputation of ${f.organization} is documented by ${reputation}`);
      break;
    }
    case 'high_salary': {
      const f = claim.fields;
      fact(
        f.amount,
        f.currency,
        f.year,
        f.percentile,
        f.percentile === undefined ? undefined : ordinal(f.percentile),
      );
      const when = f.year === undefined ? 'is paid' : `was paid in ${String(f.year)}`;
      say(`${client} ${when} ${amount(f.amount)} ${f.currency} per ${f.period}`);
      const source = PAY_SOURCE[f.comparisonSource] ?? 'wage data';
      const standing =
        f.percentile === undefined
          ? 'This is high pay'
          : `This places ${client} at the ${ordinal(f.percentile)} percentile of pay`;
      say(`${standing} for the same occupation in the same location, according to ${source}`);
      break;
    }
    case 'commercial_success': {
      const f = claim.fields;
      fact(f.work, f.salesFigures, f.year);
      const when = f.year === undefined ? '' : ` (${String(f.year)})`;
      const sales = f.salesFigures === undefined ? '' : `: ${f.salesFigures}`;
      say(`${f.work}${when}, ${client}'s work in the performing arts, achieved commercial success${sales}`);
      if (f.comparedWithPeers) say('Its sales are documented in comparison with those of its peers');
      break;
    }
  }
  return { sentences, facts };
}

/** What an expert's letter in the exhibit says, as a cited sentence; null when it names no writer. */
export function letterFacts(exhibitNumber: number, letter: SupportLetter | undefined): ClaimFacts | null {
  if (letter?.letterKind !== 'expert_opinion' || letter.writerName === undefined) return null;
  const title = letter.writerTitle === undefined ? '' : `, ${letter.writerTitle},`;
  const independent = letter.independent === true ? ' as an independent expert' : '';
  const detail = letter.specificDescription === undefined ? '' : `: ${letter.specificDescription}`;
  return {
    sentences: [
      cited(`${letter.writerName}${title} attests to this work${independent}${detail}`, exhibitNumber),
    ],
    facts: [letter.writerName, letter.writerTitle, letter.specificDescription].filter(
      (value): value is string => value !== undefined,
    ),
  };
}
