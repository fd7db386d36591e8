// The legal corpus /ask answers from, shipped with the product: one passage per paragraph, each with the
// citation an answer gives for it.
//
// Regulation passages are the words of 8 CFR, quoted exactly (a work of the US government). 8 CFR 204.5(h)(3)
// with its ten criteria and (h)(5) are the same words a brief quotes, kept once in core/drafting/regulation.ts.
// - 8 CFR 204.5: https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-204/subpart-A/section-204.5
//   (eCFR point-in-time text of title 8, https://www.ecfr.gov/api/versioner/v1/full/2026-01-01/title-8.xml).
//   (h)(1)-(5) were checked word for word against https://docsbay.net/h-aliens-with-extraordinary-ability and
//   https://info.5y1.org/recent-scholarly-articles-on-immigration_1_054536.html (one retyped copy of the
//   regulation, published twice).
//   (h)(3) "a major, internationally recognized award": so read that copy, the Adjudicator's Field Manual as
//   quoted at https://usa-immigration-law.com/eb1a-afm-qa, and every other copy of the sentence found. An
//   earlier reading, "international recognized", rested on one source and no copy found bears it out.
//   (h)(3)(iv) "allied field of specification" is the eCFR's word as recorded from it. Copies disagree: eight
//   files of public code quoting the sentence read "specification", others "specialization", as do the
//   retyped copy above and USCIS guidance paraphrasing the criterion ("specialization" is the word of the
//   parallel O-1 rule, 8 CFR 214.2(o)(3)(iii)(D)). Not yet confirmed against a second official copy (the
//   CFR annual edition on govinfo).
//   (g)(1) and (g)(2) are excerpts (the sentences on experience letters and on the ability to pay), checked
//   against http://worldesquire.com/index.php/employment-based-visas/,
//   https://www.us-immigrationvisa.com/immigration/how-to-show-qualifying-work-experience-in-i-140-petition
//   and the quotation of (g)(2) in https://casetext.com/regulation/code-of-federal-regulations/title-8-aliens-and-nationality/chapter-i-department-of-homeland-security/subchapter-b-immigration-regulations/part-204-immigrant-petitions/subpart-a-immigrant-visa-petitions/2045-petitions-for-employment-based-immigrants/analysis
//   The rest of (g)(1) (on photocopies and originals) and the last sentence of (g)(2) (on additional
//   evidence) are left out until two copies of their words agree.
// - 8 CFR 103.2(b)(3): https://www.ecfr.gov/current/title-8/chapter-I/subchapter-B/part-103/subpart-A/section-103.2,
//   checked against https://l10n.org/article-8cfr-guide.html and
//   https://honeycutttranslations.com/resources/uscis-translation-requirements
//
// Policy and case-law passages are the product's own summaries (the USCIS Policy Manual, Vol. 6, Part F,
// Ch. 2, https://www.uscis.gov/policy-manual/volume-6-part-f-chapter-2, and Kazarian v. USCIS, 596 F.3d
// 1115 (9th Cir. 2010)), never quotations: an answer presents them as summaries. Practice passages are
// practitioners' experience, not law, and an answer says so.

import { CONTINUING_WORK, CRITERION_TEXT, INITIAL_EVIDENCE } from '../drafting/regulation.ts';

export type CorpusKind = 'regulation' | 'policy' | 'case-law' | 'practice';

export interface CorpusPassage {
  /** As an answer cites it in brackets. */
  readonly citation: string;
  readonly kind: CorpusKind;
  readonly text: string;
}

const POLICY_MANUAL = 'USCIS Policy Manual, Vol. 6, Part F, Ch. 2';
const KAZARIAN = 'Kazarian v. USCIS, 596 F.3d 1115 (9th Cir. 2010)';
const PRACTICE = 'Practice note (not law)';

const regulation = (citation: string, text: string): CorpusPassage => ({
  citation,
  kind: 'regulation',
  text,
});
const policy = (text: string): CorpusPassage => ({ citation: POLICY_MANUAL, kind: 'policy', text });
const kazarian = (text: string): CorpusPassage => ({ citation: KAZARIAN, kind: 'case-law', text });
const practice = (text: string): CorpusPassage => ({ citation: PRACTICE, kind: 'practice', text });

