// (v) Original contributions of major significance: documentary signals per claim, pooled across claims,
// and letters that weigh only when corroborated.
import type { Evidence, EvidenceOf, OriginalContributionFields } from '../evidence.ts';
import { finding } from './findings.ts';
import type { Finding } from './findings.ts';
import { better, missingLetterParts, startClaim, worse } from './rules.ts';
import type { ClaimAssessment, ClaimVerdict } from './types.ts';

type SignificanceSignal = 'citations_above_benchmark' | 'licensed_patent' | 'adopted_by_others';

/** The documentary signs of major significance one contribution claim carries. */
function significanceSignals(f: OriginalContributionFields): SignificanceSignal[] {
  const signals: SignificanceSignal[] = [];
  if (
    f.citations !== undefined &&
    f.fieldCitationBenchmark !== undefined &&
    f.citations >= f.fieldCitationBenchmark
  ) {
    signals.push('citations_above_benchmark');
  }
  if (f.patentStatus === 'licensed_or_commercialized') signals.push('licensed_patent');
  if (f.adoptedByOthers === true) signals.push('adopted_by_others');
  return signals;
}

export function isIndependentExpertLetter(item: Evidence): boolean {
  return (
    item.letter !== undefined &&
    missingLetterParts(item.letter).length === 0 &&
    item.letter.independent === true
  );
}

/** Major significance: two documentary signals, or one corroborated by a detailed independent letter. */
function significanceVerdict(signalCount: number, independentLetters: number): ClaimVerdict {
  if (signalCount >= 2 || (signalCount >= 1 && independentLetters >= 1)) return 'met';
  return signalCount >= 1 ? 'likely' : 'weak';
}

export function assessContribution(claim: EvidenceOf<'original_contributions'>): ClaimAssessment {
  const f = claim.fields;
  const params: Record<string, string | number> = { description: f.description };
  if (f.citations !== undefined) params.citations = f.citations;
  if (f.fieldCitationBenchmark !== undefined) params.benchmark = f.fieldCitationBenchmark;
  const { assessment, say, capAt } = startClaim(claim, params);
  const signals = significanceSignals(f);
  capAt(significanceVerdict(signals.length, isIndependentExpertLetter(claim) ? 1 : 0));
  if (signals.length > 0) {
    assessment.reasons.push(say('contribution.signals', { signals }));
  } else if (claim.letter) {
    assessment.reasons.push(
      say('contribution.letter', {
        ...(claim.letter.writerName === undefined
          ? { named: 'no' }
          : { named: 'yes', writer: claim.letter.writerName }),
        independent: claim.letter.independent === true ? 'yes' : 'no',
      }),
    );
  } else {
    assessment.reasons.push(say('contribution.no_significance'));
  }
  if (f.citations !== undefined && f.fieldCitationBenchmark === undefined) {
    assessment.missing.push(say('contribution.no_benchmark.fix'));
  }
  if (
    f.citations !== undefined &&
    f.fieldCitationBenchmark !== undefined &&
    f.citations < f.fieldCitationBenchmark
  ) {
    assessment.reasons.push(say('contribution.below_benchmark'));
  }
  if (f.patentStatus === 'pending') assessment.rfeRisks.push(say('contribution.pending_patent.rfe'));
  if (f.patentStatus === 'granted') assessment.rfeRisks.push(say('contribution.granted_patent.rfe'));
  if (f.adoptedByOthers !== true && !claim.letter) assessment.missing.push(say('contribution.adoption.fix'));
  if (claim.letter && claim.letter.independent !== true) {
    assessment.rfeRisks.push(say('contribution.collaborator_letter.rfe'));
  }
  if (claim.letter?.letterKind === 'expert_opinion' && claim.letter.howWriterKnowsWork === undefined) {
    assessment.rfeRisks.push(say('contribution.letter_how_known.rfe'));
  }
  return assessment;
}

function pooledSignificance(items: readonly EvidenceOf<'original_contributions'>[]): ClaimVerdict {
  const signals = items.reduce((count, item) => count + significanceSignals(item.fields).length, 0);
  return significanceVerdict(signals, items.filter(isIndependentExpertLetter).length);
}

/**
 * Original contributions pool their proof: a citation record in one exhibit and an expert letter in
 * another together show major significance. Exhibits with hygiene problems count only up to "likely".
 */
export function poolContributions(
  contributions: readonly EvidenceOf<'original_contributions'>[],
  hasHygieneIssue: (exhibitNumber: number) => boolean,
): { verdict: ClaimVerdict; reasons: Finding[]; missing: Finding[] } {
  const clean = contributions.filter((item) => !hasHygieneIssue(item.exhibitNumber));
  const verdict = better(pooledSignificance(clean), worse(pooledSignificance(contributions), 'likely'));
  const exhibits = contributions.map((item) => item.exhibitNumber);
  const reasons: Finding[] = [];
  const missing: Finding[] = [];
  const documented = contributions.some((item) => significanceSignals(item.fields).length > 0);
  const lettered = contributions
    .filter((item) => item.letter !== undefined)
    .map((item) => item.exhibitNumber);
  if (!documented && lettered.length > 0) {
    reasons.push(finding('contribution.letters_uncorroborated', lettered, {}, 'original_contributions'));
    missing.push(finding('contribution.letters_uncorroborated.fix', lettered, {}, 'original_contributions'));
  }
  if (!contributions.some(isIndependentExpertLetter)) {
    missing.push(finding('contribution.independent_letters.fix', exhibits, {}, 'original_contributions'));
  }
  return { verdict, reasons, missing };
}
