// The brief composed from a case: only what the analysis supports is argued, traps are left out and
// listed, every citation names a filed exhibit, the regulation is quoted exactly, and the Word file has
// real headings, numbered lists, page numbers and the letterhead only when the firm is configured.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { composeBrief, supportedCriteria } from '../../../core/drafting/brief.ts';
import { briefDocx, exhibitIndexRows } from '../../../core/drafting/brief-files.ts';
import { overallSource, slug } from '../../../core/drafting/draft-brief.ts';
import { composeLetter, recommendersOf } from '../../../core/drafting/letters.ts';
import { CRITERION_TEXT } from '../../../core/drafting/regulation.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { evidenceFactory, numberExhibits, strongPetition } from '../../support/factories.ts';
import { caseFileOf, draftingTraps, storedExhibits } from '../../support/drafting-case.ts';
import { analyzeCase } from '../../../core/eb1a/analysis.ts';
import { analysisItems, type StoredEvidence } from '../../../core/eb1a/evidence-store.ts';

/** The strong petition plus a trap (an employer's internal award) and a weak claim (judging on invitation only). */
function petitionWithTraps() {
  const { profile, evidence } = strongPetition();
  const all = numberExhibits([...evidence, ...draftingTraps()]);
  return caseFileOf(profile, all);
}

const CITATION = /\[Exhibit (\d+)\]/g;

function citedIn(text: string): number[] {
  return [...text.matchAll(CITATION)].map((match) => Number(match[1]));
}

