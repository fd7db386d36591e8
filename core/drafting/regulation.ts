// The regulation's own words that a brief quotes and /ask answers from: 8 CFR 204.5(h)(3) and its ten
// criteria, and (h)(5) on continuing work. US government text, quoted exactly (including the regulation's
// "field of specification" in (iv)), so a lawyer never has to re-check a quotation the product put in a
// filing. Where the words come from and how they were checked is recorded in core/ask/corpus.ts.
import type { CriterionId } from '../eb1a/criteria.ts';

export interface RegulationPassage {
  /** As cited in a brief: "8 CFR 204.5(h)(3)(i)". */
  cite: string;
  text: string;
}

/** The lead-in of 8 CFR 204.5(h)(3): what the initial evidence must show. */
export const INITIAL_EVIDENCE: RegulationPassage = {
  cite: '8 CFR 204.5(h)(3)',
  text:
    'A petition for an alien of extraordinary ability must be accompanied by evidence that the alien has ' +
    'sustained national or international acclaim and that his or her achievements have been recognized in ' +
    'the field of expertise. Such evidence shall include evidence of a one-time achievement (that is, a ' +
    'major, internationally recognized award), or at least three of the following:',
};

/** 8 CFR 204.5(h)(3)(i)–(x), each criterion's paragraph as the regulation words it. */
export const CRITERION_TEXT: Readonly<Record<CriterionId, RegulationPassage>> = {
  awards: {
    cite: '8 CFR 204.5(h)(3)(i)',
    text: "Documentation of the alien's receipt of lesser nationally or internationally recognized prizes or awards for excellence in the field of endeavor;",
  },
  membership: {
    cite: '8 CFR 204.5(h)(3)(ii)',
    text: "Documentation of the alien's membership in associations in the field for which classification is sought, which require outstanding achievements of their members, as judged by recognized national or international experts in their disciplines or fields;",
  },
  published_material: {
    cite: '8 CFR 204.5(h)(3)(iii)',
    text: "Published material about the alien in professional or major trade publications or other major media, relating to the alien's work in the field for which classification is sought. Such evidence shall include the title, date, and author of the material, and any necessary translation;",
  },
  judging: {
    cite: '8 CFR 204.5(h)(3)(iv)',
    text: "Evidence of the alien's participation, either individually or on a panel, as a judge of the work of others in the same or an allied field of specification for which classification is sought;",
  },
  original_contributions: {
    cite: '8 CFR 204.5(h)(3)(v)',
    text: "Evidence of the alien's original scientific, scholarly, artistic, athletic, or business-related contributions of major significance in the field;",
  },
  scholarly_articles: {
    cite: '8 CFR 204.5(h)(3)(vi)',
    text: "Evidence of the alien's authorship of scholarly articles in the field, in professional or major trade publications or other major media;",
  },
  exhibitions: {
    cite: '8 CFR 204.5(h)(3)(vii)',
    text: "Evidence of the display of the alien's work in the field at artistic exhibitions or showcases;",
  },
  leading_role: {
    cite: '8 CFR 204.5(h)(3)(viii)',
    text: 'Evidence that the alien has performed in a leading or critical role for organizations or establishments that have a distinguished reputation;',
  },
  high_salary: {
    cite: '8 CFR 204.5(h)(3)(ix)',
    text: 'Evidence that the alien has commanded a high salary or other significantly high remuneration for services, in relation to others in the field; or',
  },
  commercial_success: {
    cite: '8 CFR 204.5(h)(3)(x)',
    text: 'Evidence of commercial successes in the performing arts, as shown by box office receipts or record, cassette, compact disk, or video sales.',
  },
};

/** 8 CFR 204.5(h)(5): no job offer is needed, but clear evidence of continuing work in the US is. */
export const CONTINUING_WORK: RegulationPassage = {
  cite: '8 CFR 204.5(h)(5)',
  text:
    'No offer of employment required. Neither an offer for employment in the United States nor a labor ' +
    'certification is required for this classification; however, the petition must be accompanied by clear ' +
    'evidence that the alien is coming to the United States to continue work in the area of expertise. Such ' +
    'evidence may include letter(s) from prospective employer(s), evidence of prearranged commitments such ' +
    'as contracts, or a statement from the beneficiary detailing plans on how he or she intends to continue ' +
    'his or her work in the United States.',
};

/** The authorities a brief cites besides the exhibits: a drafted section may cite only these. */
export const BRIEF_AUTHORITIES: readonly string[] = [
  'INA 203(b)(1)(A)',
  '8 CFR 204.5(h)',
  '8 CFR 204.5(h)(2)',
  INITIAL_EVIDENCE.cite,
  ...Object.values(CRITERION_TEXT).map((passage) => passage.cite),
  CONTINUING_WORK.cite,
  'Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010)',
  'USCIS Policy Manual, Vol. 6, Part F, Ch. 2',
];
