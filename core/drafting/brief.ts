// The petition letter (legal brief) composed from the case: which criteria are argued, which exhibits are
// cited where, what is left out and why, and each section's complete template text. Pure: the same case
// file always gives the same plan. Only criteria the analysis supports (met, or likely) are argued, and
// only with the claims that count; an exhibit that cannot count anywhere is left out of the filing and
// listed for the lawyer with the analysis's reasons.
import type { CaseAnalysis, Finding } from '../eb1a/analysis.ts';
import { CRITERIA, criterionLabel, type CriterionId } from '../eb1a/criteria.ts';
import type { StoredEvidence } from '../eb1a/evidence-store.ts';
import type { Grounding } from '../llm/grounded.ts';
import type { CaseFile } from './case-file.ts';
import { claimFacts, exhibitCite, letterFacts } from './claim-facts.ts';
import {
  BRIEF_AUTHORITIES,
  CONTINUING_WORK,
  CRITERION_TEXT,
  INITIAL_EVIDENCE,
  type RegulationPassage,
} from './regulation.ts';

export type BriefSectionId =
  | 'introduction'
  | 'background'
  | 'legal-standard'
  | `criterion:${CriterionId}`
  | 'final-merits'
  | 'continuing-work'
  | 'conclusion';

export interface BriefSection {
  id: BriefSectionId;
  heading: string;
  /** The regulation quoted under the heading, verbatim (never rewritten by an LLM). */
  quote?: RegulationPassage;
  /** Paragraphs separated by blank lines; lines starting "1. " form a numbered list. */
  template: string;
  /** Exhibits this section cites. */
  exhibits: number[];
  /** The case facts the section states (names, titles, numbers, dates). */
  facts: string[];
}

/** A claim that cannot count at step 1, with the analysis's reasons. */
export interface LeftOutClaim {
  exhibitNumber: number;
  title: string;
  criterion: CriterionId;
  reasons: readonly Finding[];
  /** True when no other claim of the exhibit counts: the exhibit is left out of the filing entirely. */
  wholeExhibit: boolean;
}

/** Something the lawyer should know or do before filing: a drafting.ftl key with its parameters. */
export interface LawyerNote {
  key: string;
  params?: Readonly<Record<string, string | number>>;
}

export interface BriefPlan {
  clientName: string;
  field: string;
  sections: BriefSection[];
  /** The criteria argued as met, in regulation order. */
  argued: CriterionId[];
  /** Claimed criteria the analysis does not support (weak): not argued. */
  notArgued: CriterionId[];
  leftOut: LeftOutClaim[];
  /** The exhibits filed (every exhibit but those left out entirely), by number: the exhibit index. */
  filed: StoredEvidence[];
  notes: LawyerNote[];
  /** What every drafted section may rely on. */
  grounding: Grounding;
}

/** The criteria the analysis supports: met, or likely (the gap is clerical). */
export function supportedCriteria(analysis: CaseAnalysis): CriterionId[] {
  return analysis.criteria
    .filter((assessment) => assessment.verdict === 'met' || assessment.verdict === 'likely')
    .map((assessment) => assessment.criterion);
}

/** The exhibits that count under `criterion`: claimed there, not excluded, not weak. */
function countingExhibits(analysis: CaseAnalysis, criterion: CriterionId): number[] {
  const assessment = analysis.criteria.find((c) => c.criterion === criterion);
  if (!assessment) return [];
  const numbers = assessment.claims
    .filter((claim) => !claim.excluded && claim.verdict !== 'weak')
    .map((claim) => claim.exhibitNumber);
  return [...new Set(numbers)].sort((a, b) => a - b);
}

function paragraphs(...blocks: ReadonlyArray<string | false | undefined>): string {
  return blocks.filter((block): block is string => typeof block === 'string' && block !== '').join('\n\n');
}

