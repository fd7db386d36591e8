// The bot's allow-list through the admin API: list, add (or re-activate), change role or active flag,
// deactivate. Every replica's bot honours a change within seconds (the users service fans it out).
import type { FastifyPluginAsync } from 'fastify';
import type { BotUser, Role } from '../../core/access/users.ts';
import type { App } from '../../core/app.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireRole } from '../plugins/auth.ts';
import {
  ADMIN_SECURITY,
  audited,
  errorResponses,
  pageQuerySchema,
  pageSchema,
  type PageQuery,
} from './admin-shared.ts';

const MAX_TELEGRAM_ID = Number.MAX_SAFE_INTEGER;

const userSchema = {
  type: 'object',
  required: ['id', 'telegramId', 'displayName', 'role', 'active', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    telegramId: { type: 'integer' },
    displayName: { type: ['string', 'null'] },
    role: { type: 'string', enum: ['admin', 'lawyer'] },
    active: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const telegramIdParams = {
  type: 'object',
  required: ['telegramId'],
  additionalProperties: false,
  properties: { telegramId: { type: 'integer', minimum: 1, maximum: MAX_TELEGRAM_ID } },
} as const;

const displayName = { type: ['string', 'null'], maxLength: 200 } as const;
const role = { type: 'string', enum: ['admin', 'lawyer'] } as const;

interface ListQuery extends PageQuery {
  role?: Role;
  active?: boolean;
}

const TAGS = ['allow-list'];

function notFound(telegramId: number): NotFoundError {
  return new NotFoundError(
    { telegramId },
    { userMessage: `Telegram user ${telegramId} is not on the allow-list.` },
  );
}

export function adminUserRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.get<{ Querystring: ListQuery }>(
      '/admin/users',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Users on the bot allow-list',
          tags: TAGS,
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({ role, active: { type: 'boolean' } }),
          response: { 200: pageSchema(userSchema), ...errorResponses },
        },
      },
      async (request) => {
        const { limit, offset, role: wantedRole, active } = request.query;
        const page = await app.users.list({
          limit,
          offset,
          ...(wantedRole === undefined ? {} : { role: wantedRole }),
          ...(active === undefined ? {} : { active }),
        });
        return { ...page, limit, offset };
      },
    );

    scope.post<{ Body: { telegramId: number; role: Role; displayName?: string | null } }>(
      '/admin/users',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Allow a Telegram user (or re-activate one, with this role)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          body: {
            type: 'object',
            required: ['telegramId', 'role'],
            additionalProperties: false,
            properties: { telegramId: telegramIdParams.properties.telegramId, role, displayName },
          },
          response: { 200: userSchema, 201: userSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { telegramId, role: newRole, displayName: name } = request.body;
        const existed = (await app.users.get(telegramId)) !== null;
        const user = await audited(
          app,
          request,
          { action: 'users.add', target: String(telegramId), details: { role: newRole, existed } },
          () =>
            app.users.upsert({
              telegramId,
              role: newRole,
              ...(name === undefined ? {} : { displayName: name }),
            }),
        );
        return reply.code(existed ? 200 : 201).send(user);
      },
    );

    scope.patch<{
      Params: { telegramId: number };
      Body: { role?: Role; active?: boolean; displayName?: string | null };
    }>(
      '/admin/users/:telegramId',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: "Change a user's role, active flag or display name",
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: telegramIdParams,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { role, active: { type: 'boolean' }, displayName },
          },
          response: { 200: userSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { telegramId } = request.params;
        const change = request.body;
        const action = change.active === false ? 'users.deactivate' : 'users.update';
        return audited(
          app,
          request,
          { action, target: String(telegramId), details: { change } },
          async () => {
            const user = await app.users.update(telegramId, change);
            if (!user) throw notFound(telegramId);
            return user;
          },
        );
      },
    );

    scope.delete<{ Params: { telegramId: number } }>(
      '/admin/users/:telegramId',
      {
        preHandler: requireRole('admin'),
        schema: {
          summary: 'Deactivate a user (kept, with their cases, but refused by the bot)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: telegramIdParams,
          response: { 200: userSchema, ...errorResponses },
        },
      },
      async (request): Promise<BotUser> => {
        const { telegramId } = request.params;
        return audited(app, request, { action: 'users.deactivate', target: String(telegramId) }, async () => {
          const user = await app.users.update(telegramId, { active: false });
          if (!user) throw notFound(telegramId);
          return user;
        });
      },
    );
    return Promise.resolve();
  };
}
