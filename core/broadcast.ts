// An announcement from the admins to every active user of the bot, paced under Telegram's flood limit
// (about 30 messages per second per bot): one shared token bucket of 25 per second, so replicas sending
// at the same time still stay under it together.
import type { UserService } from './access/users.ts';
import type { Cache } from './cache/cache.ts';
import { ConfigurationError, ValidationError } from './errors.ts';
import { auditAction, type AuditLog } from './logging/audit.ts';
import { createRateLimiter, type RateLimiter } from './resilience/rate-limiter.ts';

/** Sends one plain-text message to a Telegram chat (the bot's `bot.api.sendMessage`). */
export type SendMessage = (chatId: number, text: string) => Promise<unknown>;

/** Telegram's own limit on one message. */
export const MAX_BROADCAST_TEXT = 4096;
/**
 * Broadcasts run inside the admin's request; at 25 a second, 200 recipients take 8 seconds. Larger
 * lists need the job queue, which does not exist yet, so they are refused rather than left to time out.
 */
export const MAX_BROADCAST_RECIPIENTS = 200;
export const BROADCAST_MESSAGES_PER_SECOND = 25;

export interface BroadcastFailure {
  telegramId: number;
  /** Telegram's description (e.g. the user blocked the bot), at most 200 characters. */
  reason: string;
}

export interface BroadcastReport {
  recipients: number;
  delivered: number;
  failed: number;
  failures: BroadcastFailure[];
}

/** The shared pace of every broadcast from every replica (Redis) or from this process (in-process cache). */
export function broadcastPace(cache: Cache): RateLimiter {
  return createRateLimiter(cache, {
    name: 'telegram-broadcast',
    capacity: BROADCAST_MESSAGES_PER_SECOND,
    refillPerSecond: BROADCAST_MESSAGES_PER_SECOND,
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `text` to each chat in turn, waiting for the bucket when it is empty; one failure does not stop the rest. */
export async function sendToAll(
  chatIds: readonly number[],
  text: string,
  send: SendMessage,
  pace: RateLimiter,
): Promise<BroadcastReport> {
  const report: BroadcastReport = { recipients: chatIds.length, delivered: 0, failed: 0, failures: [] };
  for (const chatId of chatIds) {
    for (;;) {
      const taken = await pace.take('all');
      if (taken.allowed) break;
      await sleep(Math.max(1, taken.retryAfterMs));
    }
    try {
      await send(chatId, text);
      report.delivered++;
    } catch (err) {
      // Counted and reported to the admin, who sees which users did not get it and why.
      report.failed++;
      report.failures.push({ telegramId: chatId, reason: describeFailure(err) });
    }
  }
  return report;
}

function describeFailure(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, 200);
}

/** Everyone on the allow-list who is active (lawyers and bot admins), in a stable order. */
async function activeRecipients(users: UserService): Promise<number[]> {
  const ids: number[] = [];
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = await users.list({ limit: pageSize, offset, active: true });
    ids.push(...page.items.map((user) => user.telegramId));
    if (page.items.length < pageSize) return ids;
  }
}

/**
 * No Telegram bot runs in this process, so nothing can be sent from here: a 503 (the request is fine,
 * this process cannot serve it), in the configuration category.
 */
export class NoBotInThisProcessError extends ConfigurationError {
  override readonly httpStatus = 503;
}

export interface BroadcastDeps {
  users: UserService;
  pace: RateLimiter;
  /** The bot of this process; null where none runs (the broadcast is refused and audited as a failure). */
  send: SendMessage | null;
  audit: AuditLog;
}

/**
 * An admin's announcement to every active user, audited `broadcast.send` with what happened. Refuses
 * empty text and lists too long to send in one request.
 */
export function broadcast(deps: BroadcastDeps, text: string, actor: string): Promise<BroadcastReport> {
  return auditAction(
    deps.audit,
    {
      actor,
      action: 'broadcast.send',
      details: { length: text.length },
      describe: (report) => ({ details: { ...report, failures: report.failures.length } }),
    },
    () => {
      const { send } = deps;
      if (!send) {
        throw new NoBotInThisProcessError(
          {},
          {
            userMessage:
              'No Telegram bot runs in this process, so it cannot send a broadcast. Send it to a process that runs the bot (megaagent start or megaagent bot).',
          },
        );
      }
      return sendBroadcast({ users: deps.users, pace: deps.pace, send }, text);
    },
  );
}

async function sendBroadcast(
  deps: { users: UserService; pace: RateLimiter; send: SendMessage },
  text: string,
): Promise<BroadcastReport> {
  if (text.trim() === '' || text.length > MAX_BROADCAST_TEXT) {
    throw new ValidationError([{ path: 'text', message: `must be 1 to ${MAX_BROADCAST_TEXT} characters` }]);
  }
  const recipients = await activeRecipients(deps.users);
  if (recipients.length > MAX_BROADCAST_RECIPIENTS) {
    throw new ValidationError(
      [],
      { recipients: recipients.length },
      {
        userMessage:
          `There are ${recipients.length} active users; a broadcast reaches at most ${MAX_BROADCAST_RECIPIENTS} ` +
          'at once in this version. Nothing was sent.',
      },
    );
  }
  return sendToAll(recipients, text, deps.send, deps.pace);
}
