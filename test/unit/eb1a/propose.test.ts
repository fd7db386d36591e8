// Facts proposed from an exhibit's text: only what the text states, each with its source phrase, valid
// against the criterion's field schema, and the traps the text gives away.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import { EVIDENCE_FIELD_SCHEMAS, EVIDENCE_FIELDS } from '../../../core/eb1a/evidence.ts';
import { parseNumber, proposeFields, readMoney } from '../../../core/eb1a/propose.ts';
import { LABELLED_EXHIBITS } from '../../support/labelled-exhibits.ts';

function partialSchema(criterion: CriterionId): z.ZodObject {
  return (EVIDENCE_FIELD_SCHEMAS[criterion] as unknown as z.ZodObject).partial();
}

describe('proposeFields', () => {
  it.each<[CriterionId, string, Record<string, unknown>]>([
    [
      'awards',
      'Winner of the national Young Scientist Prize of the Russian Academy of Sciences, 2018',
      { name: 'Young Scientist Prize', issuer: 'Russian Academy of Sciences', year: 2018, scope: 'national' },
    ],
    [
      'awards',
      'ACM Doctoral Dissertation Award, 2021, open to candidates from universities worldwide',
      { name: 'ACM Doctoral Dissertation Award', issuer: 'ACM', year: 2021, scope: 'international' },
    ],
    [
      'membership',
      'Elected Fellow of the American Physical Society in 2020',
      {
        association: 'American Physical Society',
        level: 'Fellow',
        admissionBasis: 'outstanding_achievement',
        sinceYear: 2020,
      },
    ],
    [
      'published_material',
      'Forbes profile of the beneficiary, "The Engineer Rewriting Battery Chemistry", by J. Smith, March 3, 2022',
      {
        outlet: 'Forbes',
        headline: 'The Engineer Rewriting Battery Chemistry',
        publicationDate: 'March 3, 2022',
        author: 'J. Smith',
        subject: 'about_person',
      },
    ],
    [
      'published_material',
      'Статья о нём в газете «Коммерсантъ»: «Физик, который научил лазеры считать», автор И. Иванов, 12.05.2021',
      {
        outlet: 'Коммерсантъ',
        headline: 'Физик, который научил лазеры считать',
        publicationDate: '12.05.2021',
        author: 'И. Иванов',
        subject: 'about_person',
      },
    ],
    [
      'judging',
      'Reviewed 14 manuscripts for Physical Review Letters in 2022, reviewer record attached',
      {
        venue: 'Physical Review Letters',
        kind: 'peer_review',
        proof: 'completed',
        reviewCount: 14,
        year: 2022,
      },
    ],
    [
      'scholarly_articles',
      'Ivanova A., Smith J. Quantum dots in solar cells // Physical Review B. 2019. Vol. 99. P. 1-12',
      {
        articleTitle: 'Quantum dots in solar cells',
        venue: 'Physical Review B',
        year: 2019,
        publicationType: 'journal',
      },
    ],
    [
      'exhibitions',
      'Solo show at the Saatchi Gallery, London, 2019',
      { venue: 'Saatchi Gallery', venueKind: 'artistic', ownWork: true, year: 2019 },
    ],
    [
      'leading_role',
      'Head of Data Science at Spotify, leading a team of 40 engineers',
      { organization: 'Spotify', jobTitle: 'Head of Data Science' },
    ],
    [
      'high_salary',
      'Her salary is $350,000 per year, above the 90th percentile in BLS OES data for the occupation',
      { amount: 350_000, currency: 'USD', period: 'year', comparisonSource: 'government', percentile: 90 },
    ],
    [
      'high_salary',
      'Справка о доходах: заработная плата 900 000 рублей в месяц',
      { amount: 900_000, currency: 'RUB', period: 'month' },
    ],
    [
      'commercial_success',
      'The film "Northern Lights" grossed $40 million at the box office, more than any other release that year',
      { work: 'Northern Lights', performingArts: true, comparedWithPeers: true },
    ],
  ])('%s: reads what “%s” states', (criterion, text, expected) => {
    expect(proposeFields(criterion, text).values).toMatchObject(expected);
  });

  it('proposes nothing the text does not state', () => {
    const proposal = proposeFields('awards', 'Gordon Bell Prize');
    expect(proposal.values).toEqual({ name: 'Gordon Bell Prize' });
    expect(proposeFields('high_salary', 'She is very well paid').fields).toEqual([]);
    expect(proposeFields('judging', 'Program committee member').values).not.toHaveProperty('year');
  });

  it('reads no year out of a manuscript number or a DOI', () => {
    expect(
      proposeFields('judging', 'Thank you for completing your review of JBC-2021-0345').values,
    ).not.toHaveProperty('year');
  });

  it('carries the phrase each value was read from, found in the text', () => {
    const text = 'Offer letter: base compensation of EUR 220,000 annually plus equity';
    const proposal = proposeFields('high_salary', text);
    expect(proposal.fields.find((field) => field.key === 'amount')).toEqual({
      key: 'amount',
      value: 220_000,
      phrase: 'EUR 220,000',
    });
    for (const field of proposal.fields) expect(text).toContain(field.phrase);
  });

  it('says why a trap will not count, and fills the field the trap is about', () => {
    const salary = proposeFields(
      'high_salary',
      'His salary converted to USD at the exchange rate and compared with BLS data',
    );
    expect(salary.values).toMatchObject({ comparedInLocalCurrency: false, comparisonSource: 'government' });
    expect(salary.traps.map((trap) => trap.code)).toEqual(['salary.converted_currency']);
    const judging = proposeFields('judging', 'Invitation to review a manuscript for the Journal of Finance');
    expect(judging.values).toMatchObject({ proof: 'invitation_only', venue: 'Journal of Finance' });
    expect(judging.traps.map((trap) => trap.code)).toEqual(['judging.invitation_only']);
  });

  it('proposes, for every labelled exhibit, only fields of its criterion that validate against the schema', () => {
    let proposed = 0;
    for (const item of LABELLED_EXHIBITS) {
      const proposal = proposeFields(item.expected, item.text);
      const keys = new Set<string>(EVIDENCE_FIELDS[item.expected].map((spec) => spec.key));
      for (const field of proposal.fields) {
        expect(keys.has(field.key), field.key).toBe(true);
        expect(item.text.replace(/\s+/g, ' ')).toContain(field.phrase);
      }
      expect(partialSchema(item.expected).safeParse(proposal.values).success, item.text).toBe(true);
      proposed += proposal.fields.length;
    }
    expect(proposed).toBeGreaterThan(LABELLED_EXHIBITS.length * 1.5);
  });
});

describe('money and numbers', () => {
  it.each<[string, number, string]>([
    ['$350,000 per year', 350_000, 'USD'],
    ['USD 18,500.00', 18_500, 'USD'],
    ['900 000 рублей', 900_000, 'RUB'],
    ['€1.200.000', 1_200_000, 'EUR'],
    ['$40 million at the box office', 40_000_000, 'USD'],
    ['1,2 млн рублей', 1_200_000, 'RUB'],
    ['INR 9,000,000 a year', 9_000_000, 'INR'],
  ])('reads %s', (text, amount, currency) => {
    expect(readMoney(text)).toMatchObject({ amount, currency });
  });

  it('reads no money where no currency is named', () => {
    expect(readMoney('cited 2,400 times')).toBeUndefined();
    expect(parseNumber('2,400')).toBe(2400);
    expect(parseNumber('3,5')).toBe(3.5);
  });
});