/** 8 CFR 204.5(g), (h) and 103.2(b)(3), word for word. */
export const REGULATION_PASSAGES: readonly CorpusPassage[] = [
  regulation(
    '8 CFR 204.5(g)(1)',
    "Evidence relating to qualifying experience or training shall be in the form of letter(s) from current or former employer(s) or trainer(s) and shall include the name, address, and title of the writer, and a specific description of the duties performed by the alien or of the training received. If such evidence is unavailable, other documentation relating to the alien's experience or training will be considered.",
  ),
  regulation(
    '8 CFR 204.5(g)(2)',
    "Ability of prospective employer to pay wage. Any petition filed by or for an employment-based immigrant which requires an offer of employment must be accompanied by evidence that the prospective United States employer has the ability to pay the proffered wage. The petitioner must demonstrate this ability at the time the priority date is established and continuing until the beneficiary obtains lawful permanent residence. Evidence of this ability shall be either in the form of copies of annual reports, federal tax returns, or audited financial statements. In a case where the prospective United States employer employs 100 or more workers, the director may accept a statement from a financial officer of the organization which establishes the prospective employer's ability to pay the proffered wage.",
  ),
  regulation(
    '8 CFR 204.5(h)(1)',
    'An alien, or any person on behalf of the alien, may file an I-140 visa petition for classification under section 203(b)(1)(A) of the Act as an alien of extraordinary ability in the sciences, arts, education, business, or athletics.',
  ),
  regulation(
    '8 CFR 204.5(h)(2)',
    'Definition. As used in this section: Extraordinary ability means a level of expertise indicating that the individual is one of that small percentage who have risen to the very top of the field of endeavor.',
  ),
  regulation(INITIAL_EVIDENCE.cite, `Initial evidence. ${INITIAL_EVIDENCE.text}`),
  ...Object.values(CRITERION_TEXT).map((passage) => regulation(passage.cite, passage.text)),
  regulation(
    '8 CFR 204.5(h)(4)',
    "If the above standards do not readily apply to the beneficiary's occupation, the petitioner may submit comparable evidence to establish the beneficiary's eligibility.",
  ),
  regulation(CONTINUING_WORK.cite, CONTINUING_WORK.text),
  regulation(
    '8 CFR 103.2(b)(3)',
    "Translations. Any document containing foreign language submitted to USCIS shall be accompanied by a full English language translation which the translator has certified as complete and accurate, and by the translator's certification that he or she is competent to translate from the foreign language into English.",
  ),
];

