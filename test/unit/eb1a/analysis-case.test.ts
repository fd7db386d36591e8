// The whole-case analysis: hygiene, one-time achievement, the count against three, final merits, outcomes, next actions.
import { describe, expect, it } from 'vitest';
import { analyzeCase, checkHygiene, isMajorInternationalAward } from '../../../core/eb1a/analysis.ts';
import type { CaseAnalysis, CaseProfile } from '../../../core/eb1a/analysis.ts';
import { CRITERIA } from '../../../core/eb1a/criteria.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import type { Evidence } from '../../../core/eb1a/evidence.ts';
import {
  evidenceFactory,
  letterFactory,
  numberExhibits,
  strongPetition,
  weakPetition,
} from '../../support/factories.ts';

function verdictOf(analysis: CaseAnalysis, criterion: CriterionId) {
  return analysis.criteria.find((assessment) => assessment.criterion === criterion)?.verdict;
}

function metCriteria(analysis: CaseAnalysis): CriterionId[] {
  return analysis.criteria
    .filter((assessment) => assessment.verdict === 'met')
    .map((assessment) => assessment.criterion);
}

/** A profile that satisfies (h)(5) and shows three final-merits signals, so only step 1 decides the outcome. */
const readyProfile: CaseProfile = {
  usPlanEvidence: 'job_offer',
  invitedTalks: 3,
  topRankedInstitution: true,
  competitiveGrants: 'NSF CAREER award 2145678',
};

describe('evidence hygiene', () => {
  it('flags a foreign-language exhibit without a certified translation and holds its criterion at likely', () => {
    const evidence = [evidenceFactory('judging', { language: 'German' })];
    const analysis = analyzeCase({ evidence });
    expect(analysis.hygiene).toEqual([
      {
        exhibitNumber: 1,
        problem: 'missing_translation',
        finding: { code: 'hygiene.missing_translation', exhibits: [1], params: { language: 'German' } },
      },
    ]);
    expect(verdictOf(analysis, 'judging')).toBe('likely');
  });

  it('accepts a foreign-language exhibit with a certified translation, and English in any spelling', () => {
    const evidence = numberExhibits([
      evidenceFactory('judging', { language: 'de', certifiedTranslation: true }),
      evidenceFactory('awards', { language: 'en-US' }),
      evidenceFactory('membership', { language: 'English' }),
    ]);
    const analysis = analyzeCase({ evidence });
    expect(analysis.hygiene).toEqual([]);
    expect(metCriteria(analysis)).toEqual(['awards', 'membership', 'judging']);
  });

  it('does not accept an uncertified translation', () => {
    const evidence = [evidenceFactory('awards', { language: 'fr', certifiedTranslation: false })];
    expect(checkHygiene(evidence).map((issue) => issue.problem)).toEqual(['missing_translation']);
  });

  it('lists each missing part of a published item: title, date and author', () => {
    const evidence = [
      evidenceFactory('published_material', { fields: { headline: undefined, publicationDate: undefined } }),
    ];
    const [issue] = checkHygiene(evidence);
    expect(issue?.problem).toBe('incomplete_publication_details');
    expect(issue?.finding).toMatchObject({ code: 'hygiene.incomplete_publication_details', exhibits: [1] });
    expect(issue?.finding.params.parts).toEqual(['title', 'date']);
  });

  it('flags a letter without the writer’s name, address, title or specific description', () => {
    const evidence = [
      evidenceFactory('leading_role', {
        letter: letterFactory({
          letterKind: 'experience',
          writerName: undefined,
          writerAddress: undefined,
          specificDescription: undefined,
        }),
      }),
    ];
    const [issue] = checkHygiene(evidence);
    expect(issue?.problem).toBe('incomplete_letter');
    // An experience letter: the renderer cites 8 CFR 204.5(g)(1) for it.
    expect(issue?.finding.params).toEqual({ parts: ['name', 'address', 'duties'], experience: 'yes' });
    expect(verdictOf(analyzeCase({ evidence }), 'leading_role')).toBe('likely');
  });

  it('passes a complete letter', () => {
    expect(checkHygiene([evidenceFactory('judging', { letter: letterFactory() })])).toEqual([]);
  });

  it('flags one number used twice under the same criterion', () => {
    const evidence = [
      evidenceFactory('awards', { exhibitNumber: 2 }),
      evidenceFactory('awards', { exhibitNumber: 2, fields: { name: 'Another prize' } }),
    ];
    expect(checkHygiene(evidence)).toEqual([
      expect.objectContaining({ exhibitNumber: 2, problem: 'duplicate_exhibit_number' }),
    ]);
  });

  it('does not flag one exhibit claimed under two criteria', () => {
    const evidence = [
      evidenceFactory('awards', { exhibitNumber: 2 }),
      evidenceFactory('judging', { exhibitNumber: 2 }),
    ];
    expect(checkHygiene(evidence)).toEqual([]);
  });
});

