// The worker: runs the handler of each job kind in this process, with what a handler needs to keep a
// lawyer informed and its effect single, and keeps the queue-depth gauge current. Handed its services
// by the entry point (never the App itself).
import type { Logger } from 'pino';
import type { ProgressBoard, ProgressReporter } from './progress.ts';
import { lawyerTarget, silentProgress } from './progress.ts';
import type { FailedJob, JobKindName, JobKinds, JobPayload, JobQueue, RunningJob } from './queue.ts';
import type { JobResults } from './results.ts';

export interface JobContext {
  /** Reports to the lawyer named in the payload (`lawyer`); silent when nobody waits on the job. */
  progress: ProgressReporter;
  results: JobResults;
  /**
   * Runs `deliver` (sending the result to the lawyer) for one attempt only: the first to claim the job's
   * recorded result. Record the result first. A `deliver` that throws gives the claim back for a retry.
   */
  deliverOnce(deliver: () => Promise<void>): Promise<boolean>;
}

/**
 * Thrown by a handler on its last attempt after it told the lawyer itself, in its own words, what failed
 * and what to do (say, naming the document that could not be read): the job still ends failed, for the
 * admins, but the lawyer is not told a second time in general words.
 */
export class FailureToldToLawyer extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'FailureToldToLawyer';
  }
}

export type KindHandler<K extends JobKinds, N extends keyof K> = (
  job: RunningJob<JobPayload<K, N>>,
  context: JobContext,
) => Promise<void>;

export type JobHandlers<K extends JobKinds> = { [N in JobKindName<K>]?: KindHandler<K, N> };

/**
 * What a kind does once one of its jobs failed for good, however it failed (FailedJob): tell the lawyer
 * in its own words. Its context's `deliverOnce` and `results` use the failed job's id, so a lawyer the
 * handler's own last attempt told already is not told again.
 */
export type FailedKindHandler<K extends JobKinds, N extends keyof K> = (
  failed: FailedJob<JobPayload<K, N>>,
  context: JobContext,
) => Promise<void>;

export type FailedJobHandlers<K extends JobKinds> = { [N in JobKindName<K>]?: FailedKindHandler<K, N> };

export interface JobWorkerOptions<K extends JobKinds> {
  queue: JobQueue<K>;
  results: JobResults;
  /** Progress messages through Telegram; null where no bot token is configured (jobs run silently). */
  progress: ProgressBoard | null;
  log: Logger;
  handlers: JobHandlers<K>;
  /**
   * Kinds that tell the lawyer themselves when a job fails for good; the others get the general "did not
   * finish" message from the attempt that failed last (none when their worker died on it).
   */
  whenFailed?: FailedJobHandlers<K>;
  /** Jobs of each kind run at once in this process (default 2). */
  concurrency?: number;
  /** How often the queue-depth gauge is refreshed (default 15 s). */
  depthRefreshMs?: number;
}

export interface JobWorker {
  /** The kinds this process works. */
  readonly kinds: readonly string[];
  /** Stops refreshing the gauge; the queue itself stops with the App. */
  stop(): void;
}

export async function startJobWorker<K extends JobKinds>(options: JobWorkerOptions<K>): Promise<JobWorker> {
  const { queue, results, progress, log } = options;
  const kinds: string[] = [];

  /** What a handler needs for the job `jobId`: the lawyer its payload names, and one delivery. */
  function contextFor(jobId: string, data: unknown, titleKey: string): JobContext {
    const lawyer = lawyerTarget.safeParse((data as { lawyer?: unknown }).lawyer);
    return {
      progress: lawyer.success && progress ? progress.reporterFor(lawyer.data, titleKey) : silentProgress,
      results,
      async deliverOnce(deliver) {
        if (!(await results.claimDelivery(jobId))) return false;
        try {
          await deliver();
          return true;
        } catch (err) {
          await results.releaseDelivery(jobId);
          throw err;
        }
      },
    };
  }

  for (const kind of Object.keys(options.handlers) as JobKindName<K>[]) {
    const handler = options.handlers[kind];
    if (!handler) continue;
    const titleKey = queue.kinds[kind]?.titleKey ?? kind;
    const whenFailed = options.whenFailed?.[kind];
    await queue.work(
      kind,
      async (job) => {
        const context = contextFor(job.id, job.data, titleKey);
        // Run again after it failed for good (an admin's retry): this run's result is the one to tell.
        if (whenFailed) await results.forgetFailure(job.id);
        try {
          await handler(job, context);
        } catch (err) {
          // A kind with its own failure message says it from the dead-letter queue, once.
          if (job.isLastAttempt && !whenFailed && !(err instanceof FailureToldToLawyer)) {
            const reporter = context.progress;
            try {
              await reporter.failed();
            } catch (tellErr) {
              log.error({ err: tellErr, job: job.id, kind }, 'could not tell the lawyer a job failed');
            }
          }
          throw err;
        }
      },
      { concurrency: options.concurrency ?? 2 },
    );
    if (whenFailed) {
      await queue.workFailed(kind, async (failed) => {
        await whenFailed(failed, contextFor(failed.id, failed.data, titleKey));
      });
    }
    kinds.push(kind);
  }

  const refreshDepths = (): void => {
    queue.depths().then(
      () => undefined,
      (err: unknown) => log.warn({ err }, 'could not read the job queue depths'),
    );
  };
  refreshDepths();
  const timer = setInterval(refreshDepths, options.depthRefreshMs ?? 15_000);
  timer.unref();
  log.info({ kinds }, 'job worker started');
  return {
    kinds,
    stop: () => clearInterval(timer),
  };
}
