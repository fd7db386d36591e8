// Step 1 per criterion: what meets it, and the traps that must never be called met, as finding codes.
import { describe, expect, it } from 'vitest';
import { analyzeCase } from '../../../core/eb1a/analysis.ts';
import type {
  CriterionAssessment,
  FindingCode,
  FindingParams,
  Verdict,
} from '../../../core/eb1a/analysis.ts';
import type { CriterionId } from '../../../core/eb1a/criteria.ts';
import type { Evidence, FieldsByCriterion, SupportLetter } from '../../../core/eb1a/evidence.ts';
import { evidenceFactory, letterFactory, numberExhibits } from '../../support/factories.ts';

function assess(criterion: CriterionId, evidence: readonly Evidence[]): CriterionAssessment {
  const found = analyzeCase({ evidence }).criteria.find((assessment) => assessment.criterion === criterion);
  if (!found) throw new Error(`no assessment for ${criterion}`);
  return found;
}

interface Row<C extends CriterionId> {
  name: string;
  fields: Partial<FieldsByCriterion[C]>;
  letter?: SupportLetter;
  verdict: Exclude<Verdict, 'not_claimed'>;
  /** A finding the reasons or missing steps must hold, so the lawyer learns why. */
  explains?: FindingCode;
  /** Parameters that finding must carry. */
  params?: FindingParams;
  /** The exhibit cannot count under the criterion whatever is added: it must be left out. */
  excluded?: true;
}

function criterionTable<C extends CriterionId>(criterion: C, rows: readonly Row<C>[]): void {
  describe(criterion, () => {
    const positives = rows.filter((row) => row.verdict === 'met');
    const traps = rows.filter((row) => row.verdict !== 'met');
    it('has at least three positive and three trap cases', () => {
      expect(positives.length).toBeGreaterThanOrEqual(3);
      expect(traps.length).toBeGreaterThanOrEqual(3);
    });
    it.each(rows)('$name → $verdict', (row) => {
      const exhibit = evidenceFactory(criterion, {
        exhibitNumber: 4,
        fields: row.fields,
        ...(row.letter ? { letter: row.letter } : {}),
      });
      // Inside a generic table TypeScript cannot see that EvidenceOf<C> is one member of Evidence.
      const analysis = analyzeCase({ evidence: [exhibit as Evidence] });
      const assessment = analysis.criteria.find((candidate) => candidate.criterion === criterion);
      if (!assessment) throw new Error(`no assessment for ${criterion}`);
      expect(assessment.verdict).toBe(row.verdict);
      expect(assessment.exhibitNumbers).toEqual([4]);
      expect(assessment.reasons.length).toBeGreaterThan(0);
      for (const reason of assessment.reasons) expect(reason.exhibits).toContain(4);
      if (row.explains) {
        const said = [...assessment.reasons, ...assessment.missing].filter(
          (item) => item.code === row.explains,
        );
        expect(said.length, row.explains).toBeGreaterThan(0);
        if (row.params) expect(said[0]?.params).toMatchObject(row.params);
      }
      if (row.verdict === 'met') expect(assessment.missing).toEqual([]);
      else expect(assessment.missing.length).toBeGreaterThan(0);
      if (row.excluded) {
        expect(assessment.excludedExhibits).toEqual([4]);
        expect(assessment.supportingExhibits).toEqual([]);
        expect(analysis.excluded).toEqual([
          expect.objectContaining({ exhibitNumber: 4, criterion, reasons: assessment.reasons }),
        ]);
      } else {
        expect(assessment.excludedExhibits).toEqual([]);
        expect(assessment.supportingExhibits).toEqual([4]);
        expect(analysis.excluded).toEqual([]);
      }
    });
  });
}

