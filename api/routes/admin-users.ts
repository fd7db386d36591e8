// The bot's allow-list through the admin API: list, add (or re-activate), change role or active flag,
// deactivate. Every replica's bot honours a change within seconds (the users service fans it out).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOT_ROLES } from '../../core/access/users.ts';
import type { App } from '../../core/app.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import {
  ADMIN_SECURITY,
  booleanText,
  cleanText,
  errorResponses,
  pageQuerySchema,
  pageSchema,
  wholeNumberText,
} from './admin-shared.ts';

const MAX_TELEGRAM_ID = Number.MAX_SAFE_INTEGER;

const role = z.enum(BOT_ROLES);
const telegramId = z.number().int().min(1).max(MAX_TELEGRAM_ID);
const displayName = cleanText(0, 200).nullable();

const userSchema = z.object({
  id: z.string(),
  telegramId: z.number().int(),
  displayName: z.string().nullable(),
  role,
  active: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const telegramIdParams = z.strictObject({ telegramId: wholeNumberText(1, MAX_TELEGRAM_ID) });

const TAGS = ['allow-list'];

export function adminUserRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const scope = group.withTypeProvider<ZodTypeProvider>();

    scope.get(
      '/admin/users',
      {
        schema: {
          summary: 'Users on the bot allow-list',
          tags: TAGS,
          security: ADMIN_SECURITY,
          querystring: pageQuerySchema({ role: role.optional(), active: booleanText.optional() }),
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

    scope.post(
      '/admin/users',
      {
        schema: {
          summary: 'Allow a Telegram user (or re-activate one, with this role)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          body: z.strictObject({ telegramId, role, displayName: displayName.optional() }),
          response: { 200: userSchema, 201: userSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { telegramId: id, role: newRole, displayName: name } = request.body;
        const { user, existed } = await app.users.allow(
          { telegramId: id, role: newRole, ...(name === undefined ? {} : { displayName: name }) },
          callerOf(request).actor,
        );
        return reply.code(existed ? 200 : 201).send(user);
      },
    );

    scope.patch(
      '/admin/users/:telegramId',
      {
        schema: {
          summary: "Change a user's role, active flag or display name",
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: telegramIdParams,
          body: z
            .strictObject({
              role: role.optional(),
              active: z.boolean().optional(),
              displayName: displayName.optional(),
            })
            .refine((change) => Object.keys(change).length > 0, 'must change at least one property'),
          response: { 200: userSchema, ...errorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        const change = {
          ...(body.role === undefined ? {} : { role: body.role }),
          ...(body.active === undefined ? {} : { active: body.active }),
          ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
        };
        return app.users.change(request.params.telegramId, change, callerOf(request).actor);
      },
    );

    scope.delete(
      '/admin/users/:telegramId',
      {
        schema: {
          summary: 'Deactivate a user (kept, with their cases, but refused by the bot)',
          tags: TAGS,
          security: ADMIN_SECURITY,
          params: telegramIdParams,
          response: { 200: userSchema, ...errorResponses },
        },
      },
      async (request) => {
        return app.users.change(request.params.telegramId, { active: false }, callerOf(request).actor);
      },
    );
    return Promise.resolve();
  };
}
