// Ready-made EB-1A evidence and petitions for tests: valid by construction.
import type { CaseProfile, OverallAssessment } from '../../core/eb1a/analysis.ts';
import type { CriterionId } from '../../core/eb1a/criteria.ts';
import type { Evidence, EvidenceOf, FieldsByCriterion, SupportLetter } from '../../core/eb1a/evidence.ts';

/**
 * Per criterion, an exhibit that meets it at step 1 with nothing missing: tests flip one fact at a time
 * from here to show exactly which fact decides the verdict.
 */
const QUALIFYING_FIELDS: { readonly [C in CriterionId]: FieldsByCriterion[C] } = {
  awards: {
    name: 'MICCAI Young Scientist Award',
    issuer: 'MICCAI Society',
    year: 2021,
    scope: 'international',
    awardeeCount: 3,
    selectionCriteria: 'Best first-authored paper at MICCAI, chosen by the international program committee',
    recognitionDocumented: true,
    recipientIsPerson: true,
    inField: true,
  },
  membership: {
    association: 'American Institute for Medical and Biological Engineering',
    level: 'Fellow',
    admissionBasis: 'outstanding_achievement',
    judgedByRecognizedExperts: true,
    admissionRulesDocumented: true,
    sinceYear: 2023,
  },
  published_material: {
    outlet: 'Nature',
    headline: 'The radiologist’s new assistant',
    publicationDate: '14 March 2022',
    author: 'Jane Doe',
    outletType: 'major_media',
    circulation: 3_000_000,
    subject: 'about_person',
    paidOrMarketing: false,
  },
  judging: {
    venue: 'IEEE Transactions on Medical Imaging',
    kind: 'peer_review',
    proof: 'completed',
    sameOrAlliedField: true,
    reviewCount: 24,
    year: 2023,
  },
  original_contributions: {
    description: 'A self-supervised segmentation method for low-dose CT',
    year: 2019,
    citations: 850,
    fieldCitationBenchmark: 400,
    patentStatus: 'licensed_or_commercialized',
    adoptedByOthers: true,
  },
  scholarly_articles: {
    articleTitle: 'Self-supervised segmentation of low-dose CT',
    venue: 'Medical Image Analysis',
    year: 2019,
    publicationType: 'journal',
    peerReviewed: true,
    authorRole: 'lead',
    citations: 850,
    venueRanking: 'top',
  },
  exhibitions: {
    venue: 'Tate Modern, London',
    exhibitionName: 'Future Bodies',
    venueKind: 'artistic',
    ownWork: true,
    year: 2022,
    juried: true,
  },
  leading_role: {
    organization: 'Mayo Clinic, Department of Radiology',
    jobTitle: 'Head of Imaging AI',
    duties:
      'Leads a team of 12 scientists; sets the research agenda; owns the clinical deployment of imaging models',
    roleKind: 'leading',
    reputationEvidence: 'rankings',
    distinguishedFromColleagues: true,
    startYear: 2021,
  },
  high_salary: {
    amount: 310_000,
    currency: 'USD',
    period: 'year',
    comparedInLocalCurrency: true,
    comparisonSource: 'government',
    occupationMatch: 'exact',
    locationMatch: true,
    percentile: 95,
    year: 2024,
  },
  commercial_success: {
    work: 'Album “Northern Lights”',
    performingArts: true,
    salesFigures: '1.2 million copies sold, RIAA platinum',
    comparedWithPeers: true,
    year: 2020,
  },
};

const QUALIFYING_TITLES: Readonly<Record<CriterionId, string>> = {
  awards: 'MICCAI Young Scientist Award certificate and award criteria',
  membership: 'AIMBE Fellow election letter and bylaws',
  published_material: 'Nature article about the client',
  judging: 'Reviewer record, IEEE Transactions on Medical Imaging',
  original_contributions: 'Citation report and license agreement for the segmentation method',
  scholarly_articles: 'Article in Medical Image Analysis',
  exhibitions: 'Tate Modern exhibition catalogue',
  leading_role: 'Appointment letter, Head of Imaging AI',
  high_salary: 'Pay statement and BLS OEWS comparison',
  commercial_success: 'RIAA certification and sales report',
};

export interface EvidenceOverrides<C extends CriterionId> {
  id?: string;
  exhibitNumber?: number;
  title?: string;
  fields?: Partial<FieldsByCriterion[C]>;
  letter?: SupportLetter;
  language?: string;
  certifiedTranslation?: boolean;
  createdAt?: Date;
}

/** An exhibit that meets `criterion`, with `overrides` applied (fields are merged, the rest replaced). */
export function evidenceFactory<C extends CriterionId>(
  criterion: C,
  overrides: EvidenceOverrides<C> = {},
): EvidenceOf<C> {
  const { fields, ...rest } = overrides;
  const exhibitNumber = rest.exhibitNumber ?? 1;
  return {
    id: `exhibit-${String(exhibitNumber)}`,
    exhibitNumber,
    title: QUALIFYING_TITLES[criterion],
    ...rest,
    criterion,
    fields: { ...QUALIFYING_FIELDS[criterion], ...fields },
  };
}

/** A complete, specific letter from an independent expert; override to break it. */
export function letterFactory(overrides: Partial<SupportLetter> = {}): SupportLetter {
  return {
    letterKind: 'expert_opinion',
    writerName: 'Prof. Alan Reyes',
    writerTitle: 'Professor of Radiology, Stanford University',
    writerAddress: '300 Pasteur Drive, Stanford, CA 94305',
    independent: true,
    howWriterKnowsWork: 'His lab adopted the method in 2020; he has never worked with the client',
    specificDescription: 'The method cut segmentation errors on low-dose CT by 30% across three hospitals',
    ...overrides,
  };
}

