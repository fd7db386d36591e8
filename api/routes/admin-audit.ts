// The audit trail through the admin API: who did what to which thing, newest first, filtered.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { ValidationError } from '../../core/errors.ts';
import { requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses, pageQuerySchema, pageSchema, queryText } from './admin-shared.ts';

const entrySchema = z.object({
  id: z.string(),
  at: z.date(),
  actor: z.string().describe('admin:<account id>, key:<key id>, telegram:<user id>, system, anonymous'),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const text = queryText(1, 200);
/** An instant with its offset (`2026-01-02T03:04:05Z`); years beyond 9999 do not parse. */
const instant = z.iso.datetime({ offset: true });

export function adminAuditRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    group.withTypeProvider<ZodTypeProvider>().get(
      '/admin/audit',
      {
        schema: {
          summary: 'The audit log, newest first',
          tags: ['audit'],
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({
            actor: text.optional(),
            action: text.optional(),
            target: text.optional(),
            from: instant.describe('Entries at or after this instant').optional(),
            to: instant.describe('Entries before this instant').optional(),
          }),
          response: { 200: pageSchema(entrySchema), ...errorResponses },
        },
      },
      async (request) => {
        const { limit, offset, actor, action, target, from, to } = request.query;
        const fromDate = from === undefined ? undefined : new Date(from);
        const toDate = to === undefined ? undefined : new Date(to);
        if (fromDate && toDate && fromDate > toDate) {
          throw new ValidationError([{ path: 'querystring.from', message: 'must not be after to' }]);
        }
        const page = await app.audit.list({
          limit,
          offset,
          ...(actor === undefined ? {} : { actor }),
          ...(action === undefined ? {} : { action }),
          ...(target === undefined ? {} : { target }),
          ...(fromDate === undefined ? {} : { from: fromDate }),
          ...(toDate === undefined ? {} : { to: toDate }),
        });
        return { ...page, limit, offset };
      },
    );
    return Promise.resolve();
  };
}