describe('composing the brief', () => {
  it('argues exactly the criteria the analysis supports, one section each, quoting the regulation', () => {
    const file = petitionWithTraps();
    const plan = composeBrief(file);
    expect(plan.argued).toEqual(supportedCriteria(file.analysis));
    expect(plan.argued).toEqual(
      expect.arrayContaining([
        'awards',
        'judging',
        'scholarly_articles',
        'original_contributions',
        'leading_role',
      ]),
    );
    const criterionSections = plan.sections.filter((s) => s.id.startsWith('criterion:'));
    expect(criterionSections.map((s) => s.id)).toEqual(plan.argued.map((c) => `criterion:${c}`));
    for (const section of criterionSections) {
      const criterion = section.id.slice('criterion:'.length) as keyof typeof CRITERION_TEXT;
      expect(section.quote).toEqual(CRITERION_TEXT[criterion]);
    }
    expect(plan.sections.map((s) => s.id)).toEqual([
      'introduction',
      'background',
      'legal-standard',
      ...plan.argued.map((c) => `criterion:${c}`),
      'final-merits',
      'continuing-work',
      'conclusion',
    ]);
  });

  it('never argues a criterion whose only claims cannot count', () => {
    const file = petitionWithTraps();
    const plan = composeBrief(file);
    // The fee-paid membership is the only membership claim: not supported, so no section argues it.
    expect(file.analysis.criteria.find((c) => c.criterion === 'membership')?.verdict).not.toMatch(
      /met|likely/,
    );
    expect(plan.argued).not.toContain('membership');
    expect(plan.notArgued).toContain('membership');
    expect(plan.sections.some((s) => s.id === 'criterion:membership')).toBe(false);
    expect(plan.grounding.criteria).toEqual(plan.argued);
  });

  it('leaves trap exhibits out of the argument and the index and lists them with the reasons', () => {
    const file = petitionWithTraps();
    const plan = composeBrief(file);
    const trap = file.exhibits.find((e) => e.title === 'Employee of the Year certificate');
    const trapNumber = trap?.exhibitNumber ?? -1;
    const allText = plan.sections.map((s) => s.template).join('\n');
    expect(citedIn(allText)).not.toContain(trapNumber);
    expect(allText).not.toContain('Employee of the Year');
    expect(plan.filed.map((e) => e.exhibitNumber)).not.toContain(trapNumber);
    expect(plan.grounding.exhibits).not.toContain(trapNumber);
    const listed = plan.leftOut.find((item) => item.exhibitNumber === trapNumber);
    expect(listed).toMatchObject({ criterion: 'awards', wholeExhibit: true });
    expect(listed?.reasons.map((r) => r.code)).toContain('award.employer_internal');
  });

  it('files an exhibit that counts under one criterion though its claim under another cannot count', () => {
    const { profile, evidence } = strongPetition();
    const exhibits = storedExhibits(evidence);
    const award = exhibits[0];
    if (!award) throw new Error('no award exhibit');
    const feeMembership = evidenceFactory('membership', {
      fields: {
        association: 'Imaging Society',
        level: 'Member',
        admissionBasis: 'fee',
        judgedByRecognizedExperts: false,
      },
    });
    const twice = {
      ...award,
      claims: [
        ...award.claims,
        { ...award.claims[0], criterion: 'membership', fields: feeMembership.fields, primary: false },
      ],
    } as StoredEvidence;
    const all = [twice, ...exhibits.slice(1)];
    const file = {
      ...caseFileOf(profile, evidence),
      exhibits: all,
      analysis: analyzeCase({ evidence: analysisItems(all), profile, asOfYear: 2025 }),
    };
    const plan = composeBrief(file);
    expect(plan.leftOut).toEqual([
      expect.objectContaining({
        exhibitNumber: award.exhibitNumber,
        criterion: 'membership',
        wholeExhibit: false,
      }),
    ]);
    expect(plan.filed.map((e) => e.exhibitNumber)).toContain(award.exhibitNumber);
    const awards = plan.sections.find((s) => s.id === 'criterion:awards');
    expect(awards?.exhibits).toContain(award.exhibitNumber);
    expect(plan.sections.some((s) => s.id === 'criterion:membership')).toBe(false);
  });

  it('cites only exhibits that are filed, and every fact sentence of a criterion section cites one', () => {
    const file = petitionWithTraps();
    const plan = composeBrief(file);
    const filed = new Set(plan.filed.map((e) => e.exhibitNumber));
    for (const section of plan.sections) {
      for (const number of citedIn(section.template))
        expect(filed.has(number), `${section.id} cites ${number}`).toBe(true);
      expect(new Set(citedIn(section.template))).toEqual(new Set(section.exhibits));
    }
    for (const section of plan.sections.filter((s) => s.id.startsWith('criterion:'))) {
      const [, ...evidence] = section.template.split('\n\n').slice(0, -1);
      for (const paragraph of evidence) {
        for (const sentence of paragraph.split(/(?<=\]\.)\s+/))
          expect(sentence).toMatch(/\[Exhibit \d+\]\.$/);
      }
    }
  });

  it('grounds every name and figure the template states, so a checked draft may state them too', () => {
    const plan = composeBrief(petitionWithTraps());
    const facts = plan.grounding.facts.join('\n');
    for (const section of plan.sections) {
      const text = plan.grounding.citations
        ?.reduce((rest, cite) => rest.split(cite).join(''), section.template)
        .replace(/\[Exhibit \d+\]/g, '')
        .replace(/^\d+\. /gm, '')
        .replace(/\(([ivx]+)\)/g, '');
      for (const figure of text?.match(/\d[\d,]*\d|\d/g) ?? [])
        expect(facts, `${section.id}: ${figure}`).toContain(figure);
    }
  });

  it('records which sections an LLM wrote: template, llm or mixed', () => {
    expect(overallSource(['template', 'template'])).toBe('template');
    expect(overallSource(['llm', 'llm'])).toBe('llm');
    expect(overallSource(['llm', 'template'])).toBe('mixed');
  });

  it('lists every filed exhibit in the index with its criterion, documents and pages', () => {
    const plan = composeBrief(petitionWithTraps());
    const rows = exhibitIndexRows(plan, new Map([[1, 4]]));
    expect(rows.map((row) => Number(row[0]))).toEqual(plan.filed.map((e) => e.exhibitNumber));
    expect(rows[0]).toEqual(['1', plan.filed[0]?.title, '(i) Awards', 'none attached', '4']);
    expect(rows[1]?.[4]).toBe('—');
  });

  it('names files after the client in any script', () => {
    expect(slug('Dr. Maya Chen')).toBe('Dr-Maya-Chen');
    expect(slug('Мария Иванова')).toBe('Мария-Иванова');
    expect(slug('***')).toBe('case');
  });
});

async function documentXml(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const names = Object.keys(zip.files);
  return {
    document: await read('word/document.xml'),
    headers: (await Promise.all(names.filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read))).join(''),
    footers: (await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read))).join(''),
  };
}

