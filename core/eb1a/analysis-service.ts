// The analysis of one lawyer's case: its claims, its intake profile and the year, through the engine. The bot,
// the terminal chat, the lawyer API and drafting all call this one service, so they weigh the same record.
import { analyzeCase } from './analysis.ts';
import type { CaseAnalysis } from './analysis.ts';
import type { Case, CaseService } from './cases.ts';
import { analysisItems, type EvidenceStore } from './evidence-store.ts';
import type { IntakeStore } from './intake-store.ts';

export interface CaseAnalysisResult {
  case: Case;
  analysis: CaseAnalysis;
  /** How many exhibits the record holds (an exhibit claimed under several criteria counts once). */
  exhibitCount: number;
}

export interface AnalysisService {
  /** The case's analysis; CaseNotFoundError when the case is not this lawyer's. */
  forCase(lawyerId: string, caseId: string): Promise<CaseAnalysisResult>;
}

export interface AnalysisServiceDeps {
  cases: Pick<CaseService, 'get'>;
  evidence: Pick<EvidenceStore, 'list'>;
  intake: Pick<IntakeStore, 'profile'>;
  /** The analysis year comes from here (acclaim older than a few years is stale). */
  now?: () => Date;
  /** Measures the whole analysis and its engine run (the app records them as performance spans). */
  span?: <T>(operation: string, work: () => T | Promise<T>) => Promise<T>;
}

export function createAnalysisService(deps: AnalysisServiceDeps): AnalysisService {
  const now = deps.now ?? (() => new Date());
  const measure =
    deps.span ?? (<T>(_operation: string, work: () => T | Promise<T>) => Promise.resolve(work()));
  return {
    // The whole answer (reading the case, then the engine) and the engine run alone are measured apart.
    forCase: (lawyerId, caseId) =>
      measure('eb1a.case_analysis', async () => {
        // The case first: it is the ownership check, before anything of the case is read.
        const owned = await deps.cases.get(lawyerId, caseId);
        const [stored, profile] = await Promise.all([
          deps.evidence.list(lawyerId, caseId),
          deps.intake.profile(lawyerId, caseId),
        ]);
        const evidence = analysisItems(stored);
        const analysis = await measure('eb1a.analyze', () =>
          analyzeCase({ evidence, profile, asOfYear: now().getUTCFullYear() }),
        );
        return {
          case: owned,
          analysis,
          exhibitCount: new Set(evidence.map((item) => item.exhibitNumber)).size,
        };
      }),
  };
}
