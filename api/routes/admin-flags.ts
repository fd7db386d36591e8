// Feature flags at run time: the effective value of each, set an override, or drop it (back to the
// environment's default). Overrides are stored in the database and reach every replica.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { FEATURE_FLAGS, type FeatureFlagName } from '../../core/config/config.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses, listSchema } from './admin-shared.ts';

const flagName = z.enum(Object.keys(FEATURE_FLAGS) as [FeatureFlagName, ...FeatureFlagName[]]);

const flagSchema = z.object({
  name: flagName,
  enabled: z.boolean(),
  source: z.enum(['environment', 'override']),
  about: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.date().nullable(),
});

const nameParams = z.strictObject({ name: flagName });

const TAGS = ['feature-flags'];

export function adminFlagRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const scope = group.withTypeProvider<ZodTypeProvider>();

    scope.get(
      '/admin/flags',
      {
        schema: {
          summary: 'Every feature flag with its effective value (a fixed, short list: not paged)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          response: { 200: listSchema(flagSchema), ...errorResponses },
        },
      },
      () => Promise.resolve({ items: app.flags.list() }),
    );

    scope.put(
      '/admin/flags/:name',
      {
        schema: {
          summary: 'Override a flag on every replica',
          description: 'enableApiAuth cannot be switched off this way (403).',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: nameParams,
          // A JSON boolean only: `null`, 0 or "false" are refused, never read as false.
          body: z.strictObject({ enabled: z.boolean() }),
          response: { 200: flagSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { name } = request.params;
        const { enabled } = request.body;
        return app.flags.set(name, enabled, callerOf(request).actor);
      },
    );

    scope.delete(
      '/admin/flags/:name',
      {
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
        return app.flags.reset(name, callerOf(request).actor);
      },
    );
    return Promise.resolve();
  };
}
