// Counts for an admin's overview: allow-list users, cases, evidence, stored documents, jobs. A figure is
// null when its table does not exist in this version (jobs: there is no job queue yet).
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import type { Queryable } from '../../core/db/database.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses } from './admin-shared.ts';

const count = (description: string) => ({ type: ['integer', 'null'], description }) as const;

const statsSchema = {
  type: 'object',
  required: ['users', 'cases', 'evidence', 'documents', 'jobs'],
  additionalProperties: false,
  properties: {
    users: {
      type: 'object',
      required: ['total', 'active', 'admins'],
      additionalProperties: false,
      properties: { total: { type: 'integer' }, active: { type: 'integer' }, admins: { type: 'integer' } },
    },
    cases: count('Cases of all lawyers'),
    evidence: count('Exhibits of all cases'),
    documents: count('Uploaded documents, each stored once by content'),
    jobs: count('Always null: there is no job queue yet'),
  },
} as const;

/** The table's row count, or null when this version of the schema has no such table. */
async function countRows(
  db: Queryable,
  table: 'cases' | 'evidence' | 'files' | 'jobs',
): Promise<number | null> {
  const { rows } = await db.query<{ present: string | null }>('SELECT to_regclass($1)::text AS present', [
    table,
  ]);
  if (!rows[0]?.present) return null;
  const counted = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(counted.rows[0]?.n ?? 0);
}

export function adminStatsRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.get(
      '/admin/stats',
      {
        preHandler: requireRole('service'),
        schema: {
          summary: 'Counts of users, cases, evidence, documents and jobs',
          tags: ['monitoring'],
          security: ADMIN_SECURITY,
          response: { 200: statsSchema, ...errorResponses },
        },
      },
      async () => {
        const [users, cases, evidence, documents] = await Promise.all([
          app.users.count(),
          countRows(app.db, 'cases'),
          countRows(app.db, 'evidence'),
          countRows(app.db, 'files'),
        ]);
        // pg-boss is planned (ARCHITECTURE.md) but not here yet: no queue, no figure.
        return { users, cases, evidence, documents, jobs: null };
      },
    );
    return Promise.resolve();
  };
}