criterionTable('awards', [
  {
    name: 'international prize, recognition documented',
    fields: {},
    verdict: 'met',
    explains: 'award.qualifies',
  },
  {
    name: 'national prize with a single awardee',
    fields: { name: 'ACM Doctoral Dissertation Award', issuer: 'ACM', scope: 'national', awardeeCount: 1 },
    verdict: 'met',
    explains: 'award.qualifies',
    params: { scope: 'national' },
  },
  {
    name: 'early-career award in the field',
    fields: { name: 'MIT Technology Review Innovators Under 35', issuer: 'MIT Technology Review' },
    verdict: 'met',
  },
  {
    name: 'team award naming the client',
    fields: { name: 'Gordon Bell Prize (team, client named)', issuer: 'ACM', recipientIsPerson: true },
    verdict: 'met',
  },
  {
    name: 'employer-internal award',
    fields: { name: 'Employee of the Year', scope: 'employer' },
    verdict: 'weak',
    explains: 'award.employer_internal',
    excluded: true,
  },
  {
    name: 'school-only award',
    fields: { name: 'Dean’s Medal', scope: 'school' },
    verdict: 'weak',
    explains: 'award.school_only',
    excluded: true,
  },
  {
    name: 'local award',
    fields: { name: 'City Innovator Prize', scope: 'local' },
    verdict: 'weak',
    explains: 'award.local',
    excluded: true,
  },
  {
    name: 'regional award',
    fields: { name: 'State Engineering Prize', scope: 'regional' },
    verdict: 'weak',
    explains: 'award.regional',
  },
  {
    name: 'award to the employer, client not named',
    fields: { recipientIsPerson: false },
    verdict: 'weak',
    explains: 'award.not_to_person',
    excluded: true,
  },
  {
    name: 'award outside the field',
    fields: { inField: false },
    verdict: 'weak',
    explains: 'award.outside_field',
    excluded: true,
  },
  {
    name: 'only the issuer is shown to be recognized',
    fields: { recognitionDocumented: false },
    verdict: 'likely',
    explains: 'award.recognition_undocumented.fix',
  },
  {
    name: 'selection criteria not shown',
    fields: { selectionCriteria: undefined },
    verdict: 'likely',
    explains: 'award.selection_criteria.fix',
  },
]);

criterionTable('membership', [
  {
    name: 'elected fellow, bylaws in hand',
    fields: {},
    verdict: 'met',
    explains: 'membership.qualifies',
  },
  {
    name: 'academy membership by election',
    fields: { association: 'National Academy of Engineering', level: 'Member' },
    verdict: 'met',
  },
  { name: 'past membership counts', fields: { sinceYear: 2009 }, verdict: 'met' },
  {
    name: 'admission by degree',
    fields: { admissionBasis: 'degree' },
    verdict: 'weak',
    explains: 'membership.admission_basis',
    params: { basis: 'degree' },
    excluded: true,
  },
  {
    name: 'admission by years of experience',
    fields: { admissionBasis: 'experience' },
    verdict: 'weak',
    explains: 'membership.admission_basis',
    params: { basis: 'experience' },
    excluded: true,
  },
  {
    name: 'pay to join',
    fields: { admissionBasis: 'fee' },
    verdict: 'weak',
    explains: 'membership.admission_basis',
    params: { basis: 'fee' },
    excluded: true,
  },
  {
    name: 'union or guild required to work',
    fields: { admissionBasis: 'union_required', association: 'Screen Actors Guild' },
    verdict: 'weak',
    explains: 'membership.admission_basis',
    params: { basis: 'union_required' },
    excluded: true,
  },
  {
    name: 'achievement required but not judged by recognized experts',
    fields: { judgedByRecognizedExperts: false },
    verdict: 'weak',
    explains: 'membership.not_judged_by_experts',
  },
  {
    name: 'admission rules not documented',
    fields: { admissionRulesDocumented: false },
    verdict: 'likely',
    explains: 'membership.rules_undocumented.fix',
  },
]);

criterionTable('published_material', [
  {
    name: 'major media article about the client',
    fields: {},
    verdict: 'met',
    explains: 'published.qualifies',
  },
  {
    name: 'trade publication profile with circulation',
    fields: { outlet: 'IEEE Spectrum', outletType: 'professional_trade', circulation: 400_000 },
    verdict: 'met',
  },
  {
    name: 'broader piece that discusses the client’s work substantially',
    fields: { subject: 'discusses_work' },
    verdict: 'met',
  },
  {
    name: 'article about the employer',
    fields: { subject: 'about_employer' },
    verdict: 'weak',
    explains: 'published.about_employer',
    excluded: true,
  },
  {
    name: 'passing mention',
    fields: { subject: 'mentions_only' },
    verdict: 'weak',
    explains: 'published.mentions_only',
    excluded: true,
  },
  {
    name: 'paid or marketing content',
    fields: { paidOrMarketing: true },
    verdict: 'weak',
    explains: 'published.paid',
    excluded: true,
  },
  {
    name: 'blog or company newsletter',
    fields: { outlet: 'Acme blog', outletType: 'other' },
    verdict: 'weak',
    explains: 'published.minor_outlet',
    excluded: true,
  },
  {
    name: 'no circulation data',
    fields: { circulation: undefined },
    verdict: 'likely',
    explains: 'published.no_circulation.fix',
  },
  {
    name: 'no author on the exhibit',
    fields: { author: undefined },
    verdict: 'likely',
    explains: 'hygiene.incomplete_publication_details',
    params: { parts: ['author'] },
  },
]);

