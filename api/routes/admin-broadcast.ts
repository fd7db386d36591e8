// An announcement to every active bot user: queued as one 'broadcast' job that a worker sends, paced under
// Telegram's limits, with a delivery report read here (sent, blocked the bot, failed) as it goes.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import {
  MAX_BROADCAST_TEXT,
  MAX_REPORTED_FAILURES,
  broadcastReport,
  queueBroadcast,
} from '../../core/broadcast.ts';
import { JOB_STATE_NAMES } from '../../core/jobs/queue.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, cleanText, errorResponses } from './admin-shared.ts';

const queuedSchema = z.object({
  id: z.uuid().describe('The broadcast: read its delivery report at /admin/broadcasts/{id}'),
  jobId: z.string().describe('The job sending it (see /admin/jobs/{id})'),
  recipients: z.number().int().describe('Active users when it was queued; each gets it once'),
});

const reportSchema = z.object({
  id: z.uuid(),
  actor: z.string(),
  jobId: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z
    .date()
    .nullable()
    .describe(
      'Null while it is being sent (or when it was cancelled); set when every recipient was tried, or when ' +
        'its job failed for good (jobState failed: those still pending never got it)',
    ),
  jobState: z
    .enum(JOB_STATE_NAMES)
    .nullable()
    .describe("The sending job's state; null once its history was removed"),
  recipients: z.number().int(),
  sent: z.number().int(),
  blocked: z.number().int().describe('Users who blocked the bot (Telegram answered 403)'),
  failed: z.number().int().describe('Refused by Telegram for another reason'),
  unconfirmed: z
    .number()
    .int()
    .describe('In flight when a worker died: it may have arrived, so it was not sent again'),
  pending: z.number().int().describe('Not sent yet (never, once its job failed for good)'),
  failures: z
    .array(
      z.object({
        telegramId: z.number().int(),
        outcome: z.enum(['blocked', 'failed', 'unconfirmed']),
        reason: z.string().nullable(),
      }),
    )
    .describe(`The first ${MAX_REPORTED_FAILURES} recipients who did not get it, with Telegram's reason`),
});

export function adminBroadcastRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    requireRole(group, 'admin');
    const routes = group.withTypeProvider<ZodTypeProvider>();

    routes.post(
      '/admin/broadcast',
      {
        schema: {
          summary: 'Queue a plain-text message to every active bot user',
          description:
            'Answers 202 at once: a worker sends it, about 29 messages a second, honouring Telegram flood ' +
            'control. Any number of users. Follow it at /admin/broadcasts/{id}.',
          tags: ['broadcast'],
          security: ADMIN_SECURITY,
          body: z.strictObject({
            text: cleanText(1, MAX_BROADCAST_TEXT, { multiline: true }).regex(/\S/, 'must not be blank'),
          }),
          response: { 202: queuedSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const queued = await queueBroadcast(
          {
            store: app.broadcasts,
            jobs: app.jobs,
            audit: app.audit,
          },
          request.body.text,
          callerOf(request).actor,
        );
        return reply.code(202).send(queued);
      },
    );

    routes.get(
      '/admin/broadcasts/:id',
      {
        schema: {
          summary: "A broadcast's delivery report: how many got it, blocked the bot or failed",
          tags: ['broadcast'],
          security: ADMIN_SECURITY,
          params: z.strictObject({ id: z.uuid() }),
          response: { 200: reportSchema, ...errorResponses },
        },
      },
      (request) => broadcastReport(app.broadcasts, app.jobs, request.params.id),
    );
    return Promise.resolve();
  };
}
