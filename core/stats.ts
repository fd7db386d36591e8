// Counts for an admin's overview: allow-list users, cases, evidence, stored documents, jobs by kind. Counts only,
// never a client's case content. A figure is null when its table does not exist in this version.
import type { UserService } from './access/users.ts';
import type { Queryable } from './db/database.ts';
import type { JobKindCounts } from './jobs/queue.ts';

/** Job figures: waiting, running, and finished in the last 24 hours. */
export interface JobFigures {
  /** Waiting to run: queued, or waiting out a retry delay. */
  queued: number;
  active: number;
  failedLast24h: number;
  completedLast24h: number;
}

export interface AdminStats {
  users: { total: number; active: number; admins: number };
  cases: number | null;
  evidence: number | null;
  /** Uploaded documents, each stored once by content. */
  documents: number | null;
  jobs: JobFigures & { byKind: Record<string, JobFigures> };
}

type CountedTable = 'cases' | 'evidence' | 'files';

/** The table's row count, or null when this version of the schema has no such table. */
async function countRows(db: Queryable, table: CountedTable): Promise<number | null> {
  const { rows } = await db.query<{ present: string | null }>('SELECT to_regclass($1)::text AS present', [
    table,
  ]);
  if (!rows[0]?.present) return null;
  const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(counted.rows[0]?.n ?? 0);
}

function figuresOf(counts: JobKindCounts): JobFigures {
  return {
    queued: counts.byState.created + counts.byState.retry,
    active: counts.byState.active,
    failedLast24h: counts.failedLast24h,
    completedLast24h: counts.completedLast24h,
  };
}

/** Every kind's figures, and their sums. */
export function jobFigures(counts: Readonly<Record<string, JobKindCounts>>): AdminStats['jobs'] {
  const total: JobFigures = { queued: 0, active: 0, failedLast24h: 0, completedLast24h: 0 };
  const byKind: Record<string, JobFigures> = {};
  for (const [kind, entry] of Object.entries(counts)) {
    const figures = figuresOf(entry);
    byKind[kind] = figures;
    for (const key of Object.keys(total) as (keyof JobFigures)[]) total[key] += figures[key];
  }
  return { ...total, byKind };
}

export async function collectStats(deps: {
  db: Queryable;
  users: UserService;
  jobs: { counts(): Promise<Record<string, JobKindCounts>> };
}): Promise<AdminStats> {
  const [users, cases, evidence, documents, jobs] = await Promise.all([
    deps.users.count(),
    countRows(deps.db, 'cases'),
    countRows(deps.db, 'evidence'),
    countRows(deps.db, 'files'),
    deps.jobs.counts(),
  ]);
  return { users, cases, evidence, documents, jobs: jobFigures(jobs) };
}
