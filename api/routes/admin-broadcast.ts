// An announcement to every active user of the bot, sent through the bot running in this process and paced
// under Telegram's flood limit. Synchronous: the answer says how many got it; at most 200 recipients.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import {
  MAX_BROADCAST_RECIPIENTS,
  MAX_BROADCAST_TEXT,
  broadcast,
  broadcastPace,
  type SendMessage,
} from '../../core/broadcast.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, cleanText, errorResponses } from './admin-shared.ts';

const reportSchema = z.object({
  recipients: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  failures: z.array(z.object({ telegramId: z.number().int(), reason: z.string() })),
});

export function adminBroadcastRoutes(app: App, send: SendMessage | null): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const pace = broadcastPace(app.cache);

    group.withTypeProvider<ZodTypeProvider>().post(
      '/admin/broadcast',
      {
        schema: {
          summary: `Send a plain-text message to every active bot user (at most ${MAX_BROADCAST_RECIPIENTS}; about 25 per second)`,
          description:
            'Runs within the request and answers when every message was sent or refused. 503 when no bot runs in ' +
            `this process; 400 when there are more than ${MAX_BROADCAST_RECIPIENTS} active users.`,
          tags: ['broadcast'],
          security: ADMIN_SECURITY,
          body: z.strictObject({
            text: cleanText(1, MAX_BROADCAST_TEXT, { multiline: true }).regex(/\S/, 'must not be blank'),
          }),
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      (request) =>
        broadcast(
          { users: app.users, pace, send, audit: app.audit },
          request.body.text,
          callerOf(request).actor,
        ),
    );
    return Promise.resolve();
  };
}
