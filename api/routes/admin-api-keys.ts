// API keys for services: created (the key is in that one answer and nowhere else, ever), listed without
// any secret, revoked.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { MAX_KEY_LIFETIME_DAYS } from '../../core/auth/api-keys.ts';
import { AUTH_ROLES } from '../../core/auth/roles.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import {
  ADMIN_SECURITY,
  booleanText,
  cleanText,
  errorResponses,
  pageQuerySchema,
  pageSchema,
} from './admin-shared.ts';

const keyProperties = {
  id: z.string(),
  name: z.string(),
  role: z.enum(AUTH_ROLES),
  prefix: z.string().describe('The first characters of the key, to tell keys apart'),
  createdBy: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable().describe('Updated at most once a minute'),
  revokedAt: z.date().nullable(),
  revokedBy: z.string().nullable(),
};

/** What lists and revocations show: never the key or its hash (anything not named here is dropped). */
const apiKeySchema = z.object(keyProperties);

const createdKeySchema = z.object({
  key: z.string().describe('The API key. Shown only in this answer: store it now.'),
  ...keyProperties,
});

const TAGS = ['api-keys'];

export function adminApiKeyRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const scope = group.withTypeProvider<ZodTypeProvider>();

    scope.post(
      '/admin/api-keys',
      {
        schema: {
          summary: 'Create an API key (returned once)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          body: z.strictObject({
            name: cleanText(1, 100).regex(/\S/, 'must not be blank'),
            role: z.enum(AUTH_ROLES),
            expiresInDays: z.number().int().min(1).max(MAX_KEY_LIFETIME_DAYS).optional(),
          }),
          response: { 201: createdKeySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { name, role, expiresInDays } = request.body;
        const created = await app.auth.apiKeys.create({
          name,
          role,
          createdBy: callerOf(request).actor,
          ...(expiresInDays === undefined ? {} : { expiresInDays }),
        });
        // Nothing may keep the answer: it holds the key.
        reply.header('cache-control', 'no-store');
        return reply.code(201).send({ key: created.key, ...created.apiKey });
      },
    );

    scope.get(
      '/admin/api-keys',
      {
        schema: {
          summary: 'API keys (never the key itself)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({ includeRevoked: booleanText.default(true) }),
          response: { 200: pageSchema(apiKeySchema), ...errorResponses },
        },
      },
      async (request) => {
        const { limit, offset, includeRevoked } = request.query;
        return { ...(await app.auth.apiKeys.list({ limit, offset, includeRevoked })), limit, offset };
      },
    );

    scope.delete(
      '/admin/api-keys/:id',
      {
        schema: {
          summary: 'Revoke an API key (at once, on every replica)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: z.strictObject({ id: z.guid() }),
          response: { 200: apiKeySchema, ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params;
        return app.auth.apiKeys.revoke(id, callerOf(request).actor);
      },
    );
    return Promise.resolve();
  };
}
