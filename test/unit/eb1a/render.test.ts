// Rendering an analysis into plain lines the bot and the terminal chat can format.
import { describe, expect, it } from 'vitest';
import { analyzeCase } from '../../../core/eb1a/analysis.ts';
import { evidenceFactory, numberExhibits, strongPetition, weakPetition } from '../../support/factories.ts';
import {
  criterionDetail,
  exhibitIndex,
  finalMeritsLines,
  hygieneLines,
  summarizeAnalysis,
  verdictLabel,
} from '../../../core/eb1a/render.ts';

describe('summarizeAnalysis', () => {
  it('heads a strong case with its assessment and the count against three', () => {
    const { evidence, profile } = strongPetition();
    const summary = summarizeAnalysis(analyzeCase({ evidence, profile }));
    expect(summary.headline).toBe('Strong case: 6 criteria met, 0 likely (3 needed).');
    expect(summary.criterionLines).toHaveLength(10);
    expect(summary.criterionLines[0]).toBe('Met: (i) Awards (Exhibit 1)');
    expect(summary.criterionLines[1]).toBe('Not claimed: (ii) Membership');
    expect(summary.criterionLines[3]).toBe('Met: (iv) Judging (Exhibits 2 and 3)');
  });

  it('names a one-time achievement in the headline', () => {
    const evidence = [evidenceFactory('awards', { fields: { name: 'Nobel Prize in Physics' } })];
    expect(summarizeAnalysis(analyzeCase({ evidence })).headline).toContain(
      'one-time achievement, Nobel Prize in Physics (Exhibit 1)',
    );
  });

  it('lists at most the requested number of next actions, most impactful first, and can hide unclaimed criteria', () => {
    const { evidence, profile } = weakPetition();
    const analysis = analyzeCase({ evidence, profile });
    const summary = summarizeAnalysis(analysis, { maxActions: 3, includeUnclaimed: false });
    expect(summary.headline).toBe('Insufficient as it stands: 1 criterion met, 0 likely (3 needed).');
    expect(summary.nextActions).toHaveLength(3);
    expect(summary.nextActions[0]).toMatch(/^Decisive: /);
    expect(summary.criterionLines).toHaveLength(6);
    expect(summary.criterionLines.every((line) => !line.startsWith('Not claimed'))).toBe(true);
  });
});

describe('detail lines', () => {
  it('shows reasons, then missing steps, then RFE risks for a criterion', () => {
    const evidence = [evidenceFactory('judging', { fields: { proof: 'invitation_only' } })];
    const judging = analyzeCase({ evidence }).criteria[3];
    if (!judging) throw new Error('judging missing');
    const detail = criterionDetail(judging);
    expect(detail.heading).toBe('(iv) Judging, 8 CFR 204.5(h)(3)(iv): Weak');
    expect(detail.lines[0]).toContain('only an invitation');
    expect(detail.lines.some((line) => line.startsWith('Missing: '))).toBe(true);
    expect(detail.lines.at(-1)).toMatch(/^RFE risk: /);
  });

  it('says so when a criterion has no exhibit', () => {
    const membership = analyzeCase({ evidence: [] }).criteria[1];
    if (!membership) throw new Error('membership missing');
    expect(criterionDetail(membership).lines).toEqual(['No exhibit filed under this criterion.']);
    expect(verdictLabel(membership.verdict)).toBe('Not claimed');
  });

  it('lists the final-merits signals and the (h)(5) showing', () => {
    const { evidence, profile } = weakPetition();
    const lines = finalMeritsLines(analyzeCase({ evidence, profile }));
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)).toMatch(/^Not yet: Continuing work in the US\./);
  });

  it('lists hygiene problems in the lawyer’s words', () => {
    const evidence = [evidenceFactory('awards', { language: 'Japanese' })];
    expect(hygieneLines(analyzeCase({ evidence }))).toEqual([
      'Exhibit 1 is in Japanese without a full certified English translation (8 CFR 103.2(b)(3)); it gets no weight until translated.',
    ]);
  });

  it('builds the exhibit index in exhibit order with each exhibit’s criterion', () => {
    const [first, second] = numberExhibits([evidenceFactory('judging'), evidenceFactory('awards')]);
    if (!first || !second) throw new Error('exhibits missing');
    expect(exhibitIndex([second, first])).toEqual([
      'Exhibit 1: Reviewer record, IEEE Transactions on Medical Imaging [(iv) Judging]',
      'Exhibit 2: MICCAI Young Scientist Award certificate and award criteria [(i) Awards]',
    ]);
  });
});
