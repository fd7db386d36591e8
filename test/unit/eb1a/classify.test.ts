// The free-text classifier: realistic phrases a lawyer types land on the right criterion; nonsense lands nowhere.
import { describe, expect, it } from 'vitest';
import { classifyEvidenceText } from '../../../core/eb1a/classify.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';

describe('classifyEvidenceText', () => {
  it.each<[string, CriterionId]>([
    ['Reviewed papers for IEEE Transactions on Medical Imaging', 'judging'],
    ['She was a peer reviewer for Nature Medicine, 30 manuscripts', 'judging'],
    ['Program committee member for NeurIPS 2023', 'judging'],
    ['Served on the PhD thesis committee of two students at MIT', 'judging'],
    ['Judge at the Red Dot Design Award 2022', 'judging'],
    ['Best Paper award at CVPR 2021', 'awards'],
    ['Won the ACM Doctoral Dissertation Award', 'awards'],
    ['Article in Forbes about her startup journey', 'published_material'],
    ['Interviewed by the BBC about his research on malaria', 'published_material'],
    ['Elected Fellow of the Royal Society of Chemistry', 'membership'],
    ['Senior Member of IEEE since 2019', 'membership'],
    ['Her algorithm was adopted by Siemens Healthineers in their scanners', 'original_contributions'],
    ['Patent licensed to Medtronic for the stent coating', 'original_contributions'],
    ['First author of a paper in Nature Medicine', 'scholarly_articles'],
    ['Published 25 peer-reviewed articles in journals', 'scholarly_articles'],
    ['Solo show at the Saatchi Gallery in London', 'exhibitions'],
    ['Head of Data Science at Spotify, led a team of 40', 'leading_role'],
    ['Co-founder and CTO of a YC-backed startup', 'leading_role'],
    ['Her salary is $350,000 per year', 'high_salary'],
    ['The film grossed $40 million at the box office', 'commercial_success'],
    ['Album certified platinum, 1.2 million copies sold', 'commercial_success'],
  ])('“%s” → %s', (text, criterion) => {
    expect(classifyEvidenceText(text)?.criterion).toBe(criterion);
  });

  it.each(['asdf qwerty lorem ipsum', 'the weather is nice today', '', '   ', '12345'])(
    'returns null for “%s”',
    (text) => {
      expect(classifyEvidenceText(text)).toBeNull();
    },
  );

  it('is fully confident when only one criterion is indicated', () => {
    expect(classifyEvidenceText('Reviewed papers for IEEE TMI')).toEqual({
      criterion: 'judging',
      confidence: 1,
      alternatives: [],
      ranking: [{ criterion: 'judging', score: 4, cues: ['Reviewed papers'] }],
    });
  });

  it('offers the runner-up as an alternative, with lower confidence, when the text is mixed', () => {
    const result = classifyEvidenceText('Judge at the Red Dot Design Award 2022');
    expect(result?.alternatives).toEqual(['awards']);
    expect(result?.confidence).toBeGreaterThan(0.5);
    expect(result?.confidence).toBeLessThan(1);
  });

  it('never lists the chosen criterion among the alternatives', () => {
    const result = classifyEvidenceText(
      'Led the team that won the best paper award and was covered by Wired',
    );
    expect(result).not.toBeNull();
    expect(result?.alternatives).not.toContain(result?.criterion);
    expect(result?.alternatives.length).toBeGreaterThanOrEqual(1);
  });
});