/** A lawyer's answer as the end of a sentence: trimmed, with a full stop when it has none. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function numbered(items: readonly string[]): string {
  return items.map((item, index) => `${String(index + 1)}. ${item}`).join('\n');
}

function yearsOf(exhibit: StoredEvidence): number[] {
  return exhibit.claims.flatMap((claim) => {
    const fields: Record<string, unknown> = claim.fields;
    return ['year', 'sinceYear', 'startYear', 'endYear']
      .map((key) => fields[key])
      .filter((value): value is number => typeof value === 'number');
  });
}

function criterionSection(
  file: CaseFile,
  criterion: CriterionId,
  exhibits: ReadonlyMap<number, StoredEvidence>,
): BriefSection {
  const client = file.clientName;
  const numbers = countingExhibits(file.analysis, criterion);
  const facts: string[] = [];
  const evidence: string[] = [];
  for (const number of numbers) {
    const exhibit = exhibits.get(number);
    const claim = exhibit?.claims.find((c) => c.criterion === criterion);
    if (!exhibit || !claim) continue;
    const described = claimFacts(client, number, claim);
    const letter = criterion === 'original_contributions' ? letterFacts(number, exhibit.letter) : null;
    facts.push(exhibit.title, ...described.facts, ...(letter?.facts ?? []));
    evidence.push([...described.sentences, ...(letter?.sentences ?? [])].join(' '));
  }
  const meaning = CRITERIA[criterion];
  const opening = `${client} meets this criterion. The evidence below addresses each of its elements: “${meaning.keyTerms.join('”, “')}”.`;
  const closing = meaning.metByExistence
    ? `Under Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010), this criterion is met by the documented existence of this evidence; its caliber is weighed in the final merits determination.`
    : `Taken together, this evidence meets the plain terms of ${CRITERION_TEXT[criterion].cite}.`;
  return {
    id: `criterion:${criterion}`,
    heading: `${criterionLabel(criterion)} — ${CRITERION_TEXT[criterion].cite}`,
    quote: CRITERION_TEXT[criterion],
    template: paragraphs(opening, ...evidence, closing),
    exhibits: numbers,
    facts,
  };
}

function finalMeritsSection(
  file: CaseFile,
  argued: readonly CriterionId[],
  cited: ReadonlySet<number>,
  exhibits: ReadonlyMap<number, StoredEvidence>,
  notes: LawyerNote[],
): BriefSection {
  const client = file.clientName;
  const used = new Set<number>();
  const facts: string[] = [];
  const blocks: string[] = [
    `Beyond the ${String(argued.length)} criteria met, the record as a whole shows that ${client} has sustained national or international acclaim and is among the small percentage who have risen to the very top of ${file.field} (Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010); USCIS Policy Manual, Vol. 6, Part F, Ch. 2).`,
  ];

  // Sustained: the earliest and the latest dated evidence that is argued.
  const dated = [...cited]
    .map((number) => ({ number, years: yearsOf(exhibits.get(number) as StoredEvidence) }))
    .filter((entry) => entry.years.length > 0);
  if (dated.length > 0) {
    const first = dated.reduce((a, b) => (Math.min(...b.years) < Math.min(...a.years) ? b : a));
    const last = dated.reduce((a, b) => (Math.max(...b.years) > Math.max(...a.years) ? b : a));
    const firstYear = Math.min(...first.years);
    const lastYear = Math.max(...last.years);
    if (lastYear > firstYear) {
      blocks.push(
        `The acclaim is sustained: the recognition documented here runs from ${String(firstYear)} ${exhibitCite(first.number)} to ${String(lastYear)} ${exhibitCite(last.number)}.`,
      );
      used.add(first.number).add(last.number);
      facts.push(String(firstYear), String(lastYear));
    }
  }

  const signalExhibits = (id: string): number[] => {
    const signal = file.analysis.finalMerits.find((s) => s.id === id);
    if (!signal?.present) return [];
    return [...new Set(signal.detail.exhibits)].filter((number) => cited.has(number)).sort((a, b) => a - b);
  };
  const listed = (numbers: readonly number[]) =>
    numbers.map((number) => `${exhibits.get(number)?.title ?? ''} ${exhibitCite(number)}`).join('; ');
  const independent = signalExhibits('independent_recognition');
  if (independent.length > 0) {
    blocks.push(
      `Recognition of ${client}'s work comes from sources independent of ${client}: ${listed(independent)}.`,
    );
    independent.forEach((n) => used.add(n));
  }
  const venues = signalExhibits('ranked_venues');
  if (venues.length > 0) {
    blocks.push(
      `${client} published as lead, senior or sole author in top-ranked venues: ${listed(venues)}.`,
    );
    venues.forEach((n) => used.add(n));
  }
  const citations = signalExhibits('citations');
  if (citations.length > 0) {
    blocks.push(`${client}'s work is cited above the level typical for the field: ${listed(citations)}.`);
    citations.forEach((n) => used.add(n));
  }
  for (const number of used) facts.push(exhibits.get(number)?.title ?? '');

  // Signals the intake states but no exhibit documents cannot be cited: the lawyer is told instead.
  const { profile } = file;
  if ((profile.invitedTalks ?? 0) > 0)
    notes.push({ key: 'drafting-note-merits-invited-talks', params: { count: profile.invitedTalks ?? 0 } });
  if (profile.competitiveGrants !== undefined) notes.push({ key: 'drafting-note-merits-grants' });
  if (profile.topRankedInstitution === true) notes.push({ key: 'drafting-note-merits-top-institution' });

  return {
    id: 'final-merits',
    heading: 'Final merits: sustained acclaim at the top of the field',
    template: paragraphs(...blocks),
    exhibits: [...used].sort((a, b) => a - b),
    facts: facts.filter((f) => f !== ''),
  };
}

/** What accompanies the petition for (h)(5), and the note telling the lawyer to file it as an exhibit. */
const PLAN_EVIDENCE: Readonly<Record<string, { text: string; note: string }>> = {
  job_offer: {
    text: 'a letter from a prospective employer in the United States',
    note: 'drafting-note-continuing-job-offer',
  },
  contracts: {
    text: 'contracts or letters from prospective clients in the United States',
    note: 'drafting-note-continuing-contracts',
  },
  detailed_statement: {
    text: `the beneficiary's detailed statement of plans`,
    note: 'drafting-note-continuing-statement',
  },
};