criterionTable('judging', [
  { name: 'completed peer reviews', fields: {}, verdict: 'met', explains: 'judging.qualifies' },
  { name: 'thesis committee', fields: { kind: 'thesis_committee', venue: 'MIT EECS' }, verdict: 'met' },
  { name: 'grant panel', fields: { kind: 'grant_panel', venue: 'NSF CISE panel' }, verdict: 'met' },
  {
    name: 'competition jury, one occasion',
    fields: { kind: 'competition_jury', reviewCount: 1 },
    verdict: 'met',
  },
  {
    name: 'invitation to review only',
    fields: { proof: 'invitation_only' },
    verdict: 'weak',
    explains: 'judging.invitation_only',
  },
  {
    name: 'invitation to a grant panel only',
    fields: { kind: 'grant_panel', proof: 'invitation_only' },
    verdict: 'weak',
    explains: 'judging.invitation_only.fix',
  },
  {
    name: 'judging outside the same or an allied field',
    fields: { sameOrAlliedField: false },
    verdict: 'weak',
    explains: 'judging.outside_field',
    excluded: true,
  },
]);

const documentOnly = {
  citations: undefined,
  fieldCitationBenchmark: undefined,
  patentStatus: undefined,
  adoptedByOthers: undefined,
} as const;

criterionTable('original_contributions', [
  {
    name: 'citations above benchmark, licensed, adopted',
    fields: {},
    verdict: 'met',
    explains: 'contribution.signals',
  },
  {
    name: 'licensed patent and adoption by others',
    fields: { ...documentOnly, patentStatus: 'licensed_or_commercialized', adoptedByOthers: true },
    verdict: 'met',
  },
  {
    name: 'citations above benchmark with an independent expert letter',
    fields: { ...documentOnly, citations: 900, fieldCitationBenchmark: 500 },
    letter: letterFactory(),
    verdict: 'met',
  },
  {
    name: 'one documentary signal, no letter',
    fields: { ...documentOnly, adoptedByOthers: true },
    verdict: 'likely',
    explains: 'contribution.independent_letters.fix',
  },
  {
    name: 'pending patent only',
    fields: { ...documentOnly, patentStatus: 'pending' },
    verdict: 'weak',
    explains: 'contribution.no_significance',
  },
  {
    name: 'granted but unlicensed patent',
    fields: { ...documentOnly, patentStatus: 'granted' },
    verdict: 'weak',
  },
  {
    name: 'citations below the field benchmark',
    fields: { ...documentOnly, citations: 40, fieldCitationBenchmark: 400 },
    verdict: 'weak',
    explains: 'contribution.below_benchmark',
  },
  {
    name: 'citations with no benchmark',
    fields: { ...documentOnly, citations: 900 },
    verdict: 'weak',
    explains: 'contribution.no_benchmark.fix',
  },
  {
    name: 'an independent letter alone',
    fields: documentOnly,
    letter: letterFactory(),
    verdict: 'weak',
    explains: 'contribution.letters_uncorroborated',
  },
  {
    name: 'one signal with a collaborator’s letter',
    fields: { ...documentOnly, adoptedByOthers: true },
    letter: letterFactory({ independent: false }),
    verdict: 'likely',
  },
]);

