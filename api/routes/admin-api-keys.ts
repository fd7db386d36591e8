// API keys for services, and for lawyers' own case-management systems (role `lawyer`, tied to one lawyer on
// the allow-list): created (the key is in that one answer and nowhere else, ever), listed without any
// secret, revoked.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { MAX_KEY_LIFETIME_DAYS } from '../../core/auth/api-keys.ts';
import { KEY_ROLES } from '../../core/auth/roles.ts';
import { ValidationError } from '../../core/errors.ts';
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
  role: z.enum(KEY_ROLES),
  lawyerId: z.string().nullable().describe('With role lawyer: the lawyer whose cases the key reaches'),
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
  /** The lawyer a `lawyer` key is for: an active bot user with the lawyer role, named by Telegram id. */
  async function lawyerFor(role: string, telegramId: number | undefined): Promise<string | undefined> {
    if (role !== 'lawyer') {
      if (telegramId === undefined) return undefined;
      throw new ValidationError([{ path: 'lawyerTelegramId', message: 'only a lawyer key names a lawyer' }]);
    }
    const user = telegramId === undefined ? null : await app.users.get(telegramId);
    if (!user?.active) {
      throw new ValidationError([
        { path: 'lawyerTelegramId', message: 'must be the Telegram id of a lawyer on the allow-list' },
      ]);
    }
    return user.id;
  }

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
            role: z.enum(KEY_ROLES),
            lawyerTelegramId: z
              .number()
              .int()
              .positive()
              .max(Number.MAX_SAFE_INTEGER)
              .optional()
              .describe('With role lawyer (and only then): the Telegram id of the lawyer on the allow-list'),
            expiresInDays: z.number().int().min(1).max(MAX_KEY_LIFETIME_DAYS).optional(),
          }),
          response: { 201: createdKeySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { name, role, expiresInDays, lawyerTelegramId } = request.body;
        const lawyerId = await lawyerFor(role, lawyerTelegramId);
        const created = await app.auth.apiKeys.create({
          name,
          role,
          ...(lawyerId === undefined ? {} : { lawyerId }),
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
