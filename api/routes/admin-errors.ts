// Failure counts per error code, from every process (the error tracker's table): what goes wrong, how often.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses, listSchema } from './admin-shared.ts';

const statSchema = {
  type: 'object',
  required: ['code', 'category', 'count', 'firstSeen', 'lastSeen', 'lastMessage'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer' },
    category: { type: 'string' },
    count: { type: 'integer' },
    firstSeen: { type: 'string', format: 'date-time' },
    lastSeen: { type: 'string', format: 'date-time' },
    lastMessage: { type: 'string', description: 'Internal message of the latest one, credentials scrubbed' },
  },
} as const;

export function adminErrorRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.get(
      '/admin/errors',
      {
        // Monitoring services may read it too.
        preHandler: requireRole('service'),
        schema: {
          summary: 'Failures counted per error code, most frequent first (one entry per code: not paged)',
          tags: ['monitoring'],
          security: ADMIN_SECURITY,
          response: {
            200: listSchema(statSchema),
            ...errorResponses,
          },
        },
      },
      async () => ({ items: await app.errors.stats() }),
    );
    return Promise.resolve();
  };
}
