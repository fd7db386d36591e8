// Why the bot cannot start (or go on) talking to Telegram, worded for the operator who must fix it. Polling
// and webhook mode meet the same refusals (a wrong token above all), so both explain them here, once, and
// the entry point turns any of them into one message and one exit code.
import { GrammyError } from 'grammy';

/** A failure no retry fixes; the process should exit with `exitCode` after printing `message`. */
export class TelegramStartupError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, cause?: unknown) {
    super(message, { cause });
    this.name = 'TelegramStartupError';
    this.exitCode = exitCode;
  }
}

/** How this process receives updates: the refusals that can happen differ a little between the two. */
export type TelegramDelivery = 'polling' | 'webhook';

/**
 * Turns Telegram's refusals that no retry fixes into a TelegramStartupError an operator can act on: 401
 * (the token is wrong or revoked), 409 while polling (another process polls with this token, or a webhook
 * was set meanwhile), 400 from setWebhook (Telegram will not deliver to that URL). Other errors are
 * returned unchanged.
 */
export function explainTelegramFailure(err: unknown, delivery: TelegramDelivery): unknown {
  if (!(err instanceof GrammyError)) return err;
  if (err.error_code === 401) {
    return new TelegramStartupError(
      'Telegram rejected the bot token (401 Unauthorized). Check TELEGRAM_BOT_TOKEN: it may be mistyped or revoked in @BotFather.',
      2,
      err,
    );
  }
  if (delivery === 'polling' && err.error_code === 409) {
    return new TelegramStartupError(
      `Telegram refused long polling (409 Conflict: ${err.description}). Another process is polling with this bot token, or a webhook is set. Stop the other instance (or run with TELEGRAM_MODE=webhook) and start again.`,
      1,
      err,
    );
  }
  if (delivery === 'webhook' && err.method === 'setWebhook' && err.error_code === 400) {
    return new TelegramStartupError(
      `Telegram refused the webhook (${err.description}). Check TELEGRAM_WEBHOOK_URL (a public HTTPS URL on port 443, 80, 88 or 8443) and TELEGRAM_WEBHOOK_SECRET.`,
      2,
      err,
    );
  }
  return err;
}
