// Failure counts per error code, from every process (the error tracker's table): what goes wrong, how often.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses, listSchema } from './admin-shared.ts';

const statSchema = z.object({
  code: z.number().int(),
  category: z.string(),
  count: z.number().int(),
  firstSeen: z.date(),
  lastSeen: z.date(),
  lastMessage: z.string().describe('Internal message of the latest one, credentials scrubbed'),
});

export function adminErrorRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    // Monitoring services may read it too.
    requireRole(group, 'service');
    group.withTypeProvider<ZodTypeProvider>().get(
      '/admin/errors',
      {
        schema: {
          summary: 'Failures counted per error code, most frequent first (one entry per code: not paged)',
          tags: ['monitoring'],
          security: ADMIN_SECURITY,
          response: { 200: listSchema(statSchema), ...errorResponses },
        },
      },
      async () => ({ items: await app.errors.stats() }),
    );
    return Promise.resolve();
  };
}
