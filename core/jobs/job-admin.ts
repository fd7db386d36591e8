// What an admin does with jobs: list them, read one, retry one that failed for good, cancel one that has
// not finished. Retry and cancel are audited (`job.retry`, `job.cancel`); errors shown are scrubbed of
// credentials, and never carry a stack.
import { JobNotFoundError, JobStateConflictError } from '../errors.ts';
import { auditAction, type AuditLog } from '../logging/audit.ts';
import { scrubText } from '../logging/redact.ts';
import type { JobKindName, JobKinds, JobListFilter, JobQueue, JobState, JobSummary } from './queue.ts';

export interface JobAdminDeps<K extends JobKinds> {
  queue: JobQueue<K>;
  audit: AuditLog;
  /** Removes the configured secrets' values from a text (the logger's scrubber). */
  scrubSecrets: (text: string) => string;
}

export interface JobAdmin {
  list(filter: JobListFilter): Promise<{ items: JobSummary[]; total: number }>;
  get(id: string): Promise<JobSummary>;
  retry(actor: string, id: string): Promise<JobSummary>;
  cancel(actor: string, id: string): Promise<JobSummary>;
}

const CANCELLABLE: ReadonlySet<JobState> = new Set(['created', 'retry', 'active']);

export function createJobAdmin<K extends JobKinds>(deps: JobAdminDeps<K>): JobAdmin {
  const { queue, audit } = deps;

  function shown(job: JobSummary): JobSummary {
    return job.lastError === null ? job : { ...job, lastError: deps.scrubSecrets(scrubText(job.lastError)) };
  }

  async function existing(id: string): Promise<JobSummary> {
    const job = await queue.find(id);
    if (!job) throw new JobNotFoundError({ jobId: id });
    return job;
  }

  async function change(
    actor: string,
    id: string,
    action: 'retry' | 'cancel',
    allowed: (state: JobState) => boolean,
  ): Promise<JobSummary> {
    return auditAction(audit, { actor, action: `job.${action}`, target: `job:${id}` }, async () => {
      const job = await existing(id);
      const kind = job.kind as JobKindName<K>;
      const changed =
        allowed(job.state) &&
        (action === 'retry' ? await queue.retry(kind, id) : await queue.cancel(kind, id));
      // The state is read again: a job can finish between the read and the change.
      if (!changed) throw new JobStateConflictError({ jobId: id, state: job.state, action });
      return shown(await existing(id));
    });
  }

  return {
    async list(filter) {
      const page = await queue.list(filter);
      return { ...page, items: page.items.map(shown) };
    },
    async get(id) {
      return shown(await existing(id));
    },
    retry: (actor, id) => change(actor, id, 'retry', (state) => state === 'failed'),
    cancel: (actor, id) => change(actor, id, 'cancel', (state) => CANCELLABLE.has(state)),
  };
}
