// The guided intake: order and navigation, progress, the profile and the evidence candidates its answers yield.
import { describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../../core/eb1a/criteria.ts';
import { EVIDENCE_FIELD_SCHEMAS } from '../../../core/eb1a/evidence.ts';
import { evidenceFactory } from '../../support/factories.ts';
import {
  INTAKE_BLOCKS,
  INTAKE_QUESTIONS,
  answerToEvidenceCandidates,
  answersToProfile,
  firstQuestion,
  isIntakeQuestionId,
  isNoneAnswer,
  lastQuestion,
  nextQuestionId,
  previousQuestionId,
  progressOf,
  questionById,
  totalQuestions,
} from '../../../core/eb1a/intake-questions.ts';
import type { EvidenceCandidate } from '../../../core/eb1a/intake-questions.ts';

describe('the questionnaire', () => {
  it('has between 25 and 40 questions with unique ids', () => {
    expect(totalQuestions).toBe(INTAKE_QUESTIONS.length);
    expect(totalQuestions).toBeGreaterThanOrEqual(25);
    expect(totalQuestions).toBeLessThanOrEqual(40);
    expect(new Set(INTAKE_QUESTIONS.map((question) => question.id)).size).toBe(totalQuestions);
  });

  it('has a block per criterion plus background, education, career, US plans and recommenders, each asked', () => {
    const blocks = INTAKE_BLOCKS.map((block) => block.id);
    expect(blocks).toEqual(
      expect.arrayContaining([
        ...CRITERION_IDS,
        'background',
        'education',
        'career',
        'us_plans',
        'recommenders',
      ]),
    );
    for (const block of blocks) {
      expect(
        INTAKE_QUESTIONS.some((question) => question.block === block),
        block,
      ).toBe(true);
    }
  });

  it('asks the questions block by block, never returning to a block', () => {
    const order = INTAKE_QUESTIONS.map((question) => question.block).filter(
      (block, index, all) => index === 0 || all[index - 1] !== block,
    );
    expect(order).toEqual(INTAKE_BLOCKS.map((block) => block.id));
  });

  it('gives choice questions their options', () => {
    for (const question of INTAKE_QUESTIONS) {
      if (question.kind === 'choice') expect(questionById(question.id)?.options?.length).toBeGreaterThan(1);
    }
  });
});

describe('navigation', () => {
  it('starts with the client’s name and ends with the recommenders', () => {
    expect(firstQuestion().id).toBe('background.client_name');
    expect(lastQuestion().block).toBe('recommenders');
    expect(previousQuestionId(firstQuestion().id)).toBeNull();
    expect(nextQuestionId(lastQuestion().id)).toBeNull();
  });

  it('visits every question exactly once going forward, and retraces the same path backward', () => {
    const forward: string[] = [];
    for (let id: string | null = firstQuestion().id; id !== null; id = nextQuestionId(id)) forward.push(id);
    expect(forward).toEqual(INTAKE_QUESTIONS.map((question) => question.id));

    const backward: string[] = [];
    for (let id: string | null = lastQuestion().id; id !== null; id = previousQuestionId(id))
      backward.push(id);
    expect(backward).toEqual([...forward].reverse());
  });

  it('refuses an id that is not in the questionnaire instead of guessing', () => {
    expect(isIntakeQuestionId('career.first_year')).toBe(true);
    expect(isIntakeQuestionId('career.shoe_size')).toBe(false);
    expect(questionById('career.shoe_size')).toBeUndefined();
    expect(() => nextQuestionId('career.shoe_size')).toThrow(RangeError);
    expect(() => previousQuestionId('career.shoe_size')).toThrow(RangeError);
    expect(() => progressOf('career.shoe_size')).toThrow(RangeError);
  });

  it('reports progress with the position, the total and the block', () => {
    const position = INTAKE_QUESTIONS.findIndex((question) => question.id === 'career.current_position') + 1;
    expect(progressOf('career.current_position')).toEqual({
      position,
      total: totalQuestions,
      block: 'career',
    });
    expect(progressOf(firstQuestion().id).position).toBe(1);
    expect(progressOf(lastQuestion().id).position).toBe(totalQuestions);
  });
});

describe('answersToProfile', () => {
  it('maps answers to the case profile with typed values', () => {
    const profile = answersToProfile({
      'background.client_name': '  Maya Chen ',
      'background.field': 'machine learning for medical imaging',
      'career.first_year': '2014',
      'career.top_institution': 'yes',
      'career.grants': 'NIH R01 EB031234, co-investigator',
      'career.invited_talks': '6',
      'original_contributions.citations': '2,100',
      'original_contributions.h_index': '19',
      'scholarly_articles.count': '42',
      'us_plans.plans': 'Lead imaging AI research at Mayo Clinic.',
      'us_plans.evidence': 'job_offer',
      'recommenders.independent': 'Prof. Alan Reyes, Stanford',
    });
    expect(profile).toEqual({
      clientName: 'Maya Chen',
      field: 'machine learning for medical imaging',
      firstYearInField: 2014,
      topRankedInstitution: true,
      competitiveGrants: 'NIH R01 EB031234, co-investigator',
      invitedTalks: 6,
      totalCitations: 2100,
      hIndex: 19,
      articleCount: 42,
      usPlans: 'Lead imaging AI research at Mayo Clinic.',
      usPlanEvidence: 'job_offer',
      independentRecommenders: 'Prof. Alan Reyes, Stanford',
    });
  });

  it('leaves out unanswered, “none” and unreadable answers rather than inventing values', () => {
    const profile = answersToProfile({
      'career.grants': 'none',
      'career.first_year': 'a long time ago',
      'career.top_institution': 'not sure',
      'us_plans.evidence': 'a letter from my aunt',
      'original_contributions.citations': 'many',
    });
    expect(profile).toEqual({});
  });

  it('reads the US-plan evidence by its position in the list too', () => {
    expect(answersToProfile({ 'us_plans.evidence': '3' }).usPlanEvidence).toBe('detailed_statement');
  });
});

/** A candidate's partial fields, laid over a complete exhibit, must still be valid: right keys, right types. */
function expectValidFields(candidate: EvidenceCandidate): void {
  const complete = { ...evidenceFactory(candidate.criterion).fields, ...candidate.fields };
  expect(EVIDENCE_FIELD_SCHEMAS[candidate.criterion].safeParse(complete).success).toBe(true);
}

describe('answerToEvidenceCandidates', () => {
  it('makes one award candidate per listed line and reads year and scope', () => {
    const candidates = answerToEvidenceCandidates(
      'awards.list',
      '- Best Paper Award, MICCAI, 2021, international\n- Employee of the Year, Acme (company internal), 2020\n',
    );
    expect(candidates).toEqual([
      {
        criterion: 'awards',
        title: 'Best Paper Award, MICCAI, 2021, international',
        fields: { name: 'Best Paper Award', year: 2021, scope: 'international' },
        sourceQuestionId: 'awards.list',
      },
      {
        criterion: 'awards',
        title: 'Employee of the Year, Acme (company internal), 2020',
        fields: { name: 'Employee of the Year', year: 2020, scope: 'employer' },
        sourceQuestionId: 'awards.list',
      },
    ]);
    candidates.forEach(expectValidFields);
  });

  it('flags a named major award as a one-time achievement candidate, and ignores a plain “no”', () => {
    const [candidate] = answerToEvidenceCandidates('awards.major', 'Yes, Olympic gold medal, 2016');
    expect(candidate).toMatchObject({
      criterion: 'awards',
      fields: { name: 'Olympic gold medal', year: 2016, majorInternationalAward: true },
    });
    expect(answerToEvidenceCandidates('awards.major', 'No')).toEqual([]);
    expect(answerToEvidenceCandidates('awards.major', 'yes')).toEqual([]);
  });

  it('reads judging kind, review count and the latest year', () => {
    const candidates = answerToEvidenceCandidates(
      'judging.list',
      'IEEE TMI, 24 reviews, 2019-2023\nNIH study section, 2024\nPhD thesis committee, MIT, 2022',
    );
    expect(candidates.map((candidate) => candidate.fields)).toEqual([
      { venue: 'IEEE TMI', kind: 'peer_review', reviewCount: 24, year: 2023 },
      { venue: 'NIH study section', kind: 'grant_panel', year: 2024 },
      { venue: 'PhD thesis committee', kind: 'thesis_committee', year: 2022 },
    ]);
    candidates.forEach(expectValidFields);
  });

  it('reads outlet, quoted title, date and byline of press items', () => {
    const [candidate] = answerToEvidenceCandidates(
      'published_material.list',
      'Forbes, “The radiologist’s new assistant”, 14 March 2022, by Jane Doe',
    );
    expect(candidate?.fields).toEqual({
      outlet: 'Forbes',
      headline: 'The radiologist’s new assistant',
      publicationDate: '14 March 2022',
      author: 'Jane Doe',
    });
    if (candidate) expectValidFields(candidate);
  });

  it('reads patent status, treating pending patents as pending', () => {
    const candidates = answerToEvidenceCandidates(
      'original_contributions.patents',
      'US 10,123,456 licensed to Siemens\nUS application 17/555,000 pending',
    );
    expect(candidates.map((candidate) => candidate.fields)).toMatchObject([
      { patentStatus: 'licensed_or_commercialized' },
      { patentStatus: 'pending' },
    ]);
  });

  it('reads article title, venue, year and author position', () => {
    const [candidate] = answerToEvidenceCandidates(
      'scholarly_articles.top',
      'Self-supervised segmentation of low-dose CT, Medical Image Analysis, 2019, first author',
    );
    expect(candidate?.fields).toEqual({
      articleTitle: 'Self-supervised segmentation of low-dose CT',
      venue: 'Medical Image Analysis',
      year: 2019,
      authorRole: 'lead',
    });
  });

  it('reads organization, title and years of a role', () => {
    const [candidate] = answerToEvidenceCandidates(
      'leading_role.list',
      'Mayo Clinic, Head of Imaging AI, 2021-2024, leads 12 scientists',
    );
    expect(candidate?.fields).toEqual({
      organization: 'Mayo Clinic',
      jobTitle: 'Head of Imaging AI',
      startYear: 2021,
      endYear: 2024,
    });
    if (candidate) expectValidFields(candidate);
  });

  it('reads pay and currency from a code or a symbol', () => {
    expect(answerToEvidenceCandidates('high_salary.amount', 'USD 310,000, United States')[0]?.fields).toEqual(
      {
        amount: 310000,
        currency: 'USD',
        period: 'year',
      },
    );
    expect(answerToEvidenceCandidates('high_salary.amount', '₹4,500,000 in 2024, India')[0]?.fields).toEqual({
      amount: 4500000,
      currency: 'INR',
      period: 'year',
    });
  });

  it('keeps sales figures only when they are figures', () => {
    const candidates = answerToEvidenceCandidates(
      'commercial_success.list',
      'Northern Lights (album), 1.2 million copies, platinum\nSpring tour, sold well',
    );
    expect(candidates.map((candidate) => candidate.fields)).toEqual([
      { work: 'Northern Lights (album)', salesFigures: '1.2 million copies, platinum' },
      { work: 'Spring tour' },
    ]);
  });

  it('yields nothing for “none”, for blank answers and for questions that list no evidence', () => {
    expect(answerToEvidenceCandidates('awards.list', 'none')).toEqual([]);
    expect(answerToEvidenceCandidates('exhibitions.list', '  N/A ')).toEqual([]);
    expect(answerToEvidenceCandidates('membership.list', '\n\n')).toEqual([]);
    expect(answerToEvidenceCandidates('background.client_name', 'Maya Chen')).toEqual([]);
    expect(isNoneAnswer('Not applicable.')).toBe(true);
    expect(isNoneAnswer('Nonesuch Prize')).toBe(false);
  });

  it('keeps an item whole at its commas and a range of years as a range: lists are one item per line', () => {
    const [academy, ...rest] = answerToEvidenceCandidates(
      'membership.list',
      'National Academy of Sciences, elected by peers, 2021-2024',
    );
    expect(rest).toEqual([]);
    expect(academy).toMatchObject({
      title: 'National Academy of Sciences, elected by peers, 2021-2024',
      fields: { association: 'National Academy of Sciences, elected by peers', sinceYear: 2021 },
    });
    const roles = answerToEvidenceCandidates(
      'leading_role.list',
      'Mayo Clinic, Head of Imaging AI; chair of the AI board, 2021-2024',
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]?.title).toBe('Mayo Clinic, Head of Imaging AI; chair of the AI board, 2021-2024');
    expect(roles[0]?.fields).toMatchObject({ startYear: 2021, endYear: 2024 });
  });

  it('marks pay-to-join memberships as such, and leaves a qualifying basis for the lawyer to prove', () => {
    const candidates = answerToEvidenceCandidates(
      'membership.list',
      'IEEE, Fellow, 2022\nProject Management Institute, Member, annual fee, 2018',
    );
    expect(candidates.map((candidate) => candidate.fields)).toEqual([
      { association: 'IEEE', level: 'Fellow', sinceYear: 2022 },
      {
        association: 'Project Management Institute',
        level: 'Member',
        sinceYear: 2018,
        admissionBasis: 'fee',
      },
    ]);
  });
});