describe('one-time achievement', () => {
  const award = (fields: Parameters<typeof evidenceFactory<'awards'>>[1]) =>
    evidenceFactory('awards', fields);

  it('recognizes a Nobel Prize by name and satisfies step 1 with that single exhibit', () => {
    const analysis = analyzeCase({
      evidence: [
        award({ fields: { name: 'Nobel Prize in Chemistry', issuer: 'Royal Swedish Academy of Sciences' } }),
      ],
      profile: readyProfile,
    });
    expect(analysis.oneTimeAchievement).toEqual({ exhibitNumber: 1, award: 'Nobel Prize in Chemistry' });
    expect(analysis.metCount).toBe(1);
    expect(analysis.stepOneSatisfied).toBe(true);
    expect(analysis.overall).not.toBe('insufficient');
  });

  it.each([
    'Pulitzer Prize for Feature Writing',
    'Academy Award for Best Director',
    'Olympic gold medal, 100 m',
  ])('recognizes %s by name', (name) => {
    expect(isMajorInternationalAward(award({ fields: { name } }).fields)).toBe(true);
  });

  it.each([
    'Nobel Prize nominee',
    'Oscar nomination, Best Score',
    'International Mathematical Olympiad gold medal',
    'Pulitzer Prize finalist',
  ])('does not treat “%s” as a one-time achievement', (name) => {
    const analysis = analyzeCase({ evidence: [award({ fields: { name } })] });
    expect(analysis.oneTimeAchievement).toBeNull();
    expect(analysis.stepOneSatisfied).toBe(false);
  });

  it('follows the lawyer’s explicit answer over the award’s name', () => {
    expect(
      isMajorInternationalAward(
        award({ fields: { name: 'Fields Medal', majorInternationalAward: true } }).fields,
      ),
    ).toBe(true);
    expect(
      isMajorInternationalAward(
        award({ fields: { name: 'Nobel Peace Prize', majorInternationalAward: false } }).fields,
      ),
    ).toBe(false);
  });

  it('does not credit a major award given to someone else', () => {
    const fields = award({ fields: { name: 'Nobel Prize in Physics', recipientIsPerson: false } }).fields;
    expect(isMajorInternationalAward(fields)).toBe(false);
  });

  it('does not rely on an untranslated award certificate', () => {
    const analysis = analyzeCase({
      evidence: [award({ fields: { name: 'Nobel Prize in Physics' }, language: 'sv' })],
    });
    expect(analysis.oneTimeAchievement).toBeNull();
  });
});