criterionTable('scholarly_articles', [
  { name: 'peer-reviewed journal article', fields: {}, verdict: 'met', explains: 'article.qualifies' },
  { name: 'conference proceedings', fields: { publicationType: 'conference_proceedings' }, verdict: 'met' },
  {
    name: 'co-authored, uncited, unranked venue: caliber is for the final merits',
    fields: { authorRole: 'co_author', citations: 0, venueRanking: 'unranked' },
    verdict: 'met',
  },
  {
    name: 'peer-reviewed article in a trade publication',
    fields: { publicationType: 'trade_publication', venue: 'Communications of the ACM' },
    verdict: 'met',
  },
  {
    name: 'preprint only',
    fields: { publicationType: 'preprint', peerReviewed: false },
    verdict: 'weak',
    explains: 'article.preprint',
  },
  {
    name: 'company blog post',
    fields: { publicationType: 'other', peerReviewed: false },
    verdict: 'weak',
    explains: 'article.blog_post',
    excluded: true,
  },
  {
    name: 'journal article without peer review',
    fields: { peerReviewed: false },
    verdict: 'likely',
    explains: 'article.not_peer_reviewed.fix',
  },
]);

criterionTable('exhibitions', [
  { name: 'museum show of the client’s work', fields: {}, verdict: 'met', explains: 'exhibition.qualifies' },
  { name: 'virtual artistic showcase', fields: { venue: 'Online Viewing Room, Gagosian' }, verdict: 'met' },
  {
    name: 'unjuried gallery show',
    fields: { venue: 'Small Gallery, Brooklyn', juried: false },
    verdict: 'met',
  },
  {
    name: 'science talk at a conference',
    fields: { venueKind: 'scientific_conference', venue: 'NeurIPS' },
    verdict: 'weak',
    explains: 'exhibition.not_artistic',
    excluded: true,
  },
  {
    name: 'trade show',
    fields: { venueKind: 'trade_show', venue: 'CES' },
    verdict: 'weak',
    explains: 'exhibition.not_artistic.fix',
    excluded: true,
  },
  {
    name: 'other non-artistic event',
    fields: { venueKind: 'other_non_artistic' },
    verdict: 'weak',
    excluded: true,
  },
  {
    name: 'someone else’s work',
    fields: { ownWork: false },
    verdict: 'weak',
    explains: 'exhibition.not_own_work',
    excluded: true,
  },
]);

criterionTable('leading_role', [
  {
    name: 'leading role at a ranked organization',
    fields: {},
    verdict: 'met',
    explains: 'leading.qualifies',
  },
  {
    name: 'critical role, reputation shown by major media',
    fields: { roleKind: 'critical', reputationEvidence: 'major_media', jobTitle: 'Senior Engineer' },
    verdict: 'met',
  },
  {
    name: 'leading role at a well-funded start-up',
    fields: { reputationEvidence: 'grants_or_funding' },
    verdict: 'met',
  },
  {
    name: 'leading role, major customers',
    fields: { reputationEvidence: 'major_customers' },
    verdict: 'met',
  },
  {
    name: 'ordinary staff role',
    fields: { roleKind: 'ordinary' },
    verdict: 'weak',
    explains: 'leading.ordinary_role',
  },
  {
    name: 'reputation asserted, not documented',
    fields: { reputationEvidence: 'asserted_only' },
    verdict: 'weak',
    explains: 'leading.reputation_asserted',
  },
  {
    name: 'role not distinguished from colleagues',
    fields: { distinguishedFromColleagues: false },
    verdict: 'likely',
    explains: 'leading.not_distinguished.fix',
  },
]);

criterionTable('high_salary', [
  {
    name: '95th percentile of BLS data',
    fields: {},
    verdict: 'met',
    explains: 'salary.percentile',
    params: { percentile: 95 },
  },
  {
    name: 'pay in euros against German data',
    fields: { amount: 180_000, currency: 'EUR', percentile: 97, comparisonSource: 'government' },
    verdict: 'met',
  },
  {
    name: 'specific industry survey',
    fields: { comparisonSource: 'industry_survey', percentile: 90 },
    verdict: 'met',
  },
  {
    name: 'foreign pay converted to USD',
    fields: { currency: 'INR', amount: 4_500_000, comparedInLocalCurrency: false },
    verdict: 'weak',
    explains: 'salary.converted_currency',
  },
  {
    name: 'self-reported salary site',
    fields: { comparisonSource: 'self_reported' },
    verdict: 'weak',
    explains: 'salary.self_reported',
  },
  {
    name: 'no comparison',
    fields: { comparisonSource: 'none' },
    verdict: 'weak',
    explains: 'salary.no_comparison',
  },
  {
    name: 'too broad an occupation',
    fields: { occupationMatch: 'broad' },
    verdict: 'weak',
    explains: 'salary.broad_occupation',
  },
  {
    name: 'other location',
    fields: { locationMatch: false },
    verdict: 'weak',
    explains: 'salary.other_location',
  },
  { name: 'median pay', fields: { percentile: 50 }, verdict: 'weak', explains: 'salary.not_high' },
  { name: '80th percentile', fields: { percentile: 80 }, verdict: 'likely' },
  {
    name: 'percentile not stated',
    fields: { percentile: undefined },
    verdict: 'likely',
    explains: 'salary.no_percentile.fix',
  },
]);