/** The two-step review and the per-criterion checks, in the product's own words. */
export const POLICY_PASSAGES: readonly CorpusPassage[] = [
  kazarian(
    'The court split the review of an extraordinary ability petition in two. First, the officer asks only whether the evidence objectively fits at least three of the criteria of 8 CFR 204.5(h)(3). Second, in a final merits determination, the officer weighs the whole record to decide whether the person has sustained national or international acclaim and is among the small percentage at the very top of the field.',
  ),
  kazarian(
    'An officer may not impose requirements that the regulation does not contain. Evidence that meets the terms of a criterion cannot be refused at the first step for lacking something the criterion does not ask for; how strong that evidence is belongs to the final merits determination.',
  ),
  policy(
    'Step one is decided by a preponderance of the evidence. Quality is weighed at this step only where the words of a criterion are themselves qualitative, such as "nationally recognized", "major significance" or "distinguished reputation". Judging, authorship of scholarly articles and display at artistic exhibitions are met by showing they happened, whatever their caliber; caliber is weighed at the final merits step.',
  ),
  policy(
    'A single item can meet a criterion even where the regulation speaks in the plural. The evidence does not need to use the word "extraordinary". The petitioner must explain the significance of each exhibit.',
  ),
  policy(
    'Final merits: the officer looks at the whole record, including evidence that fits no criterion, to decide whether acclaim is sustained and the person is at the top of the field. Signals that count in favour include publications in highly ranked venues (especially as lead, senior or sole author), citation counts or an h-index that are high for the field, work at highly ranked research institutions, unsolicited invitations to speak at recognized conferences, and being named on competitive government grants. Acclaim must be sustained, but there is no age limit, and a denial may not rest on the absence of one expected kind of evidence such as press coverage.',
  ),
  policy(
    'Comparable evidence under 8 CFR 204.5(h)(4) may be offered where a criterion does not readily apply to the occupation. Saying that a criterion does not apply is not enough: the petition must explain why it does not readily apply and why the evidence offered is of comparable significance.',
  ),
  policy(
    'Letters of support carry weight when they are specific and backed by documents. Letters that repeat the words of the regulation are weak. Independent experts who know the work by its reputation carry more weight than colleagues and collaborators.',
  ),
  policy(
    'Awards (criterion (i)): the officer checks that the person, not the employer, received the award (a team award counts when the person is named), what the award was given for, whether its recognition is national or international, how many people receive it and who could compete. Awards open only to people early in their careers can qualify. Local awards, awards internal to one employer, awards limited to one school, and awards outside the field do not meet the criterion; nor does proof that only the issuer recognizes the award.',
  ),
  policy(
    'Membership (criterion (ii)): the level of membership the person holds must have required outstanding achievement, judged by recognized experts, for example fellows elected by other fellows. Past membership counts. Membership granted for a degree, years of experience, a fee or a subscription does not, nor does union or guild membership needed to work.',
  ),
  policy(
    'Published material (criterion (iii)): the material must be about the person and their work; a broader article counts when it discusses their work substantially, and team coverage counts when the person is named. The outlet must be a professional or major trade publication or other major media, shown by its audience or circulation. Each item needs its title, date and author, and a certified translation if it is not in English. Articles about the employer, paid or marketing content, and items without circulation data are typical reasons for a request for evidence.',
  ),
  policy(
    'Judging (criterion (iv)): the record must prove the person actually judged, for example a request to review together with proof the review was done. Peer review of papers or abstracts, thesis committees, grant panels and competition juries can count. An invitation alone, with no proof the judging took place, does not.',
  ),
  policy(
    'Original contributions (criterion (v)): the contribution must be both original and of major significance in the field. Evidence includes wide commentary by others, citations high for the field, patents that were licensed or commercialized, adoption by others, and detailed expert letters that say how the writer knows the work. That work was funded, patented or published is not enough on its own, and pending patents and generic letters carry little weight.',
  ),
  policy(
    'Scholarly articles (criterion (vi)): the articles must be scholarly (peer reviewed, with citations, written for learned readers); conference proceedings count. This criterion rarely fails at step one; the impact of the articles is weighed at the final merits step.',
  ),
  policy(
    "Artistic exhibitions (criterion (vii)): the person's own work must have been displayed at an artistic exhibition or showcase; virtual venues count. Showings that are not artistic, such as scientific talks or trade shows, can only be offered as comparable evidence.",
  ),
  policy(
    'Leading or critical role (criterion (viii)): a leading role is shown by a title together with matching duties; a critical role by a contribution of significant importance to the outcome, even from a supporting position. A division of an organization can qualify. The distinguished reputation of the organization must be documented, for example by rankings, media coverage, customers, grants or funding.',
  ),
  policy(
    'High remuneration (criterion (ix)): past pay or a credible offer is compared with data for the same position and location, such as BLS or CareerOneStop figures or specific salary surveys, in the local currency. Comparing with too broad an occupation, relying on unreliable self-reported surveys, or converting foreign pay to US dollars weakens the evidence.',
  ),
  policy(
    'Commercial success (criterion (x)) applies only to the performing arts: box office receipts or sales of recordings or videos, compared with peers. Showing only that a work was released or performed is not enough.',
  ),
  policy(
    "Continuing work in the United States (8 CFR 204.5(h)(5)): no employer, job offer or labor certification is needed, and the person may file for themself, but the petition must show clearly that the person will continue working in the same area, for example with offer letters, contracts or the person's own detailed statement of plans.",
  ),
  policy(
    'Translations (8 CFR 103.2(b)(3)): every document in a foreign language needs a full English translation, certified as complete and accurate by a translator who also certifies their competence. A summary is not enough, and an uncertified translation is given no weight.',
  ),
  practice(
    "Pay-to-enter business awards, where most entrants win something and the award is known mainly from its issuer's own material, have been treated by officers as a warning sign since 2025.",
  ),
  practice(
    "Copying a sample petition letter word for word is known to draw requests for evidence; the brief should be built from the case's own facts, with each fact citing its exhibit.",
  ),
];

/** The whole corpus in the order it is loaded (the order is part of its content hash). */
export const CORPUS: readonly CorpusPassage[] = [...REGULATION_PASSAGES, ...POLICY_PASSAGES];
