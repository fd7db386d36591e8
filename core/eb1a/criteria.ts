// The ten EB-1A criteria of 8 CFR 204.5(h)(3) as data: what each requires, what an officer checks, what draws an RFE.
import type { FindingCode } from './analysis/findings.ts';

export const CRITERION_IDS = [
  'awards',
  'membership',
  'published_material',
  'judging',
  'original_contributions',
  'scholarly_articles',
  'exhibitions',
  'leading_role',
  'high_salary',
  'commercial_success',
] as const;

export type CriterionId = (typeof CRITERION_IDS)[number];

/** How many criteria the regulation requires when there is no one-time achievement (8 CFR 204.5(h)(3)). */
export const CRITERIA_NEEDED = 3;

export interface Criterion {
  readonly id: CriterionId;
  /** Roman numeral of the paragraph, e.g. "iii". */
  readonly paragraph: string;
  /** e.g. "8 CFR 204.5(h)(3)(i)". */
  readonly cite: string;
  readonly shortName: string;
  /** The regulation's requirement in plain words. */
  readonly requirement: string;
  /** The words an officer reads closely; analysis reasons quote them. */
  readonly keyTerms: readonly string[];
  readonly officerChecks: readonly string[];
  /**
   * What draws an RFE under the criterion, as the findings the analysis raises for it (each worded once, in
   * the analysis messages); the rule tables raise no other RFE risk under this criterion.
   */
  readonly rfeTriggers: readonly FindingCode[];
  /**
   * Kazarian step 1: judging, scholarly articles and artistic display are met by their existence;
   * their caliber is weighed only in the final merits.
   */
  readonly metByExistence: boolean;
}

function cite(paragraph: string): string {
  return `8 CFR 204.5(h)(3)(${paragraph})`;
}

