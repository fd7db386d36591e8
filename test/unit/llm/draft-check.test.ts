// The check that stands between an LLM draft and the lawyer: anything cited or stated that the case does
// not hold is found, and prose that only restates the case passes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDraft, normaliseCitation, type DraftGrounding } from '../../../core/llm/draft-check.ts';

const GROUNDING: DraftGrounding = {
  exhibits: [1, 2, 4],
  criteria: ['awards', 'judging'],
  facts: [
    'Beneficiary: Dr. Jane Doe',
    'Award: ACM Gordon Bell Prize, received 2021-11-18',
    'Employer: Stanford University',
    'Salary: $120,000 per year',
    'Reviewed 35 papers for the IEEE Transactions on Computers',
  ],
  citations: ['Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010)'],
};

const TEMPLATE =
  'Dr. Jane Doe received the ACM Gordon Bell Prize in 2021 [Exhibit 1]. She reviewed 35 papers for ' +
  'the IEEE Transactions on Computers [Exhibit 4] [8 CFR 204.5(h)(3)(iv)].';

const check = (draft: string) => checkDraft(draft, GROUNDING, TEMPLATE);

describe('a grounded draft', { tags: ['llm'] }, () => {
  it('passes when it restates the case in other words, with its exhibits, numbers and names', () => {
    const draft =
      'The Petitioner, Dr. Jane Doe of Stanford University, was honoured with the ACM Gordon Bell Prize on ' +
      'November 18, 2021 [Exhibit 1]. Her standing is confirmed by her work as a judge of the work of others: ' +
      'she reviewed 35 papers for the IEEE Transactions on Computers [Exhibits 2 and 4] ' +
      '[8 C.F.R. § 204.5(h)(3)(iv)]. Her salary of $120,000 reflects this [Kazarian v. USCIS, 596 F.3d 1115 ' +
      '(9th Cir. 2010)]. The prize is among the nationally recognized prizes or awards [sic] of the field.';
    expect(check(draft)).toEqual([]);
  });
});

describe('a draft that invents', { tags: ['llm'] }, () => {
  it('is caught citing an exhibit the case does not have, bracketed or not', () => {
    expect(check('She won the prize [Exhibit 9]. See also Exhibits 1 and 12.')).toEqual([
      { reason: 'unknown-exhibit', exhibit: 9 },
      { reason: 'unknown-exhibit', exhibit: 12 },
    ]);
  });

  it('is caught citing a source nobody gave it', () => {
    expect(check('The standard is settled [Matter of Chawathe, 25 I&N Dec. 369 (AAO 2010)].')).toEqual([
      { reason: 'unknown-citation', citation: 'Matter of Chawathe, 25 I&N Dec. 369 (AAO 2010)' },
    ]);
  });

  it('is caught stating a number, an amount or a date that is not in the facts', () => {
    expect(check('Dr. Jane Doe earned $250,000 and reviewed 35 papers in 2019.')).toEqual([
      { reason: 'unsupported-fact', fact: '250000' },
      { reason: 'unsupported-fact', fact: '2019' },
    ]);
  });

  it('is caught naming a person or an organisation that is not in the case', () => {
    expect(check('She was praised by Professor Alan Turing of Harvard University.')).toEqual([
      { reason: 'unsupported-fact', fact: 'Alan Turing of Harvard University' },
    ]);
  });

  it('is caught arguing a criterion the analysis does not support, by paragraph or by name', () => {
    expect(
      check('She played a leading or critical role at Stanford University. See 8 CFR 204.5(h)(3)(ix).'),
    ).toEqual([
      { reason: 'unsupported-criterion', criterion: 'high_salary' },
      { reason: 'unsupported-criterion', criterion: 'leading_role' },
    ]);
  });

  it('is caught when it is empty', () => {
    expect(check('  \n ')).toEqual([{ reason: 'empty' }]);
  });
});

describe('what is not a fact to check', { tags: ['llm'] }, () => {
  it('leaves regulation paragraphs, visa names and sentence openers alone', () => {
    expect(check('Under 8 CFR 204.5(h)(3)(i), the EB-1A standard applies. In The End, She Won.')).toEqual([]);
  });

  it('leaves list markers, bare paragraph references and an allowed case cited in prose alone', () => {
    const draft =
      '1. Under paragraph (h)(3)(i) the prize counts.\n2) As held in Kazarian v. USCIS, 596 F.3d 1115 ' +
      '(9th Cir. 2010), the evidence is weighed as a whole.';
    expect(check(draft)).toEqual([]);
  });

  it('does not take a capitalised sentence opener for part of a name, but still checks the name', () => {
    expect(check('Additionally Jane Doe reviewed papers. Notably Alan Turing agreed.')).toEqual([
      { reason: 'unsupported-fact', fact: 'Notably Alan Turing' },
    ]);
  });

  it('treats two names joined by "and" as two names', () => {
    expect(check('Stanford University and IEEE Transactions on Computers agree.')).toEqual([]);
  });
});

describe('citations', { tags: ['llm'] }, () => {
  it('are compared after normalising the ways 8 CFR is written', () => {
    const key = normaliseCitation('8 CFR 204.5(h)(3)(iii)');
    expect(normaliseCitation('8 C.F.R. § 204.5 (h)(3)(iii).')).toBe(key);
    expect(normaliseCitation('8 cfr 204.5(h)(3)(iii)')).toBe(key);
    expect(normaliseCitation('8 CFR 204.5(h)(3)(ii)')).not.toBe(key);
  });
});

describe('the check, over generated drafts', { tags: ['llm'] }, () => {
  const fact = fc.constantFrom(...GROUNDING.facts.map((f) => f.split(': ')[1] ?? f));
  const exhibit = fc.constantFrom(...GROUNDING.exhibits);
  const sentence = fc
    .tuple(fact, exhibit)
    .map(([statement, number]) => `The record shows ${statement} [Exhibit ${String(number)}].`);

  it('passes any draft made of the case’s own facts and exhibits', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), (sentences) => {
        expect(check(sentences.join(' '))).toEqual([]);
      }),
    );
  });

  it('catches any number added to such a draft that the case does not hold', () => {
    const unknownNumber = fc
      .integer({ min: 11, max: 999_999 })
      .filter((n) => ![2021, 11, 18, 120000, 35, 204, 5, 3].includes(n));
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 4 }), unknownNumber, (sentences, n) => {
        const draft = `${sentences.join(' ')} She led ${String(n)} projects.`;
        expect(check(draft)).toContainEqual({ reason: 'unsupported-fact', fact: String(n) });
      }),
    );
  });
});
