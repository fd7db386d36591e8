// One exhibit, several criteria; exhibits that cannot count; criteria met on the facts entered versus met and
// documented.
import { describe, expect, it } from 'vitest';
import { analyzeCase, FINDING_CODES } from '../../../core/eb1a/analysis.ts';
import type { AnalysisItem, CaseAnalysis } from '../../../core/eb1a/analysis.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import type { Evidence } from '../../../core/eb1a/evidence.ts';
import { evidenceFactory, letterFactory } from '../../support/factories.ts';

function criterion(analysis: CaseAnalysis, id: CriterionId) {
  const found = analysis.criteria.find((assessment) => assessment.criterion === id);
  if (!found) throw new Error(`no assessment for ${id}`);
  return found;
}

/** A Nature feature about the client's result: published material (iii) and proof of major significance (v). */
const natureFeature: AnalysisItem[] = [
  { ...evidenceFactory('published_material', { exhibitNumber: 7, language: 'de' }), documentCount: 1 },
  {
    ...evidenceFactory('original_contributions', {
      exhibitNumber: 7,
      language: 'de',
      fields: { citations: undefined, fieldCitationBenchmark: undefined, patentStatus: undefined },
    }),
    documentCount: 1,
  },
];

describe('one exhibit claimed under several criteria', () => {
  it('gives each claim its own verdict under its criterion, citing the same exhibit number', () => {
    const evidence: AnalysisItem[] = [
      { ...evidenceFactory('published_material', { exhibitNumber: 7 }), documentCount: 1 },
      {
        ...evidenceFactory('original_contributions', {
          exhibitNumber: 7,
          fields: { citations: undefined, fieldCitationBenchmark: undefined, patentStatus: undefined },
        }),
        documentCount: 1,
      },
    ];
    const analysis = analyzeCase({ evidence });
    expect(criterion(analysis, 'published_material')).toMatchObject({ verdict: 'met', exhibitNumbers: [7] });
    expect(criterion(analysis, 'original_contributions')).toMatchObject({
      verdict: 'likely',
      exhibitNumbers: [7],
    });
    expect(criterion(analysis, 'original_contributions').reasons[0]).toMatchObject({
      code: 'contribution.signals',
      exhibits: [7],
      params: { signals: ['adopted_by_others'] },
    });
    expect(analysis.hygiene).toEqual([]);
  });

  it('leaves the exhibit and its (iii) verdict when the (v) claim is removed', () => {
    const [published] = natureFeature;
    if (!published) throw new Error('no claim');
    const analysis = analyzeCase({ evidence: [{ ...published, language: undefined }] });
    expect(criterion(analysis, 'published_material')).toMatchObject({ verdict: 'met', exhibitNumbers: [7] });
    expect(criterion(analysis, 'original_contributions').verdict).toBe('not_claimed');
  });

  it('counts criteria, not claims: met under one and weak under two adds one criterion met', () => {
    const evidence: AnalysisItem[] = [
      evidenceFactory('judging', { exhibitNumber: 3 }),
      evidenceFactory('awards', { exhibitNumber: 3, fields: { scope: 'employer' } }),
      evidenceFactory('leading_role', { exhibitNumber: 3, fields: { roleKind: 'ordinary' } }),
    ];
    const analysis = analyzeCase({ evidence });
    expect(analysis.metCount).toBe(1);
    expect(analysis.likelyCount).toBe(0);
    expect(
      analysis.criteria.filter((assessment) => assessment.verdict === 'weak').map((a) => a.criterion),
    ).toEqual(['awards', 'leading_role']);
    for (const id of ['judging', 'awards', 'leading_role'] as const) {
      expect(criterion(analysis, id).exhibitNumbers).toEqual([3]);
    }
  });

  it('checks hygiene once per exhibit: one translation problem for an exhibit under two criteria', () => {
    const analysis = analyzeCase({ evidence: natureFeature });
    expect(analysis.hygiene).toEqual([
      expect.objectContaining({ exhibitNumber: 7, problem: 'missing_translation' }),
    ]);
    // Both claims are held at likely until the exhibit is translated.
    expect(criterion(analysis, 'published_material').verdict).toBe('likely');
    expect(criterion(analysis, 'published_material').missing).toContainEqual(
      expect.objectContaining({ code: 'hygiene.missing_translation', exhibits: [7] }),
    );
  });

  it('checks an incomplete letter and missing publication details once per exhibit', () => {
    const letter = letterFactory({ writerAddress: undefined });
    const analysis = analyzeCase({
      evidence: [
        evidenceFactory('published_material', { exhibitNumber: 2, letter, fields: { author: undefined } }),
        evidenceFactory('judging', { exhibitNumber: 2, letter }),
        evidenceFactory('original_contributions', { exhibitNumber: 2, letter }),
      ],
    });
    expect(analysis.hygiene.map((issue) => issue.problem)).toEqual([
      'incomplete_publication_details',
      'incomplete_letter',
    ]);
  });

  it('flags a number used twice under the same criterion, not under different ones', () => {
    const analysis = analyzeCase({
      evidence: [
        evidenceFactory('judging', { exhibitNumber: 5 }),
        evidenceFactory('judging', { exhibitNumber: 5, fields: { venue: 'NeurIPS' } }),
        evidenceFactory('scholarly_articles', { exhibitNumber: 5 }),
      ],
    });
    expect(analysis.hygiene).toEqual([
      {
        exhibitNumber: 5,
        problem: 'duplicate_exhibit_number',
        finding: {
          code: 'hygiene.duplicate_exhibit_number',
          criterion: 'judging',
          exhibits: [5],
          params: {},
        },
      },
    ]);
  });
});

