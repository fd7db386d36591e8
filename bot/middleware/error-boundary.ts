// The one place a failure meets the lawyer: a short safe message in their language with a reference id,
// never a stack trace. The same id is on the log line and in the error tracker, so support can find the
// failure from the id.
import { randomBytes } from 'node:crypto';
import type { MiddlewareFn } from 'grammy';
import type { App } from '../../core/app.ts';
import {
  ERROR_CODES,
  INTERNAL_ERROR_CODE,
  ValidationError,
  isAppError,
  userMessageOf,
  type ErrorCode,
} from '../../core/errors.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/i18n.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml } from '../telegram-text.ts';
import { stopUpdate } from './update-metrics.ts';

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/** The message of errors.ftl for an error code. */
const errorMessageKey = (code: ErrorCode): string => `errors-code-${String(code)}`;

/** Every error message key: the family the locale tests check. */
export const ERROR_MESSAGE_KEYS: readonly string[] = Object.keys(ERROR_CODES).map((code) =>
  errorMessageKey(Number(code) as ErrorCode),
);

/** The names of the input fields a ValidationError can point at, as the lawyer knows them. */
const FIELD_NAME_KEYS: Readonly<Record<string, string>> = {
  clientName: 'errors-field-client-name',
  fieldOfEndeavor: 'errors-field-field-of-endeavor',
};

/**
 * What the lawyer reads about `err`: its code's message in their language, and for a validation error the
 * fields to check, named in their language.
 */
export function errorMessage(t: Translate, err: unknown, options: { english?: boolean } = {}): string {
  const code = isAppError(err) ? err.code : INTERNAL_ERROR_CODE;
  // A message core wrote for this one failure (naming a limit, a wait) is English: shown as it is in
  // English, replaced by its code's message in another language.
  const specific = isAppError(err) && err.userMessage !== ERROR_CODES[code].userMessage;
  const message = specific && options.english ? userMessageOf(err) : t(errorMessageKey(code));
  if (!(err instanceof ValidationError)) return message;
  const fields = err.fields
    .map((field) => FIELD_NAME_KEYS[field.path])
    .filter((key): key is string => key !== undefined)
    .map((key) => t(key));
  return fields.length === 0
    ? message
    : `${message} ${t('errors-check-fields', { fields: fields.join(', ') })}`;
}

/** Short enough to read out on the phone; unique enough to find one log line. */
function newReferenceId(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function failureText(message: string, referenceId: string, t: Translate): string {
  return `${escapeHtml(message)}\n${escapeHtml(t('errors-reference'))} <code>${escapeHtml(referenceId)}</code>`;
}

/**
 * The words for the lawyer: ctx.t when the i18n middleware has run; otherwise English from the core
 * translator (a failure before the lawyer's language is known).
 */
function translatorFor(app: App, ctx: BotContext): Translate {
  if (typeof ctx.t === 'function') return (key, params) => ctx.t(key, params);
  return (key, params) => app.translator.t(DEFAULT_LOCALE, key, params);
}

async function localeOf(ctx: BotContext): Promise<string> {
  return typeof ctx.i18n?.getLocale === 'function' ? ctx.i18n.getLocale() : DEFAULT_LOCALE;
}

/** Logs and records `err`, then tells the lawyer what happened in words they can act on. */
export async function reportFailure(app: App, ctx: BotContext, err: unknown): Promise<string> {
  const referenceId = newReferenceId();
  stopUpdate(ctx, 'error');
  const log = ctx.log ?? app.log;
  log.error({ err, referenceId, updateId: ctx.update.update_id }, 'update failed');
  await app.errors.capture(err);
  try {
    const t = translatorFor(app, ctx);
    const message = errorMessage(t, err, { english: (await localeOf(ctx)) === DEFAULT_LOCALE });
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery({ text: `${message} (${t('errors-reference-short')} ${referenceId})` });
    else if (ctx.chat?.type === 'private')
      await ctx.reply(failureText(message, referenceId, t), { parse_mode: 'HTML' });
  } catch (replyErr) {
    // Telegram itself may be the failure; the original error is already logged under the same id.
    log.error(
      { err: replyErr, referenceId, safeMessage: userMessageOf(err) },
      'could not tell the lawyer about a failure',
    );
  }
  return referenceId;
}

export function errorBoundary(app: App): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      await reportFailure(app, ctx, err);
    }
  };
}
