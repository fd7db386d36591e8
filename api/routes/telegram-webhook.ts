// POST /telegram/webhook: where Telegram delivers updates in webhook mode. Only Telegram knows the secret
// it was registered with (X-Telegram-Bot-Api-Secret-Token); anything else is refused before its body is
// read. Not behind admin auth or the admin rate limit: Telegram posts from a few addresses, in bursts.
// The bot's update handler is handed in by bin/ (api/ never imports bot/).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Secret } from '../../core/config/secret.ts';
import { AuthenticationError, InternalError, toErrorResponse, type AppError } from '../../core/errors.ts';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';
/** An update is a few kilobytes; a long message with entities and a quoted reply stays far below this. */
const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

/** The update as Telegram sends it; the bot reads the rest. */
export interface TelegramUpdateBody {
  update_id: number;
  [kind: string]: unknown;
}

/** What the bot did with an update (see bot/transports/webhook.ts); decides what Telegram is answered. */
export type WebhookUpdateOutcome = 'handled' | 'continuing' | 'failed' | 'refused';

export interface TelegramWebhookDeps {
  secret: Secret;
  receive(update: TelegramUpdateBody): Promise<WebhookUpdateOutcome>;
}

/** This replica has shut down its bot: 503, so Telegram delivers the update again, to another replica. */
class ReplicaShuttingDownError extends InternalError {
  override readonly httpStatus = 503;
}

const updateSchema = {
  type: 'object',
  required: ['update_id'],
  properties: { update_id: { type: 'integer', minimum: 0 } },
} as const;

/** Both sides hashed first: equal lengths for timingSafeEqual, and the secret's length does not leak either. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The project's error shape, sent here rather than thrown: these are already logged and counted, or expected. */
function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  const response = toErrorResponse(err, reply.request.id);
  if (err instanceof ReplicaShuttingDownError) reply.header('retry-after', '1');
  return reply.code(response.status).send(response.body);
}

export function telegramWebhookRoutes(deps: TelegramWebhookDeps): FastifyPluginAsync {
  const expected = digest(deps.secret.reveal());
  const secretMatches = (header: string | string[] | undefined): boolean =>
    typeof header === 'string' && timingSafeEqual(digest(header), expected);

  return (server) => {
    server.post<{ Body: TelegramUpdateBody }>(
      TELEGRAM_WEBHOOK_PATH,
      {
        bodyLimit: WEBHOOK_BODY_LIMIT_BYTES,
        config: { rateLimit: false, cors: false },
        schema: {
          summary: 'Telegram update delivery (webhook mode)',
          description: `Called by Telegram only, with the registered secret in ${SECRET_TOKEN_HEADER}.`,
          tags: ['telegram'],
          body: updateSchema,
        },
        // Before the body is read or parsed: a caller without the secret costs one hash.
        onRequest: (request, _reply, done) => {
          if (secretMatches(request.headers[SECRET_TOKEN_HEADER])) {
            done();
            return;
          }
          done(
            new AuthenticationError(
              {
                route: TELEGRAM_WEBHOOK_PATH,
                secretSent: request.headers[SECRET_TOKEN_HEADER] !== undefined,
              },
              { userMessage: 'The webhook secret token is missing or wrong.' },
            ),
          );
        },
      },
      async (request, reply) => {
        switch (await deps.receive(request.body)) {
          case 'handled':
          case 'continuing':
            return reply.code(200).send();
          case 'failed':
            return sendError(reply, new InternalError({ updateId: request.body.update_id }));
          case 'refused':
            return sendError(
              reply,
              new ReplicaShuttingDownError(
                { updateId: request.body.update_id },
                { userMessage: 'This server is shutting down; deliver the update again.' },
              ),
            );
        }
      },
    );
    return Promise.resolve();
  };
}