criterionTable('commercial_success', [
  { name: 'platinum album', fields: {}, verdict: 'met', explains: 'commercial.qualifies' },
  {
    name: 'film box office',
    fields: { work: 'Film “Quiet Harbor”', salesFigures: '$48 million worldwide box office' },
    verdict: 'met',
  },
  { name: 'streaming figures', fields: { salesFigures: '350 million streams on Spotify' }, verdict: 'met' },
  {
    name: 'software sales, not performing arts',
    fields: { work: 'Mobile app', performingArts: false, salesFigures: '2 million downloads' },
    verdict: 'weak',
    explains: 'commercial.not_performing_arts',
    excluded: true,
  },
  {
    name: 'released but no sales figures',
    fields: { salesFigures: undefined },
    verdict: 'weak',
    explains: 'commercial.no_sales',
  },
  {
    name: 'figures not compared with peers',
    fields: { comparedWithPeers: false },
    verdict: 'likely',
    explains: 'commercial.not_compared.fix',
  },
]);

describe('a criterion with several exhibits', () => {
  it('is met by one qualifying exhibit even when another is a trap, and names the trap', () => {
    const evidence = numberExhibits([
      evidenceFactory('awards', { fields: { name: 'Employee of the Year', scope: 'employer' } }),
      evidenceFactory('awards'),
    ]);
    const awards = assess('awards', evidence);
    expect(awards.verdict).toBe('met');
    expect(awards.claims.map((claim) => claim.verdict)).toEqual(['weak', 'met']);
    expect(awards.rfeRisks).toContainEqual(
      expect.objectContaining({ code: 'award.narrow_scope.rfe', exhibits: [1] }),
    );
    // The trap is never listed as support for the met criterion.
    expect(awards.supportingExhibits).toEqual([2]);
    expect(awards.excludedExhibits).toEqual([1]);
  });

  it('pools proof of major significance across exhibits: a citation record and a separate expert letter', () => {
    const evidence = numberExhibits([
      evidenceFactory('original_contributions', {
        fields: { ...documentOnly, citations: 900, fieldCitationBenchmark: 500 },
      }),
      evidenceFactory('original_contributions', { fields: documentOnly, letter: letterFactory() }),
    ]);
    expect(assess('original_contributions', [evidence[0] as Evidence]).verdict).toBe('likely');
    expect(assess('original_contributions', evidence).verdict).toBe('met');
  });

  it('does not count a letter without the writer’s address toward major significance', () => {
    const evidence = numberExhibits([
      evidenceFactory('original_contributions', { fields: { ...documentOnly, adoptedByOthers: true } }),
      evidenceFactory('original_contributions', {
        fields: documentOnly,
        letter: letterFactory({ writerAddress: undefined }),
      }),
    ]);
    const contributions = assess('original_contributions', evidence);
    expect(contributions.verdict).toBe('likely');
    expect(contributions.missing).toContainEqual(
      expect.objectContaining({
        code: 'hygiene.incomplete_letter',
        exhibits: [2],
        params: expect.objectContaining({ parts: ['address'] }) as unknown,
      }),
    );
  });

  it('reports not_claimed, with no reasons, for a criterion without exhibits', () => {
    const membership = assess('membership', [evidenceFactory('awards')]);
    expect(membership).toMatchObject({
      verdict: 'not_claimed',
      exhibitNumbers: [],
      reasons: [],
      missing: [],
    });
  });
});
