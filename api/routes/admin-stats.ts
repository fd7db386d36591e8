// Counts for an admin's overview (core/stats.ts): allow-list users, cases, evidence, stored documents, jobs.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { collectStats } from '../../core/stats.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses } from './admin-shared.ts';

const count = (description: string) => z.number().int().nullable().describe(description);

const jobFigures = z.object({
  queued: z.number().int().describe('Waiting to run: queued, or waiting out a retry delay'),
  active: z.number().int().describe('Running now'),
  failedLast24h: z.number().int().describe('Failed for good in the last 24 hours'),
  completedLast24h: z.number().int().describe('Completed in the last 24 hours'),
});

const statsSchema = z.object({
  users: z.object({ total: z.number().int(), active: z.number().int(), admins: z.number().int() }),
  cases: count('Cases of all lawyers'),
  evidence: count('Exhibits of all cases'),
  documents: count('Uploaded documents, each stored once by content'),
  jobs: jobFigures.extend({
    byKind: z.record(z.string(), jobFigures).describe('The same figures per job kind'),
  }),
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
      // Counting every table is the slowest read an admin runs: measured, and traced as one operation.
      () => app.span('admin.stats', () => collectStats({ db: app.db, users: app.users, jobs: app.jobs })),
    );
    return Promise.resolve();
  };
}
