// Jobs through the admin API: list them by kind and state (newest first), read one (state, attempts,
// timestamps, last error), retry one that failed for good, cancel one that has not finished.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { configuredSecretValues } from '../../core/config/config.ts';
import { createJobAdmin } from '../../core/jobs/job-admin.ts';
import { JOB_STATE_NAMES } from '../../core/jobs/queue.ts';
import { secretValueScrubber } from '../../core/logging/redact.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses, pageQuerySchema, pageSchema } from './admin-shared.ts';

const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z
    .enum(JOB_STATE_NAMES)
    .describe('created: queued; retry: waiting out a retry delay; failed: failed for good'),
  retries: z.number().int().describe('Attempts retried so far'),
  retryLimit: z.number().int(),
  createdAt: z.date(),
  startAfter: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  lastError: z
    .string()
    .nullable()
    .describe('What the last failed attempt reported (message only, credentials removed)'),
});

const jobIdParams = z.strictObject({ id: z.uuid() });

export function adminJobRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const jobs = createJobAdmin({
      queue: app.jobs,
      audit: app.audit,
      scrubSecrets: secretValueScrubber(configuredSecretValues(app.config)),
    });
    const kinds = Object.keys(app.jobs.kinds) as [string, ...string[]];
    const routes = group.withTypeProvider<ZodTypeProvider>();

    routes.get(
      '/admin/jobs',
      {
        schema: {
          summary: 'Jobs, newest first, by kind and state',
          tags: ['jobs'],
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({
            kind: z.enum(kinds).optional(),
            state: z.enum(JOB_STATE_NAMES).optional(),
          }),
          response: { 200: pageSchema(jobSchema), ...errorResponses },
        },
      },
      async (request) => {
        const { limit, offset, kind, state } = request.query;
        const page = await jobs.list({
          limit,
          offset,
          ...(kind === undefined ? {} : { kind }),
          ...(state === undefined ? {} : { state }),
        });
        return { ...page, limit, offset };
      },
    );

    routes.get(
      '/admin/jobs/:id',
      {
        schema: {
          summary: 'One job: state, attempts, timestamps and last error',
          tags: ['jobs'],
          security: ADMIN_SECURITY,
          params: jobIdParams,
          response: { 200: jobSchema, ...errorResponses },
        },
      },
      (request) => jobs.get(request.params.id),
    );

    routes.post(
      '/admin/jobs/:id/retry',
      {
        schema: {
          summary: 'Run a job that failed for good once more',
          description: '409 when the job has not failed.',
          tags: ['jobs'],
          security: ADMIN_SECURITY,
          params: jobIdParams,
          response: { 200: jobSchema, ...errorResponses },
        },
      },
      (request) => jobs.retry(callerOf(request).actor, request.params.id),
    );

    routes.post(
      '/admin/jobs/:id/cancel',
      {
        schema: {
          summary: 'Cancel a queued or running job',
          description:
            'A running job stops at its next heartbeat (a broadcast sends nothing more). 409 when it already finished.',
          tags: ['jobs'],
          security: ADMIN_SECURITY,
          params: jobIdParams,
          response: { 200: jobSchema, ...errorResponses },
        },
      },
      (request) => jobs.cancel(callerOf(request).actor, request.params.id),
    );
    return Promise.resolve();
  };
}