describe('the count against the three criteria needed', () => {
  it('satisfies step 1 with exactly three criteria met', () => {
    const evidence = numberExhibits([
      evidenceFactory('awards'),
      evidenceFactory('judging'),
      evidenceFactory('scholarly_articles'),
    ]);
    const analysis = analyzeCase({ evidence, profile: readyProfile });
    expect(analysis).toMatchObject({ metCount: 3, likelyCount: 0, needed: 3, stepOneSatisfied: true });
    expect(analysis.overall).toBe('strong');
  });

  it('is borderline with two met and one likely, and the likely criterion’s fix is decisive', () => {
    const evidence = numberExhibits([
      evidenceFactory('awards'),
      evidenceFactory('judging'),
      evidenceFactory('published_material', { fields: { circulation: undefined } }),
    ]);
    const analysis = analyzeCase({ evidence, profile: readyProfile });
    expect(analysis).toMatchObject({
      metCount: 2,
      likelyCount: 1,
      stepOneSatisfied: false,
      overall: 'borderline',
    });
    const first = analysis.nextActions[0];
    expect(first).toMatchObject({
      impact: 'decisive',
      action: { code: 'published.no_circulation.fix', criterion: 'published_material', exhibits: [3] },
      why: { code: 'why.likely_to_met', params: { criterion: 'published_material', met: 2, needed: 3 } },
    });
  });

  it('is insufficient with two met and nothing else', () => {
    const evidence = numberExhibits([evidenceFactory('awards'), evidenceFactory('judging')]);
    const analysis = analyzeCase({ evidence, profile: readyProfile });
    expect(analysis).toMatchObject({ metCount: 2, likelyCount: 0, overall: 'insufficient', overallGaps: [] });
  });

  it('counts a criterion once however many exhibits support it', () => {
    const evidence = numberExhibits([
      evidenceFactory('judging'),
      evidenceFactory('judging', { fields: { kind: 'thesis_committee' } }),
      evidenceFactory('judging', { fields: { kind: 'grant_panel' } }),
    ]);
    expect(analyzeCase({ evidence }).metCount).toBe(1);
  });

  it('reports all ten criteria in regulation order even with no evidence', () => {
    const analysis = analyzeCase({ evidence: [] });
    expect(analysis.criteria.map((assessment) => CRITERIA[assessment.criterion].paragraph)).toEqual([
      'i',
      'ii',
      'iii',
      'iv',
      'v',
      'vi',
      'vii',
      'viii',
      'ix',
      'x',
    ]);
    expect(analysis.criteria.every((assessment) => assessment.verdict === 'not_claimed')).toBe(true);
    expect(analysis.overall).toBe('insufficient');
  });
});