describe('an exhibit that cannot count at step 1', () => {
  it('is excluded with its reason and never listed under the criterion another exhibit meets', () => {
    const evidence: AnalysisItem[] = [
      evidenceFactory('awards', {
        exhibitNumber: 6,
        fields: { name: 'Best Employee 2022', scope: 'employer' },
      }),
      { ...evidenceFactory('awards', { exhibitNumber: 2 }), documentCount: 2 },
    ];
    const analysis = analyzeCase({ evidence });
    const awards = criterion(analysis, 'awards');
    expect(awards).toMatchObject({
      verdict: 'met',
      exhibitNumbers: [2, 6],
      supportingExhibits: [2],
      excludedExhibits: [6],
      documented: true,
      documentsMissing: [],
    });
    expect(analysis.excluded).toEqual([
      {
        exhibitNumber: 6,
        criterion: 'awards',
        reasons: [
          expect.objectContaining({
            code: 'award.employer_internal',
            criterion: 'awards',
            exhibits: [6],
            params: expect.objectContaining({ name: 'Best Employee 2022' }) as unknown,
          }),
        ],
      },
    ]);
  });

  it.each([
    ['membership', { admissionBasis: 'fee' }, 'membership.admission_basis'],
    ['published_material', { subject: 'about_employer' }, 'published.about_employer'],
    ['published_material', { paidOrMarketing: true }, 'published.paid'],
    ['exhibitions', { venueKind: 'trade_show' }, 'exhibition.not_artistic'],
    ['commercial_success', { performingArts: false }, 'commercial.not_performing_arts'],
  ] as const)('excludes a %s trap (%o) with %s', (id, fields, code) => {
    const analysis = analyzeCase({
      evidence: [evidenceFactory(id, { exhibitNumber: 9, fields }) as Evidence],
    });
    expect(analysis.excluded).toHaveLength(1);
    expect(analysis.excluded[0]?.reasons.map((reason) => reason.code)).toContain(code);
  });

  it('does not exclude a weak claim that more evidence can fix (an invitation to judge)', () => {
    const analysis = analyzeCase({
      evidence: [evidenceFactory('judging', { fields: { proof: 'invitation_only' } })],
    });
    expect(criterion(analysis, 'judging').verdict).toBe('weak');
    expect(analysis.excluded).toEqual([]);
  });
});

describe('met on the facts entered versus met and documented', () => {
  it('says which supporting exhibits have no document attached', () => {
    const evidence: AnalysisItem[] = [
      { ...evidenceFactory('judging', { exhibitNumber: 1 }), documentCount: 3 },
      { ...evidenceFactory('judging', { exhibitNumber: 2, title: 'NIH panel roster' }), documentCount: 0 },
      evidenceFactory('scholarly_articles', { exhibitNumber: 3, title: 'MedIA article' }),
    ];
    const analysis = analyzeCase({ evidence });
    expect(criterion(analysis, 'judging')).toMatchObject({
      verdict: 'met',
      documented: false,
      documentsMissing: [
        {
          code: 'criterion.documents_missing',
          criterion: 'judging',
          exhibits: [2],
          params: { title: 'NIH panel roster' },
        },
      ],
    });
    expect(criterion(analysis, 'scholarly_articles')).toMatchObject({
      verdict: 'met',
      documented: false,
      documentsMissing: [expect.objectContaining({ exhibits: [3], params: { title: 'MedIA article' } })],
    });
    expect(
      analysis.nextActions.filter((action) => action.action.code === 'criterion.documents_missing'),
    ).toHaveLength(2);
  });

  it('calls a criterion documented when every supporting exhibit has a document', () => {
    const analysis = analyzeCase({
      evidence: [{ ...evidenceFactory('judging'), documentCount: 1 }],
    });
    expect(criterion(analysis, 'judging')).toMatchObject({
      verdict: 'met',
      documented: true,
      documentsMissing: [],
    });
  });
});

describe('the finding codes', () => {
  it('are unique, and every finding of a varied record uses one of them', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    const analysis = analyzeCase({
      evidence: [
        ...natureFeature,
        evidenceFactory('awards', { exhibitNumber: 1, fields: { scope: 'school' } }),
      ],
    });
    const all = [
      ...analysis.criteria.flatMap((a) => [...a.reasons, ...a.missing, ...a.rfeRisks, ...a.documentsMissing]),
      ...analysis.hygiene.map((issue) => issue.finding),
      ...analysis.finalMerits.map((signal) => signal.detail),
      analysis.continuingWork.detail,
      ...analysis.nextActions.flatMap((action) => [action.action, action.why]),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const item of all) expect(FINDING_CODES).toContain(item.code);
  });
});