function continuingWorkSection(file: CaseFile, notes: LawyerNote[]): BriefSection {
  const client = file.clientName;
  const { usPlans, usPlanEvidence } = file.profile;
  const kind = usPlanEvidence === undefined ? undefined : PLAN_EVIDENCE[usPlanEvidence];
  const blocks = [
    `${client} is coming to the United States to continue work in ${file.field}.`,
    usPlans !== undefined && `${client}'s plans for that work are as follows: ${asSentence(usPlans)}`,
    kind !== undefined && `The petition is accompanied by ${kind.text}, as ${CONTINUING_WORK.cite} provides.`,
  ];
  if (kind !== undefined) notes.push({ key: kind.note });
  if (!file.analysis.continuingWork.satisfied) notes.push({ key: 'drafting-note-continuing-missing' });
  return {
    id: 'continuing-work',
    heading: 'Continuing work in the United States',
    quote: CONTINUING_WORK,
    template: paragraphs(...blocks),
    exhibits: [],
    facts: [usPlans ?? '', file.field].filter((f) => f !== ''),
  };
}

function backgroundSection(file: CaseFile, notes: LawyerNote[]): BriefSection {
  const client = file.clientName;
  const p = file.profile;
  const sentences = [
    `${client}'s field of endeavor is ${file.field}; every comparison in this brief is made within that field.`,
    p.currentPosition !== undefined && `${client}'s current position is ${asSentence(p.currentPosition)}`,
    p.highestDegree !== undefined && `${client}'s highest degree is ${asSentence(p.highestDegree)}`,
    p.firstYearInField !== undefined &&
      `${client} has worked in the field since ${String(p.firstYearInField)}.`,
    p.citizenship !== undefined && `${client} is a citizen of ${asSentence(p.citizenship)}`,
  ].filter((s): s is string => typeof s === 'string');
  if (sentences.length > 1) notes.push({ key: 'drafting-note-background-uncited' });
  return {
    id: 'background',
    heading: 'The beneficiary and the field of endeavor',
    template: sentences.join(' '),
    exhibits: [],
    facts: [
      file.field,
      p.currentPosition,
      p.highestDegree,
      p.firstYearInField === undefined ? undefined : String(p.firstYearInField),
      p.citizenship,
    ].filter((f): f is string => f !== undefined),
  };
}