describe('final merits and continuing work', () => {
  const threeMet: Evidence[] = numberExhibits([
    evidenceFactory('awards', { fields: { year: 2015 } }),
    evidenceFactory('judging', { fields: { year: 2019 } }),
    evidenceFactory('scholarly_articles', { fields: { year: 2023 } }),
  ]);

  it('sees acclaim sustained when dated evidence spans years', () => {
    const sustained = analyzeCase({ evidence: threeMet }).finalMerits.find(
      (signal) => signal.id === 'sustained',
    );
    expect(sustained).toMatchObject({
      present: true,
      detail: { code: 'merits.sustained.spans', params: { first: 2015, last: 2023, span: 8 } },
    });
  });

  it('does not see acclaim sustained when everything is from one year', () => {
    const sameYear = threeMet.map((item) => ({
      ...item,
      fields: { ...item.fields, year: 2023 },
    })) as Evidence[];
    const sustained = analyzeCase({ evidence: sameYear }).finalMerits.find(
      (signal) => signal.id === 'sustained',
    );
    expect(sustained?.present).toBe(false);
  });

  it('does not see acclaim sustained when the latest evidence is stale', () => {
    const sustained = analyzeCase({ evidence: threeMet, asOfYear: 2030 }).finalMerits.find(
      (signal) => signal.id === 'sustained',
    );
    expect(sustained).toMatchObject({
      present: false,
      detail: { code: 'merits.sustained.stale', params: { last: 2023 } },
    });
  });

  it('reads ranked venues only from lead, senior or sole authorship in top venues', () => {
    const coAuthored = [evidenceFactory('scholarly_articles', { fields: { authorRole: 'co_author' } })];
    const led = [evidenceFactory('scholarly_articles', { fields: { authorRole: 'senior' } })];
    const signal = (evidence: Evidence[]) =>
      analyzeCase({ evidence }).finalMerits.find((merit) => merit.id === 'ranked_venues')?.present;
    expect(signal(coAuthored)).toBe(false);
    expect(signal(led)).toBe(true);
  });

  it('holds a case with three criteria met at borderline until continuing work in the US is documented', () => {
    const withoutPlans = analyzeCase({
      evidence: threeMet,
      profile: { ...readyProfile, usPlanEvidence: 'brief_statement' },
    });
    expect(withoutPlans.continuingWork.satisfied).toBe(false);
    expect(withoutPlans.overall).toBe('borderline');
    expect(withoutPlans.continuingWork.detail.code).toBe('continuing.brief_statement');
    expect(withoutPlans.overallGaps).toEqual(['continuing_work']);
    expect(withoutPlans.nextActions[0]).toMatchObject({
      impact: 'decisive',
      action: { code: 'action.document_continuing_work' },
      why: { code: 'why.continuing_work_required' },
    });

    const withStatement = analyzeCase({
      evidence: threeMet,
      profile: { ...readyProfile, usPlanEvidence: 'detailed_statement' },
    });
    expect(withStatement.continuingWork.satisfied).toBe(true);
    expect(withStatement.overall).toBe('strong');
  });

  it('holds a case with three criteria met at borderline when the final merits are thin', () => {
    const analysis = analyzeCase({
      evidence: threeMet,
      profile: { usPlanEvidence: 'job_offer' },
      asOfYear: 2040,
    });
    expect(analysis.stepOneSatisfied).toBe(true);
    expect(analysis.overall).toBe('borderline');
    expect(analysis.overallGaps).toEqual(['thin_merits']);
    expect(analysis.meritsPresent).toBeLessThan(3);
    expect(
      analysis.nextActions.some(
        (action) => action.impact === 'high' && action.why.code === 'why.final_merits',
      ),
    ).toBe(true);
  });
});

describe('the sample petitions', () => {
  it('finds the strong petition strong, with exactly the criteria it was built to meet', () => {
    const { evidence, profile, expected } = strongPetition();
    const analysis = analyzeCase({ evidence, profile, asOfYear: 2025 });
    expect(analysis.overall).toBe(expected.overall);
    expect(metCriteria(analysis)).toEqual(expected.criteriaMet);
    expect(analysis.hygiene).toEqual([]);
    expect(analysis.nextActions.filter((action) => action.impact === 'decisive')).toEqual([]);
  });

  it('finds the weak petition insufficient: none of its traps is called met', () => {
    const { evidence, profile, expected } = weakPetition();
    const analysis = analyzeCase({ evidence, profile, asOfYear: 2025 });
    expect(analysis.overall).toBe(expected.overall);
    expect(metCriteria(analysis)).toEqual(expected.criteriaMet);
    for (const trap of ['awards', 'membership', 'judging', 'published_material', 'high_salary'] as const) {
      expect(verdictOf(analysis, trap)).toBe('weak');
    }
    expect(analysis.criteria.flatMap((assessment) => assessment.rfeRisks).length).toBeGreaterThanOrEqual(5);
  });

  it('ranks next actions from decisive to low', () => {
    const { evidence, profile } = weakPetition();
    const order = { decisive: 0, high: 1, medium: 2, low: 3 };
    const ranks = analyzeCase({ evidence, profile }).nextActions.map((action) => order[action.impact]);
    expect(ranks.length).toBeGreaterThan(3);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('gives the same analysis for the same record', () => {
    const { evidence, profile } = strongPetition();
    expect(analyzeCase({ evidence, profile })).toEqual(analyzeCase({ evidence, profile }));
  });
});
