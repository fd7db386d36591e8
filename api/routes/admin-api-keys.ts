// API keys for services: created (the key is in that one answer and nowhere else, ever), listed without
// any secret, revoked.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import { MAX_KEY_LIFETIME_DAYS, type ApiKey } from '../../core/auth/api-keys.ts';
import { AUTH_ROLES, type AuthRole } from '../../core/auth/roles.ts';
import { NotFoundError } from '../../core/errors.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import {
  ADMIN_SECURITY,
  audited,
  errorResponses,
  pageQuerySchema,
  pageSchema,
  type PageQuery,
} from './admin-shared.ts';

const keyProperties = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  role: { type: 'string', enum: AUTH_ROLES },
  prefix: { type: 'string', description: 'The first characters of the key, to tell keys apart' },
  createdBy: { type: 'string' },
  createdAt: { type: 'string', format: 'date-time' },
  expiresAt: { type: ['string', 'null'], format: 'date-time' },
  lastUsedAt: { type: ['string', 'null'], format: 'date-time', description: 'Updated at most once a minute' },
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
  revokedBy: { type: ['string', 'null'] },
} as const;

const keyRequired = Object.keys(keyProperties);

/** What lists and revocations show: never the key or its hash (the serializer drops anything not named here). */
const apiKeySchema = {
  type: 'object',
  required: keyRequired,
  additionalProperties: false,
  properties: keyProperties,
} as const;

const createdKeySchema = {
  type: 'object',
  required: ['key', ...keyRequired],
  additionalProperties: false,
  properties: {
    key: { type: 'string', description: 'The API key. Shown only in this answer: store it now.' },
    ...keyProperties,
  },
} as const;

const TAGS = ['api-keys'];

export function adminApiKeyRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.post<{ Body: { name: string; role: AuthRole; expiresInDays?: number } }>(
      '/admin/api-keys',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Create an API key (returned once)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          body: {
            type: 'object',
            required: ['name', 'role'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
              role: { type: 'string', enum: AUTH_ROLES },
              expiresInDays: { type: 'integer', minimum: 1, maximum: MAX_KEY_LIFETIME_DAYS },
            },
          },
          response: { 201: createdKeySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { name, role, expiresInDays } = request.body;
        const created = await audited(
          app,
          request,
          {
            action: 'api-keys.create',
            details: { name, role, expiresInDays: expiresInDays ?? null },
            describe: (c) => ({ target: c.apiKey.id }),
          },
          () =>
            app.auth.apiKeys.create({
              name,
              role,
              createdBy: callerOf(request).actor,
              ...(expiresInDays === undefined ? {} : { expiresInDays }),
            }),
        );
        // Nothing may keep the answer: it holds the key.
        reply.header('cache-control', 'no-store');
        return reply.code(201).send({ key: created.key, ...created.apiKey });
      },
    );

    scope.get<{ Querystring: PageQuery & { includeRevoked: boolean } }>(
      '/admin/api-keys',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'API keys (never the key itself)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({ includeRevoked: { type: 'boolean', default: true } }),
          response: { 200: pageSchema(apiKeySchema), ...errorResponses },
        },
      },
      async (request) => {
        const { limit, offset, includeRevoked } = request.query;
        return { ...(await app.auth.apiKeys.list({ limit, offset, includeRevoked })), limit, offset };
      },
    );

    scope.delete<{ Params: { id: string } }>(
      '/admin/api-keys/:id',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Revoke an API key (at once, on every replica)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: {
            type: 'object',
            required: ['id'],
            additionalProperties: false,
            properties: { id: { type: 'string', format: 'uuid' } },
          },
          response: { 200: apiKeySchema, ...errorResponses },
        },
      },
      async (request): Promise<ApiKey> => {
        const { id } = request.params;
        return audited(app, request, { action: 'api-keys.revoke', target: id }, async () => {
          const revoked = await app.auth.apiKeys.revoke(id, callerOf(request).actor);
          if (!revoked)
            throw new NotFoundError({ keyId: id }, { userMessage: 'There is no API key with this id.' });
          return revoked;
        });
      },
    );
    return Promise.resolve();
  };
}
