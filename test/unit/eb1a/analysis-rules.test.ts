// The rule tables and criteria.ts state each RFE trigger once: the tables raise exactly the triggers the
// criterion lists, and every RFE finding belongs to one criterion.
import { describe, expect, it } from 'vitest';
import { analyzeCase, FINDING_CODES } from '../../../core/eb1a/analysis.ts';
import { RULES } from '../../../core/eb1a/analysis/rules.ts';
import { CRITERIA, CRITERION_IDS } from '../../../core/eb1a/criteria.ts';
import { evidenceFactory, letterFactory, numberExhibits } from '../../support/factories.ts';

describe('RFE triggers', () => {
  it.each(Object.keys(RULES) as (keyof typeof RULES)[])(
    'the %s table raises the triggers criteria.ts lists',
    (id) => {
      const rules = [...RULES[id].blockers, ...RULES[id].cautions];
      const raised = new Set(rules.flatMap((rule) => (rule.rfe ? [rule.rfe] : [])));
      expect([...raised].sort()).toEqual([...CRITERIA[id].rfeTriggers].sort());
    },
  );

  it('raises for original contributions only the triggers criteria.ts lists', () => {
    const evidence = numberExhibits([
      evidenceFactory('original_contributions', { fields: { patentStatus: 'pending' } }),
      evidenceFactory('original_contributions', { fields: { patentStatus: 'granted' } }),
      evidenceFactory('original_contributions', {
        letter: letterFactory({
          independent: false,
          letterKind: 'expert_opinion',
          howWriterKnowsWork: undefined,
        }),
      }),
    ]);
    const contributions = analyzeCase({ evidence }).criteria.find(
      (assessment) => assessment.criterion === 'original_contributions',
    );
    const raised = new Set(contributions?.rfeRisks.map((risk) => risk.code));
    expect([...raised].sort()).toEqual([...CRITERIA.original_contributions.rfeTriggers].sort());
  });

  it('belong each to exactly one criterion', () => {
    const rfeCodes = FINDING_CODES.filter((code) => code.endsWith('.rfe'));
    const listed = CRITERION_IDS.flatMap((id) => CRITERIA[id].rfeTriggers);
    expect([...listed].sort()).toEqual([...rfeCodes].sort());
  });
});
