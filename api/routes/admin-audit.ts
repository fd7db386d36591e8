// The audit trail through the admin API: who did what to which thing, newest first, filtered.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import { ValidationError } from '../../core/errors.ts';
import { requireRole } from '../plugins/auth.ts';
import {
  ADMIN_SECURITY,
  errorResponses,
  pageQuerySchema,
  pageSchema,
  type PageQuery,
} from './admin-shared.ts';

const entrySchema = {
  type: 'object',
  required: ['id', 'at', 'actor', 'action', 'target', 'outcome', 'requestId', 'details'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'string',
      description: 'admin:<account id>, key:<key id>, telegram:<user id>, system, anonymous',
    },
    action: { type: 'string' },
    target: { type: ['string', 'null'] },
    outcome: { type: 'string', enum: ['success', 'denied', 'failure'] },
    requestId: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

interface AuditQuery extends PageQuery {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export function adminAuditRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.get<{ Querystring: AuditQuery }>(
      '/admin/audit',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'The audit log, newest first',
          tags: ['audit'],
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({
            actor: text,
            action: text,
            target: text,
            from: { type: 'string', format: 'date-time', description: 'Entries at or after this instant' },
            to: { type: 'string', format: 'date-time', description: 'Entries before this instant' },
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
