// Counts for an admin's overview (core/stats.ts): allow-list users, cases, evidence, stored documents, jobs.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { collectStats } from '../../core/stats.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses } from './admin-shared.ts';

const count = (description: string) => z.number().int().nullable().describe(description);

const statsSchema = z.object({
  users: z.object({ total: z.number().int(), active: z.number().int(), admins: z.number().int() }),
  cases: count('Cases of all lawyers'),
  evidence: count('Exhibits of all cases'),
  documents: count('Uploaded documents, each stored once by content'),
  jobs: count('Always null: there is no job queue yet'),
});

export function adminStatsRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    // Monitoring services may read it too.
    requireRole(group, 'service');
    group.withTypeProvider<ZodTypeProvider>().get(
      '/admin/stats',
      {
        schema: {
          summary: 'Counts of users, cases, evidence, documents and jobs',
          tags: ['monitoring'],
          security: ADMIN_SECURITY,
          response: { 200: statsSchema, ...errorResponses },
        },
      },
      () => collectStats({ db: app.db, users: app.users }),
    );
    return Promise.resolve();
  };
}
