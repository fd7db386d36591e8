// Counts for an admin's overview: allow-list users, cases, evidence, stored documents, jobs. Counts only,
// never a client's case content. A figure is null when its table does not exist in this version.
import type { UserService } from './access/users.ts';
import type { Queryable } from './db/database.ts';

export interface AdminStats {
  users: { total: number; active: number; admins: number };
  cases: number | null;
  evidence: number | null;
  /** Uploaded documents, each stored once by content. */
  documents: number | null;
  /** Always null: there is no job queue yet. */
  jobs: number | null;
}

type CountedTable = 'cases' | 'evidence' | 'files' | 'jobs';

/** The table's row count, or null when this version of the schema has no such table. */
async function countRows(db: Queryable, table: CountedTable): Promise<number | null> {
  const { rows } = await db.query<{ present: string | null }>('SELECT to_regclass($1)::text AS present', [
    table,
  ]);
  if (!rows[0]?.present) return null;
  const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(counted.rows[0]?.n ?? 0);
}

export async function collectStats(deps: { db: Queryable; users: UserService }): Promise<AdminStats> {
  const [users, cases, evidence, documents] = await Promise.all([
    deps.users.count(),
    countRows(deps.db, 'cases'),
    countRows(deps.db, 'evidence'),
    countRows(deps.db, 'files'),
  ]);
  // pg-boss is planned but not here yet: no queue, no figure.
  return { users, cases, evidence, documents, jobs: null };
}