/** Composes the brief's plan from the case. */
export function composeBrief(file: CaseFile): BriefPlan {
  const client = file.clientName;
  const { analysis } = file;
  const exhibits = new Map(file.exhibits.map((exhibit) => [exhibit.exhibitNumber, exhibit]));
  const notes: LawyerNote[] = [];

  const argued = supportedCriteria(analysis).filter(
    (criterion) => countingExhibits(analysis, criterion).length > 0,
  );
  const claimed = analysis.criteria.filter((c) => c.verdict !== 'not_claimed').map((c) => c.criterion);
  const notArgued = claimed.filter((criterion) => !argued.includes(criterion));

  // An exhibit counts somewhere when any of its claims is argued; the rest of its claims are simply not argued.
  const counts = new Set(argued.flatMap((criterion) => countingExhibits(analysis, criterion)));
  const excludedSomewhere = new Set(analysis.excluded.map((e) => e.exhibitNumber));
  const leftOut: LeftOutClaim[] = analysis.excluded.map((excluded) => ({
    exhibitNumber: excluded.exhibitNumber,
    title: exhibits.get(excluded.exhibitNumber)?.title ?? '',
    criterion: excluded.criterion,
    reasons: excluded.reasons,
    wholeExhibit: !counts.has(excluded.exhibitNumber),
  }));
  // Left out of the filing: exhibits that cannot count under any criterion they are claimed under.
  const trapped = new Set(
    [...excludedSomewhere].filter((number) => {
      const assessment = analysis.criteria.flatMap((c) => c.claims).filter((c) => c.exhibitNumber === number);
      return assessment.every((claim) => claim.excluded);
    }),
  );
  const filed = file.exhibits.filter((exhibit) => !trapped.has(exhibit.exhibitNumber));

  const oneTime = analysis.oneTimeAchievement;
  const oneTimeCited = oneTime !== null && !trapped.has(oneTime.exhibitNumber);
  const criteriaSections = argued.map((criterion) => criterionSection(file, criterion, exhibits));

  const introduction: BriefSection = {
    id: 'introduction',
    heading: 'Introduction',
    template: paragraphs(
      `This brief is submitted in support of the Form I-140, Immigrant Petition for Alien Worker, classifying ${client} as an alien of extraordinary ability in ${file.field} under INA 203(b)(1)(A) and 8 CFR 204.5(h).`,
      oneTimeCited &&
        `${client} received the ${oneTime.award}, a major, internationally recognized award ${exhibitCite(oneTime.exhibitNumber)}.`,
      argued.length > 0 &&
        `${client} meets ${String(argued.length)} of the ten criteria of ${INITIAL_EVIDENCE.cite}, each discussed below:`,
      argued.length > 0 &&
        numbered(
          argued.map((criterion) => `${criterionLabel(criterion)} — ${CRITERION_TEXT[criterion].cite}`),
        ),
      `The record as a whole also shows the sustained national or international acclaim that places ${client} among the small percentage at the very top of the field, and ${client} will continue work in the field in the United States.`,
    ),
    exhibits: oneTimeCited ? [oneTime.exhibitNumber] : [],
    facts: [client, file.field, ...(oneTimeCited ? [oneTime.award] : [])],
  };

  const legalStandard: BriefSection = {
    id: 'legal-standard',
    heading: 'Legal standard',
    quote: INITIAL_EVIDENCE,
    template: paragraphs(
      `INA 203(b)(1)(A) makes immigrant visas available to aliens of extraordinary ability in the sciences, arts, education, business, or athletics, demonstrated by sustained national or international acclaim and achievements recognized in the field through extensive documentation. Under 8 CFR 204.5(h)(2), extraordinary ability means a level of expertise indicating that the individual is one of that small percentage who have risen to the very top of the field of endeavor.`,
      `USCIS reviews the evidence in two steps (Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010); USCIS Policy Manual, Vol. 6, Part F, Ch. 2). First, it determines by a preponderance of the evidence whether each criterion claimed is met, without imposing requirements the regulation does not contain. Second, it weighs the record as a whole in a final merits determination.`,
    ),
    exhibits: [],
    facts: [],
  };

  const criteriaLabels = argued.map((criterion) => criterionLabel(criterion)).join('; ');
  const conclusion: BriefSection = {
    id: 'conclusion',
    heading: 'Conclusion',
    template: paragraphs(
      argued.length > 0
        ? `For the reasons above, ${client} meets ${String(argued.length)} of the criteria of ${INITIAL_EVIDENCE.cite}, namely ${criteriaLabels}, and the record as a whole establishes sustained national or international acclaim in ${file.field}.`
        : `For the reasons above, the record establishes ${client}'s sustained national or international acclaim in ${file.field}.`,
      'We respectfully request that the petition be approved.',
    ),
    exhibits: [],
    facts: [client, file.field],
  };

  if (argued.length < 3 && !oneTimeCited)
    notes.push({ key: 'drafting-note-step-one-short', params: { argued: argued.length, needed: 3 } });
  for (const criterion of argued) {
    if (analysis.criteria.find((c) => c.criterion === criterion)?.verdict === 'likely')
      notes.push({ key: 'drafting-note-likely', params: { criterion } });
  }

  const background = backgroundSection(file, notes);
  const cited = new Set([...counts, ...(oneTimeCited ? [oneTime.exhibitNumber] : [])]);
  const merits = finalMeritsSection(file, argued, cited, exhibits, notes);
  const continuing = continuingWorkSection(file, notes);

  const sections = [
    introduction,
    background,
    legalStandard,
    ...criteriaSections,
    merits,
    continuing,
    conclusion,
  ];
  return {
    clientName: client,
    field: file.field,
    sections,
    argued,
    notArgued,
    leftOut,
    filed,
    notes,
    grounding: {
      exhibits: [...cited].sort((a, b) => a - b),
      criteria: argued,
      // The counts the text states and the authorities it names are facts of the brief too.
      facts: [
        ...new Set([
          ...sections.flatMap((section) => section.facts),
          String(argued.length),
          'ten',
          'Form I-140',
          ...BRIEF_AUTHORITIES,
        ]),
      ],
      citations: BRIEF_AUTHORITIES,
    },
  };
}