/** Exhibits numbered 1..n in the given order, with matching ids, as they go into the exhibit index. */
export function numberExhibits(items: readonly Evidence[]): Evidence[] {
  return items.map((item, index) => ({
    ...item,
    id: `exhibit-${String(index + 1)}`,
    exhibitNumber: index + 1,
  }));
}

export interface PetitionFixture {
  profile: CaseProfile;
  evidence: Evidence[];
  /** What analyzeCase must conclude for this record. */
  expected: { overall: OverallAssessment; criteriaMet: CriterionId[] };
}

/** A well-cited imaging researcher with an international award, judging, articles, press and US job offer. */
export function strongPetition(): PetitionFixture {
  const evidence = numberExhibits([
    evidenceFactory('awards'),
    evidenceFactory('judging'),
    evidenceFactory('judging', {
      title: 'NIH study section roster and reviewer confirmation',
      fields: {
        venue: 'NIH Biomedical Imaging study section',
        kind: 'grant_panel',
        reviewCount: 9,
        year: 2024,
      },
    }),
    evidenceFactory('scholarly_articles'),
    evidenceFactory('scholarly_articles', {
      title: 'Article in IEEE Transactions on Medical Imaging',
      fields: {
        articleTitle: 'Uncertainty-aware lesion detection',
        venue: 'IEEE Transactions on Medical Imaging',
        year: 2016,
        authorRole: 'senior',
        citations: 240,
      },
    }),
    evidenceFactory('published_material'),
    evidenceFactory('original_contributions'),
    evidenceFactory('original_contributions', {
      title: 'Letter from Prof. Alan Reyes, Stanford University',
      fields: {
        description: 'A self-supervised segmentation method for low-dose CT, as adopted in the writer’s lab',
        year: 2020,
        citations: undefined,
        fieldCitationBenchmark: undefined,
        patentStatus: undefined,
        adoptedByOthers: undefined,
      },
      letter: letterFactory(),
    }),
    evidenceFactory('leading_role'),
  ]);
  return {
    profile: {
      clientName: 'Dr. Maya Chen',
      field: 'machine learning for medical imaging',
      citizenship: 'Canada',
      currentStatus: 'H-1B',
      highestDegree: 'PhD in Biomedical Engineering, University of Toronto, 2016',
      currentPosition: 'Head of Imaging AI, Mayo Clinic',
      firstYearInField: 2014,
      topRankedInstitution: true,
      competitiveGrants: 'NIH R01 EB031234 (co-investigator)',
      totalCitations: 2_100,
      hIndex: 19,
      invitedTalks: 6,
      usPlans:
        'Continue leading imaging AI research at Mayo Clinic and bring the method into routine clinical use.',
      usPlanEvidence: 'job_offer',
    },
    evidence,
    expected: {
      overall: 'strong',
      criteriaMet: [
        'awards',
        'published_material',
        'judging',
        'original_contributions',
        'scholarly_articles',
        'leading_role',
      ],
    },
  };
}

/**
 * A record built from the step-1 traps: an employer-internal award, a pay-to-join membership, an
 * invitation to review with no proof, an article about the employer and a salary converted to USD.
 * Only the one co-authored article meets its criterion.
 */
export function weakPetition(): PetitionFixture {
  const evidence = numberExhibits([
    evidenceFactory('awards', {
      title: 'Employee of the Year certificate',
      fields: {
        name: 'Employee of the Year',
        issuer: 'Acme Software Ltd.',
        scope: 'employer',
        recognitionDocumented: false,
        selectionCriteria: undefined,
        awardeeCount: undefined,
      },
    }),
    evidenceFactory('membership', {
      title: 'Membership card, Software Engineers Association',
      fields: {
        association: 'Software Engineers Association',
        level: 'Member',
        admissionBasis: 'fee',
        judgedByRecognizedExperts: false,
        admissionRulesDocumented: true,
      },
    }),
    evidenceFactory('judging', {
      title: 'Invitation to review, Journal of Software Practice',
      fields: { venue: 'Journal of Software Practice', proof: 'invitation_only', reviewCount: undefined },
    }),
    evidenceFactory('published_material', {
      title: 'TechCrunch article on Acme’s funding round',
      fields: { outlet: 'TechCrunch', subject: 'about_employer', outletType: 'major_media' },
    }),
    evidenceFactory('high_salary', {
      title: 'Salary slip converted to USD, compared with BLS data',
      fields: { amount: 4_500_000, currency: 'INR', comparedInLocalCurrency: false, percentile: 92 },
    }),
    evidenceFactory('scholarly_articles', {
      title: 'Conference paper, co-authored',
      fields: {
        articleTitle: 'Refactoring microservices at scale',
        venue: 'Proceedings of ICSE-SEIP',
        publicationType: 'conference_proceedings',
        authorRole: 'co_author',
        citations: 4,
        venueRanking: 'ranked',
        year: 2022,
      },
    }),
  ]);
  return {
    profile: {
      clientName: 'Ravi Kumar',
      field: 'software engineering',
      citizenship: 'India',
      firstYearInField: 2016,
      usPlans: 'Work in software.',
      usPlanEvidence: 'brief_statement',
    },
    evidence,
    expected: { overall: 'insufficient', criteriaMet: ['scholarly_articles'] },
  };
}
