// The shipped corpus says what the regulation says: key sentences checked word for word against the text
// verified in the eCFR (and a second copy), the same words a brief quotes, every criterion of
// 8 CFR 204.5(h)(3) present once, and summaries never passed off as regulation text.
import { describe, expect, it } from 'vitest';
import { CORPUS, POLICY_PASSAGES, REGULATION_PASSAGES } from '../../../core/ask/corpus.ts';
import { CONTINUING_WORK, CRITERION_TEXT, INITIAL_EVIDENCE } from '../../../core/drafting/regulation.ts';

function regulation(citation: string): string {
  const found = REGULATION_PASSAGES.filter((p) => p.citation === citation);
  expect(found, citation).toHaveLength(1);
  return found[0]?.text ?? '';
}

describe('the legal corpus', () => {
  it('quotes the key sentences of 8 CFR 204.5(h) exactly', () => {
    expect(regulation('8 CFR 204.5(h)(2)')).toContain(
      'Extraordinary ability means a level of expertise indicating that the individual is one of that small percentage who have risen to the very top of the field of endeavor.',
    );
    expect(regulation('8 CFR 204.5(h)(3)')).toContain(
      'A petition for an alien of extraordinary ability must be accompanied by evidence that the alien has sustained national or international acclaim and that his or her achievements have been recognized in the field of expertise.',
    );
    expect(regulation('8 CFR 204.5(h)(3)')).toContain(
      'Such evidence shall include evidence of a one-time achievement (that is, a major, internationally recognized award), or at least three of the following:',
    );
    expect(regulation('8 CFR 204.5(h)(3)(i)')).toBe(
      "Documentation of the alien's receipt of lesser nationally or internationally recognized prizes or awards for excellence in the field of endeavor;",
    );
    expect(regulation('8 CFR 204.5(h)(3)(iii)')).toContain(
      'Such evidence shall include the title, date, and author of the material, and any necessary translation;',
    );
    expect(regulation('8 CFR 204.5(h)(3)(iv)')).toBe(
      "Evidence of the alien's participation, either individually or on a panel, as a judge of the work of others in the same or an allied field of specification for which classification is sought;",
    );
    expect(regulation('8 CFR 204.5(h)(3)(v)')).toContain(
      'original scientific, scholarly, artistic, athletic, or business-related contributions of major significance in the field;',
    );
    expect(regulation('8 CFR 204.5(h)(3)(viii)')).toBe(
      'Evidence that the alien has performed in a leading or critical role for organizations or establishments that have a distinguished reputation;',
    );
    expect(regulation('8 CFR 204.5(h)(3)(x)')).toBe(
      'Evidence of commercial successes in the performing arts, as shown by box office receipts or record, cassette, compact disk, or video sales.',
    );
    expect(regulation('8 CFR 204.5(h)(4)')).toBe(
      "If the above standards do not readily apply to the beneficiary's occupation, the petitioner may submit comparable evidence to establish the beneficiary's eligibility.",
    );
    expect(regulation('8 CFR 204.5(h)(5)')).toContain(
      'Neither an offer for employment in the United States nor a labor certification is required for this classification; however, the petition must be accompanied by clear evidence that the alien is coming to the United States to continue work in the area of expertise.',
    );
  });

  it('answers from the same words of 8 CFR 204.5(h)(3) and (h)(5) that a brief quotes', () => {
    expect(regulation('8 CFR 204.5(h)(3)')).toBe(`Initial evidence. ${INITIAL_EVIDENCE.text}`);
    for (const passage of Object.values(CRITERION_TEXT)) expect(regulation(passage.cite)).toBe(passage.text);
    expect(regulation('8 CFR 204.5(h)(5)')).toBe(CONTINUING_WORK.text);
  });

  it('quotes 8 CFR 204.5(g) and 103.2(b)(3) exactly', () => {
    expect(regulation('8 CFR 204.5(g)(1)')).toContain(
      'shall include the name, address, and title of the writer, and a specific description of the duties performed by the alien or of the training received.',
    );
    expect(regulation('8 CFR 204.5(g)(2)')).toContain(
      'Evidence of this ability shall be either in the form of copies of annual reports, federal tax returns, or audited financial statements.',
    );
    expect(regulation('8 CFR 103.2(b)(3)')).toBe(
      "Translations. Any document containing foreign language submitted to USCIS shall be accompanied by a full English language translation which the translator has certified as complete and accurate, and by the translator's certification that he or she is competent to translate from the foreign language into English.",
    );
  });

  it('has each of the ten criteria once, as its own paragraph', () => {
    const numerals = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
    for (const numeral of numerals) regulation(`8 CFR 204.5(h)(3)(${numeral})`);
    const citations = REGULATION_PASSAGES.map((p) => p.citation);
    expect(new Set(citations).size).toBe(citations.length);
  });

  it('keeps summaries apart from regulation text and within what the database stores', () => {
    expect(POLICY_PASSAGES.every((p) => p.kind !== 'regulation')).toBe(true);
    expect(POLICY_PASSAGES.some((p) => p.citation.startsWith('Kazarian v. USCIS'))).toBe(true);
    for (const passage of CORPUS) {
      expect(passage.text.length, passage.citation).toBeLessThanOrEqual(4000);
      expect(passage.citation.length).toBeLessThanOrEqual(200);
      // A summary is never written as if it were the regulation's own words.
      if (passage.kind !== 'regulation') expect(passage.citation).not.toMatch(/^8 CFR/);
    }
  });
});
