// What drafting reads of a case, gathered once: the case, its exhibits with their claims, the intake
// answers and profile, and the analysis that decides what may be argued. Ownership is checked by the
// analysis service before anything else of the case is read.
import type { AnalysisService } from '../eb1a/analysis-service.ts';
import type { CaseAnalysis, CaseProfile } from '../eb1a/analysis.ts';
import type { EvidenceStore, StoredEvidence } from '../eb1a/evidence-store.ts';
import type { IntakeStore } from '../eb1a/intake-store.ts';

export interface CaseFile {
  caseId: string;
  clientName: string;
  /** The field of endeavor: the intake's definition, else the one given when the case was opened. */
  field: string;
  profile: CaseProfile;
  /** Intake answers by question id (recommenders are read from here). */
  answers: Readonly<Record<string, string>>;
  /** Every exhibit of the case, by exhibit number. */
  exhibits: readonly StoredEvidence[];
  analysis: CaseAnalysis;
}

export interface CaseFileSources {
  analysis: Pick<AnalysisService, 'forCase'>;
  evidence: Pick<EvidenceStore, 'list'>;
  intake: Pick<IntakeStore, 'answers' | 'profile'>;
}

export async function readCaseFile(
  sources: CaseFileSources,
  lawyerId: string,
  caseId: string,
): Promise<CaseFile> {
  const { case: owned, analysis } = await sources.analysis.forCase(lawyerId, caseId);
  const [exhibits, answers, profile] = await Promise.all([
    sources.evidence.list(lawyerId, caseId),
    sources.intake.answers(lawyerId, caseId),
    sources.intake.profile(lawyerId, caseId),
  ]);
  return {
    caseId,
    clientName: profile.clientName ?? owned.clientName,
    field: profile.field ?? owned.fieldOfEndeavor,
    profile,
    answers,
    exhibits,
    analysis,
  };
}
