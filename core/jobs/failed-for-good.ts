// What a job that failed for good leaves behind, however it failed (FailedJob): its outcome recorded once
// under the failed job's id, and one plain message to the person who asked for it, saying what failed and
// how to ask again. The kinds' `whenFailed` handlers are built from these.
import type { Logger } from 'pino';
import type { CaseService } from '../eb1a/cases.ts';
import { escapeHtml } from '../eb1a/render-analysis.ts';
import { CaseNotFoundError } from '../errors.ts';
import type { FailedJob } from './queue.ts';
import type { JobContext } from './worker.ts';

/** Recorded as a job's result when it failed for good before any attempt recorded one. */
export interface FailedForGood {
  failedForGood: true;
  /** Retries made before it was failed for good. */
  retries: number;
  /** What the last attempt threw, or why it was taken back ("job timed out"). */
  lastError: string | null;
}

/**
 * Records that `failed` failed for good (an attempt's own result, recorded first, stays), then runs `tell`
 * once: not when an attempt already told the lawyer (it claimed the job's delivery), nor when the failure
 * is handled a second time. True when `tell` ran now.
 */
export async function recordFailureAndTellOnce(
  failed: FailedJob<unknown>,
  context: JobContext,
  tell: () => Promise<void>,
): Promise<boolean> {
  const outcome: FailedForGood = {
    failedForGood: true,
    retries: failed.retries,
    lastError: failed.lastError,
  };
  await context.results.record(failed.id, failed.kind, outcome);
  return context.deliverOnce(tell);
}

/** The lawyer's case, or null when it was deleted (or never was theirs). */
export async function caseOrNull(cases: Pick<CaseService, 'get'>, lawyerId: string, caseId: string) {
  try {
    return await cases.get(lawyerId, caseId);
  } catch (err) {
    if (err instanceof CaseNotFoundError) return null;
    throw err;
  }
}

export interface CaseJobFailureMessages {
  /** Names the work for the case's client (`clientName`, HTML) and the command that asks for it again. */
  failedKey: string;
  /** Said instead when the case is gone: asking again for it cannot help. */
  caseGoneKey: string;
}

/**
 * The `whenFailed` handler of a job a lawyer asked for about one case (/packet, /draft, /letters): the
 * lawyer is told once, in their language, that the work for that client failed and to ask for it again,
 * or that the case is gone.
 */
export function caseJobFailed(
  services: { cases: Pick<CaseService, 'get'>; log: Logger },
  messages: CaseJobFailureMessages,
): (failed: FailedJob<{ lawyerId: string; caseId: string }>, context: JobContext) => Promise<void> {
  return async (failed, context) => {
    const { lawyerId, caseId } = failed.data;
    services.log.error(
      { job: failed.id, kind: failed.kind, caseId, retries: failed.retries, lastError: failed.lastError },
      'a job failed on every attempt; its lawyer is told to ask again',
    );
    const theCase = await caseOrNull(services.cases, lawyerId, caseId);
    const { progress } = context;
    await recordFailureAndTellOnce(failed, context, () =>
      progress.send(
        theCase
          ? progress.t(messages.failedKey, { clientName: escapeHtml(theCase.clientName) })
          : progress.t(messages.caseGoneKey),
      ),
    );
  };
}
