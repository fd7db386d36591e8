// Feature flags at run time: the effective value of each, set an override, or drop it (back to the
// environment's default). Overrides are stored in the database and reach every replica.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import { FEATURE_FLAGS, type FeatureFlagName } from '../../core/config/config.ts';
import { PermissionDeniedError } from '../../core/errors.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, audited, errorResponses, listSchema } from './admin-shared.ts';

const FLAG_NAMES = Object.keys(FEATURE_FLAGS) as FeatureFlagName[];

const flagSchema = {
  type: 'object',
  required: ['name', 'enabled', 'source', 'about', 'updatedBy', 'updatedAt'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', enum: FLAG_NAMES },
    enabled: { type: 'boolean' },
    source: { type: 'string', enum: ['environment', 'override'] },
    about: { type: 'string' },
    updatedBy: { type: ['string', 'null'] },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const nameParams = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', enum: FLAG_NAMES } },
} as const;

const TAGS = ['feature-flags'];

export function adminFlagRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.get(
      '/admin/flags',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Every feature flag with its effective value (a fixed, short list: not paged)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          response: {
            200: listSchema(flagSchema),
            ...errorResponses,
          },
        },
      },
      () => Promise.resolve({ items: app.flags.list() }),
    );

    scope.put<{ Params: { name: FeatureFlagName }; Body: { enabled: boolean } }>(
      '/admin/flags/:name',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Override a flag on every replica',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: nameParams,
          body: {
            type: 'object',
            required: ['enabled'],
            additionalProperties: false,
            properties: { enabled: { type: 'boolean' } },
          },
          response: { 200: flagSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { name } = request.params;
        const { enabled } = request.body;
        return audited(app, request, { action: 'flags.set', target: name, details: { enabled } }, () => {
          // The API must not be able to unlock itself: switching authentication off takes a deliberate
          // FEATURE_ENABLE_API_AUTH=false outside production, never a request.
          if (name === 'enableApiAuth' && !enabled) {
            throw new PermissionDeniedError(
              { flag: name },
              {
                userMessage:
                  'API authentication cannot be switched off through the API. Outside production, set FEATURE_ENABLE_API_AUTH=false.',
              },
            );
          }
          return app.flags.set(name, enabled, callerOf(request).actor);
        });
      },
    );

    scope.delete<{ Params: { name: FeatureFlagName } }>(
      '/admin/flags/:name',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: "Drop a flag's override: the environment's default applies again",
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: nameParams,
          response: { 200: flagSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { name } = request.params;
        return audited(app, request, { action: 'flags.reset', target: name }, () =>
          app.flags.reset(name, callerOf(request).actor),
        );
      },
    );
    return Promise.resolve();
  };
}
