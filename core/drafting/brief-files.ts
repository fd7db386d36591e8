// The three Word files of /draft: the brief from its written sections, the cover letter, and the exhibit
// index table. The regulation quotations come from the plan, never from a drafted text.
import { criterionLabel } from '../eb1a/criteria.ts';
import { primaryClaim, type StoredEvidence } from '../eb1a/evidence-store.ts';
import type { WriterProblem } from '../llm/grounded.ts';
import type { BriefPlan, BriefSectionId } from './brief.ts';
import {
  filingDate,
  heading,
  packWord,
  plain,
  prose,
  quotation,
  table,
  title,
  wordDocument,
  type Firm,
} from './word.ts';

export interface WrittenSection {
  id: BriefSectionId;
  text: string;
  source: 'template' | 'llm';
  /** The provider whose checked draft was used, when `source` is 'llm'. */
  provider?: string;
  /** Why LLM drafts of this section were turned down or not written (core/llm/grounded.ts). */
  problems?: readonly WriterProblem[];
}

export interface BriefFileInput {
  plan: BriefPlan;
  written: readonly WrittenSection[];
  firm: Firm | null;
  date: Date;
}

export async function briefDocx({ plan, written, firm, date }: BriefFileInput): Promise<Buffer> {
  const texts = new Map(written.map((section) => [section.id, section.text]));
  const children = [
    title(`Petition Letter in Support of Form I-140: ${plan.clientName}`),
    plain('Classification sought: alien of extraordinary ability, INA 203(b)(1)(A), 8 CFR 204.5(h)', {
      italics: true,
    }),
    plain(filingDate(date)),
  ];
  let criteriaOpened = false;
  for (const section of plan.sections) {
    const isCriterion = section.id.startsWith('criterion:');
    // The criterion sections sit under one level-1 heading, as briefs group them.
    if (isCriterion && !criteriaOpened) {
      children.push(heading('The criteria of 8 CFR 204.5(h)(3)'));
      criteriaOpened = true;
    }
    children.push(heading(section.heading, isCriterion ? 2 : 1));
    if (section.quote) children.push(quotation(section.quote));
    children.push(...prose(texts.get(section.id) ?? section.template));
  }
  return packWord(wordDocument({ title: `Petition letter: ${plan.clientName}`, firm, children }));
}

/** Documents and pages of each filed exhibit: file names, and the page count when it is known. */
export interface ExhibitPages {
  /** Pages per exhibit number; null when a document's page count cannot be known (Word, text). */
  pages: ReadonlyMap<number, number | null>;
}

function criteriaOf(exhibit: StoredEvidence): string {
  const primary = primaryClaim(exhibit);
  const others = exhibit.claims
    .filter((claim) => claim !== primary)
    .map((claim) => criterionLabel(claim.criterion));
  return [criterionLabel(primary.criterion), ...others.map((label) => `also ${label}`)].join('\n');
}

export function exhibitIndexRows(plan: BriefPlan, pages: ExhibitPages['pages']): string[][] {
  return plan.filed.map((exhibit) => {
    const count = pages.get(exhibit.exhibitNumber);
    return [
      String(exhibit.exhibitNumber),
      exhibit.title,
      criteriaOf(exhibit),
      exhibit.files.length === 0 ? 'none attached' : exhibit.files.map((file) => file.fileName).join('\n'),
      count === undefined || count === null ? '—' : String(count),
    ];
  });
}

export async function exhibitIndexDocx(
  plan: BriefPlan,
  pages: ExhibitPages['pages'],
  firm: Firm | null,
): Promise<Buffer> {
  const rows = exhibitIndexRows(plan, pages);
  return packWord(
    wordDocument({
      title: `Exhibit index: ${plan.clientName}`,
      firm,
      children: [
        title(`Index of Exhibits: ${plan.clientName}`),
        plain('Form I-140, alien of extraordinary ability, INA 203(b)(1)(A)', { italics: true }),
        table(['Exhibit', 'Title', 'Criterion', 'Documents', 'Pages'], rows, [9, 37, 22, 24, 8]),
      ],
    }),
  );
}

export async function coverLetterDocx(plan: BriefPlan, firm: Firm | null, date: Date): Promise<Buffer> {
  const client = plan.clientName;
  const numbers = plan.filed.map((exhibit) => exhibit.exhibitNumber);
  const exhibitsLine =
    numbers.length === 0
      ? 'The exhibits, as listed in the exhibit index'
      : `Exhibits ${String(numbers[0])} to ${String(numbers[numbers.length - 1])} (${String(numbers.length)} exhibits), as listed in the exhibit index`;
  const labels = plan.argued.map((criterion) => criterionLabel(criterion)).join('; ');
  const body = [
    `Enclosed is the Form I-140 petition classifying ${client} as an alien of extraordinary ability in ${plan.field}.` +
      (plan.argued.length > 0
        ? ` The petition shows that ${client} meets ${String(plan.argued.length)} of the criteria of 8 CFR 204.5(h)(3), namely ${labels}, and that ${client} will continue work in the field in the United States.`
        : ''),
    'The petition package contains:',
    [
      'Form I-140, Immigrant Petition for Alien Worker',
      'The petition letter (legal brief) in support of the petition',
      'The exhibit index',
      exhibitsLine,
    ]
      .map((item, index) => `${String(index + 1)}. ${item}`)
      .join('\n'),
    'Thank you for your consideration of this petition.',
  ].join('\n\n');
  return packWord(
    wordDocument({
      title: `Cover letter: ${client}`,
      firm,
      children: [
        plain(filingDate(date)),
        plain('U.S. Citizenship and Immigration Services'),
        plain(
          `Re: Form I-140, Immigrant Petition for Alien Worker. Beneficiary: ${client}. Classification: EB-1A, alien of extraordinary ability, INA 203(b)(1)(A).`,
          { bold: true },
        ),
        plain('Dear Officer:'),
        ...prose(body),
        plain('Sincerely,'),
        ...(firm ? [plain(firm.name)] : []),
      ],
    }),
  );
}