export const CRITERIA: Readonly<Record<CriterionId, Criterion>> = {
  awards: {
    id: 'awards',
    paragraph: 'i',
    cite: cite('i'),
    shortName: 'Awards',
    requirement:
      'Receipt of lesser nationally or internationally recognized prizes or awards for excellence in the field of endeavor.',
    keyTerms: ['nationally or internationally recognized', 'prizes or awards', 'for excellence in the field'],
    officerChecks: [
      'The person, not the employer, received it (a team award counts if the person is named).',
      'The award criteria, its national or international scope, the number of awardees and who could compete.',
      'That the award itself is recognized, not only its issuer.',
      'Awards limited to early-career people can qualify (USCIS Policy Manual, Oct 2024).',
    ],
    rfeTriggers: [
      'award.narrow_scope.rfe',
      'award.not_to_person.rfe',
      'award.recognition_undocumented.rfe',
      'award.many_awardees.rfe',
    ],
    metByExistence: false,
  },
  membership: {
    id: 'membership',
    paragraph: 'ii',
    cite: cite('ii'),
    shortName: 'Membership',
    requirement:
      'Membership in associations in the field which require outstanding achievements of their members, as judged by recognized national or international experts.',
    keyTerms: ['require outstanding achievements', 'judged by recognized national or international experts'],
    officerChecks: [
      'The level of membership held required outstanding achievement (e.g. a fellow elected by fellows).',
      'Admission is judged by recognized national or international experts.',
      'Past membership counts.',
    ],
    rfeTriggers: ['membership.admission_basis.rfe'],
    metByExistence: false,
  },
  published_material: {
    id: 'published_material',
    paragraph: 'iii',
    cite: cite('iii'),
    shortName: 'Published material about the person',
    requirement:
      'Published material about the person in professional or major trade publications or other major media, relating to their work in the field; it must include the title, date and author.',
    keyTerms: [
      'about the person',
      'professional or major trade publications or other major media',
      'title, date and author',
    ],
    officerChecks: [
      'The piece is about the person (a broader piece counts if it discusses their work substantially; team coverage if named).',
      'The outlet is a professional, major trade or major media publication (audience, circulation).',
      'Title, date and author appear on the exhibit; a certified translation if needed.',
    ],
    rfeTriggers: ['published.not_about_person.rfe', 'published.paid.rfe', 'published.no_circulation.rfe'],
    metByExistence: false,
  },
  judging: {
    id: 'judging',
    paragraph: 'iv',
    cite: cite('iv'),
    shortName: 'Judging',
    requirement:
      'Participation, alone or on a panel, as a judge of the work of others in the same or an allied field.',
    keyTerms: ['participation', 'judge of the work of others', 'same or an allied field'],
    officerChecks: [
      'Proof of actual participation: the review request and proof the review was done.',
      'Abstract review, thesis committees, grant panels and competition juries count.',
    ],
    rfeTriggers: ['judging.invitation_only.rfe'],
    metByExistence: true,
  },
  original_contributions: {
    id: 'original_contributions',
    paragraph: 'v',
    cite: cite('v'),
    shortName: 'Original contributions',
    requirement:
      'Original scientific, scholarly, artistic, athletic or business-related contributions of major significance in the field.',
    keyTerms: ['original', 'of major significance in the field'],
    officerChecks: [
      'The contribution is original and of major significance: widespread commentary, citations high for the field, patents licensed or commercialized, adoption by others.',
      'Detailed expert letters that say how the writer knows the work, corroborated by documents.',
    ],
    rfeTriggers: [
      'contribution.pending_patent.rfe',
      'contribution.granted_patent.rfe',
      'contribution.collaborator_letter.rfe',
      'contribution.letter_how_known.rfe',
    ],
    metByExistence: false,
  },
  scholarly_articles: {
    id: 'scholarly_articles',
    paragraph: 'vi',
    cite: cite('vi'),
    shortName: 'Scholarly articles',
    requirement:
      'Authorship of scholarly articles in the field, in professional or major trade publications or other major media.',
    keyTerms: [
      'authorship',
      'scholarly articles',
      'professional or major trade publications or other major media',
    ],
    officerChecks: [
      'The article is scholarly: peer-reviewed, with citations, written for learned readers.',
      'Conference proceedings count.',
    ],
    rfeTriggers: ['article.not_peer_reviewed.rfe'],
    metByExistence: true,
  },
  exhibitions: {
    id: 'exhibitions',
    paragraph: 'vii',
    cite: cite('vii'),
    shortName: 'Artistic exhibitions',
    requirement: 'Display of the person’s work in the field at artistic exhibitions or showcases.',
    keyTerms: ['display of the person’s work', 'artistic exhibitions or showcases'],
    officerChecks: ['The person’s own work was shown at an artistic venue (virtual venues count).'],
    rfeTriggers: ['exhibition.not_artistic.rfe'],
    metByExistence: true,
  },
  leading_role: {
    id: 'leading_role',
    paragraph: 'viii',
    cite: cite('viii'),
    shortName: 'Leading or critical role',
    requirement:
      'Performance in a leading or critical role for organizations or establishments that have a distinguished reputation.',
    keyTerms: ['leading or critical role', 'distinguished reputation'],
    officerChecks: [
      'Leading: a title with matching duties. Critical: a contribution of significant importance to outcomes, even in a supporting role; a division can qualify.',
      'Distinguished reputation shown by rankings, media, customers, grants or funding.',
    ],
    rfeTriggers: ['leading.reputation_asserted.rfe', 'leading.not_distinguished.rfe'],
    metByExistence: false,
  },
  high_salary: {
    id: 'high_salary',
    paragraph: 'ix',
    cite: cite('ix'),
    shortName: 'High remuneration',
    requirement:
      'A high salary or other significantly high remuneration for services, in relation to others in the field.',
    keyTerms: ['high salary or other significantly high remuneration', 'in relation to others in the field'],
    officerChecks: [
      'Past pay or a credible offer, compared with data for the same position and location.',
      'Reliable sources (BLS, CareerOneStop, specific surveys), compared in the local currency.',
    ],
    rfeTriggers: ['salary.converted_currency.rfe', 'salary.below_90th.rfe'],
    metByExistence: false,
  },
  commercial_success: {
    id: 'commercial_success',
    paragraph: 'x',
    cite: cite('x'),
    shortName: 'Commercial success',
    requirement:
      'Commercial successes in the performing arts, shown by box office receipts or record, cassette, compact disk or video sales.',
    keyTerms: ['commercial successes', 'in the performing arts', 'box office receipts or sales'],
    officerChecks: ['Sales or box office receipts relative to peers, in the performing arts only.'],
    rfeTriggers: ['commercial.no_sales.rfe'],
    metByExistence: false,
  },
};

export function isCriterionId(value: string): value is CriterionId {
  return (CRITERION_IDS as readonly string[]).includes(value);
}

/** "(iii) Published material about the person", the label a lawyer recognizes from the regulation. */
export function criterionLabel(id: CriterionId): string {
  const criterion = CRITERIA[id];
  return `(${criterion.paragraph}) ${criterion.shortName}`;
}