describe('the brief as a Word file', () => {
  it('has heading styles, a numbered list, page numbers and the letterhead when the firm is set', async () => {
    const plan = composeBrief(petitionWithTraps());
    const written = plan.sections.map((s) => ({ id: s.id, text: s.template, source: 'template' as const }));
    const bytes = await briefDocx({
      plan,
      written,
      firm: { name: 'Rivera & Stone LLP', addressLines: ['100 Main Street', 'Boston, MA 02110'] },
      date: new Date('2026-12-06T00:00:00Z'),
    });
    const xml = await documentXml(bytes);
    expect(xml.document).toContain('w:val="Heading1"');
    expect(xml.document).toContain('w:val="Heading2"');
    expect(xml.document).toContain('<w:numPr>');
    expect(xml.footers).toMatch(/PAGE/);
    expect(xml.footers).toMatch(/NUMPAGES/);
    expect(xml.headers).toContain('Rivera &amp; Stone LLP');
    expect(xml.headers).toContain('Boston, MA 02110');
    expect(xml.document).toContain(
      'receipt of lesser nationally or internationally recognized prizes or awards for excellence in the field of endeavor;',
    );
  });

  it('carries no letterhead at all when the firm is not configured', async () => {
    const plan = composeBrief(petitionWithTraps());
    const written = plan.sections.map((s) => ({ id: s.id, text: s.template, source: 'template' as const }));
    const xml = await documentXml(await briefDocx({ plan, written, firm: null, date: new Date() }));
    expect(xml.headers).toBe('');
    expect(xml.document).not.toMatch(/\[Firm/);
  });
});

describe('recommendation letters', () => {
  it('reads one recommender per line, independent experts apart from collaborators', () => {
    const recommenders = recommendersOf({
      independentRecommenders:
        'Prof. Alan Reyes, Professor of Radiology, Stanford University\n\n- Dr. Ines Ortiz, ETH Zurich',
      collaboratorRecommenders: 'Dr. Sam Park, Chair of Radiology, Mayo Clinic',
    });
    expect(recommenders).toEqual([
      {
        name: 'Prof. Alan Reyes',
        position: 'Professor of Radiology, Stanford University',
        independent: true,
      },
      { name: 'Dr. Ines Ortiz', position: 'ETH Zurich', independent: true },
      { name: 'Dr. Sam Park', position: 'Chair of Radiology, Mayo Clinic', independent: false },
    ]);
  });

  it('writes from the letter on file for that writer, and asks the writer for what the case does not say', () => {
    const { profile, evidence } = strongPetition();
    const file = caseFileOf(profile, evidence);
    const reyes = composeLetter(file, {
      name: 'Alan Reyes',
      position: 'Stanford University',
      independent: true,
    });
    expect(reyes.template).toContain('I have not worked with Dr. Maya Chen.');
    expect(reyes.template).toContain('His lab adopted the method in 2020');
    expect(reyes.template).toContain('The method cut segmentation errors on low-dose CT by 30%');
    expect(reyes.gaps).toEqual([]);
    const park = composeLetter(file, { name: 'Dr. Sam Park', position: 'Mayo Clinic', independent: false });
    expect(park.template).toContain('[Dr. Sam Park: please state when and how you worked with Dr. Maya Chen');
    expect(park.template).toContain('Head of Imaging AI at Mayo Clinic, Department of Radiology');
    expect(park.gaps).toEqual(['drafting-letter-gap-how-known']);
  });
});

describe('the letterhead configuration', () => {
  it('reads the firm and its address lines, and leaves the letterhead out when FIRM_NAME is unset', () => {
    const firm = loadConfig({
      FIRM_NAME: ' Rivera & Stone LLP ',
      FIRM_ADDRESS: '100 Main Street;  Boston, MA 02110\\nUSA',
    }).firm;
    expect(firm).toEqual({
      name: 'Rivera & Stone LLP',
      addressLines: ['100 Main Street', 'Boston, MA 02110', 'USA'],
    });
    expect(loadConfig({}).firm).toEqual({ name: null, addressLines: [] });
    expect(() => loadConfig({ FIRM_NAME: 'x'.repeat(201) })).toThrow(
      /FIRM_NAME: must be at most 200 characters/,
    );
  });
});
