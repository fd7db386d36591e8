// The one error hierarchy: every failure the product reports carries a numeric code, a category, an HTTP
// status, a message safe to show a lawyer or admin, and internal context that is only ever logged.
//
// ERROR_CODES below is the single source of truth; each class only names its code. docs/errors.md is
// the same table rendered by `renderErrorCodeTable()` (a unit test keeps the two in step).
//
// Errors we did not raise ourselves (a pg error, a bug's TypeError, a thrown string) are reported as
// InternalError 1000: a generic message, no stack, no original message. 1000 sits in its own
// `internal` category at the bottom of the range so it never reads as "validation" or "agent" trouble.

/** Categories with the code range each owns (inclusive). */
export const ERROR_CATEGORIES = {
  internal: { min: 1000, max: 1099 },
  validation: { min: 1100, max: 1499 },
  configuration: { min: 1500, max: 1999 },
  authentication: { min: 2000, max: 2499 },
  authorization: { min: 2500, max: 2999 },
  storage: { min: 3000, max: 3999 },
  external: { min: 4000, max: 4999 },
  agent: { min: 5000, max: 5999 },
  file: { min: 6000, max: 6999 },
  resource: { min: 7000, max: 7999 },
} as const;

export type ErrorCategory = keyof typeof ERROR_CATEGORIES;

export interface ErrorDefinition {
  /** The class name, as thrown and as logged (`err.type`). */
  readonly name: string;
  readonly category: ErrorCategory;
  readonly httpStatus: number;
  /** Safe to show a lawyer or an admin: says what happened and what to do, never how it failed inside. */
  readonly userMessage: string;
}

export const ERROR_CODES = {
  1000: {
    name: 'InternalError',
    category: 'internal',
    httpStatus: 500,
    userMessage:
      'Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.',
  },
  1100: {
    name: 'ValidationError',
    category: 'validation',
    httpStatus: 400,
    userMessage: 'Some of the information is not valid. Please check it and try again.',
  },
  1500: {
    name: 'ConfigurationError',
    category: 'configuration',
    httpStatus: 500,
    userMessage: 'The service is not configured correctly. Please tell your administrator.',
  },
  2000: {
    name: 'AuthenticationError',
    category: 'authentication',
    httpStatus: 401,
    userMessage: 'Please sign in to do this.',
  },
  2001: {
    name: 'InvalidTokenError',
    category: 'authentication',
    httpStatus: 401,
    userMessage: 'Your credentials are not valid. Please sign in again.',
  },
  2002: {
    name: 'ExpiredTokenError',
    category: 'authentication',
    httpStatus: 401,
    userMessage: 'Your session has expired. Please sign in again.',
  },
  2500: {
    name: 'PermissionDeniedError',
    category: 'authorization',
    httpStatus: 403,
    userMessage: 'You do not have permission to do this.',
  },
  3000: {
    name: 'DatabaseError',
    category: 'storage',
    httpStatus: 500,
    userMessage: 'Your data could not be saved or loaded. Please try again in a moment.',
  },
  3001: {
    name: 'DatabaseConnectionError',
    category: 'storage',
    httpStatus: 503,
    userMessage: 'The case database is unavailable right now. Please try again in a moment.',
  },
  3100: {
    name: 'CacheError',
    category: 'storage',
    httpStatus: 503,
    userMessage: 'A temporary storage service is unavailable. Please try again in a moment.',
  },
  4000: {
    name: 'ExternalServiceError',
    category: 'external',
    httpStatus: 502,
    userMessage: 'An outside service did not answer as expected. Please try again in a moment.',
  },
  4001: {
    name: 'LLMTimeoutError',
    category: 'external',
    httpStatus: 504,
    userMessage: 'The AI service took too long to answer. Please try again.',
  },
  4002: {
    name: 'LLMRateLimitError',
    category: 'external',
    httpStatus: 503,
    userMessage: 'The AI service is busy right now. Please try again in a minute.',
  },
  4100: {
    name: 'TelegramError',
    category: 'external',
    httpStatus: 502,
    userMessage: 'Telegram did not accept the message. Please try again.',
  },
  6000: {
    name: 'FileError',
    category: 'file',
    httpStatus: 422,
    userMessage: 'That file could not be processed. Please check it and send it again.',
  },
  6001: {
    name: 'FileNotFoundError',
    category: 'file',
    httpStatus: 404,
    userMessage: 'That file could not be found.',
  },
  6002: {
    name: 'FileTooLargeError',
    category: 'file',
    httpStatus: 413,
    userMessage: 'That file is too large. Please send a smaller file.',
  },
  6003: {
    name: 'InvalidFileTypeError',
    category: 'file',
    httpStatus: 415,
    userMessage: 'That type of file is not supported. Please send a PDF, a Word document or an image.',
  },
  7000: {
    name: 'NotFoundError',
    category: 'resource',
    httpStatus: 404,
    userMessage: 'That item does not exist or is not yours.',
  },
  7001: {
    name: 'CaseNotFoundError',
    category: 'resource',
    httpStatus: 404,
    userMessage: 'That case does not exist or is not yours.',
  },
  7100: {
    name: 'AlreadyExistsError',
    category: 'resource',
    httpStatus: 409,
    userMessage: 'That item already exists.',
  },
  7200: {
    name: 'RateLimitExceededError',
    category: 'resource',
    httpStatus: 429,
    userMessage: 'Too many requests. Please wait a moment and try again.',
  },
  7300: {
    name: 'JobNotFoundError',
    category: 'resource',
    httpStatus: 404,
    userMessage: 'That job does not exist. Finished jobs are removed after their retention period.',
  },
  7301: {
    name: 'JobStateConflictError',
    category: 'resource',
    httpStatus: 409,
    userMessage:
      "Not possible in the job's current state: retry a failed job; cancel a queued or running one.",
  },
  7302: {
    name: 'BroadcastNotFoundError',
    category: 'resource',
    httpStatus: 404,
    userMessage: 'That broadcast does not exist.',
  },
} as const satisfies Record<number, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const INTERNAL_ERROR_CODE = 1000 satisfies ErrorCode;

export interface AppErrorOptions {
  /** The failure underneath, kept for logs (`err.cause`), never shown. */
  cause?: unknown;
  /** Internal message for logs; defaults to the user message. */
  message?: string;
  /** A more specific safe message (e.g. naming the size limit). It is shown to users: no internals. */
  userMessage?: string;
}

/** Internal detail: logged (after redaction), never shown to a user. */
export type ErrorContext = Record<string, unknown>;

/** Every concrete error class names its code; the table supplies the rest. */
interface CodedClass {
  readonly code: ErrorCode;
}

export abstract class AppError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly httpStatus: number;
  readonly userMessage: string;
  readonly context: ErrorContext;

  constructor(context: ErrorContext = {}, options: AppErrorOptions = {}) {
    const code = (new.target as unknown as CodedClass).code;
    const definition: ErrorDefinition = ERROR_CODES[code];
    const userMessage = options.userMessage ?? definition.userMessage;
    super(options.message ?? userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    // Not enumerable, like Error's own name: logs show it once, as `type`.
    Object.defineProperty(this, 'name', {
      value: definition.name,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    this.code = code;
    this.category = definition.category;
    this.httpStatus = definition.httpStatus;
    this.userMessage = userMessage;
    this.context = context;
  }
}

/** A failure with no more specific class: also what every foreign error is reported as. */
export class InternalError extends AppError {
  static readonly code = 1000;
}

export interface FieldIssue {
  /** Dotted path of the offending input, e.g. `client.birthDate`; empty for the input as a whole. */
  path: string;
  /** Safe to show: says what is wrong with the value, never echoes secrets. */
  message: string;
}

/** Structural shape of a zod error, so this module needs no zod import. */
interface IssueList {
  readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>;
}

export class ValidationError extends AppError {
  static readonly code = 1100;
  readonly fields: readonly FieldIssue[];

  constructor(fields: readonly FieldIssue[] = [], context: ErrorContext = {}, options: AppErrorOptions = {}) {
    super(context, options);
    this.fields = fields;
  }

  /** From a zod (or any issue-list) error: one field entry per issue. */
  static fromIssues(error: IssueList, context: ErrorContext = {}): ValidationError {
    const fields = error.issues.map((issue) => ({
      path: issue.path.map((part) => String(part)).join('.'),
      message: issue.message,
    }));
    return new ValidationError(fields, context, { cause: error });
  }
}

export class ConfigurationError extends AppError {
  static readonly code = 1500;
}

export class AuthenticationError extends AppError {
  static readonly code: ErrorCode = 2000;
}

export class InvalidTokenError extends AuthenticationError {
  static override readonly code = 2001;
}

export class ExpiredTokenError extends AuthenticationError {
  static override readonly code = 2002;
}

export class PermissionDeniedError extends AppError {
  static readonly code = 2500;
}

export class DatabaseError extends AppError {
  static readonly code: ErrorCode = 3000;
}

/** The database could not be reached (refused, dropped, shutting down): a 503 naming `postgres`. */
export class DatabaseConnectionError extends DatabaseError {
  static override readonly code = 3001;
  /** The dependency that is down, named in the HTTP answer so an operator knows where to look. */
  readonly dependency = 'postgres';
}

/** Redis (the shared cache) failed or did not answer within its time bound. */
export class CacheError extends AppError {
  static readonly code = 3100;
}

export class ExternalServiceError extends AppError {
  static readonly code: ErrorCode = 4000;
}

export class LLMTimeoutError extends ExternalServiceError {
  static override readonly code = 4001;
}

export class LLMRateLimitError extends ExternalServiceError {
  static override readonly code = 4002;
}

export class TelegramError extends ExternalServiceError {
  static override readonly code = 4100;
}

export class FileError extends AppError {
  static readonly code: ErrorCode = 6000;
}

export class FileNotFoundError extends FileError {
  static override readonly code = 6001;
}

export class FileTooLargeError extends FileError {
  static override readonly code = 6002;
}

export class InvalidFileTypeError extends FileError {
  static override readonly code = 6003;
}

export class NotFoundError extends AppError {
  static readonly code: ErrorCode = 7000;
}

export class CaseNotFoundError extends NotFoundError {
  static override readonly code = 7001;
}

export class AlreadyExistsError extends AppError {
  static readonly code = 7100;
}

export class JobNotFoundError extends NotFoundError {
  static override readonly code = 7300;
}

export class JobStateConflictError extends AppError {
  static readonly code = 7301;
}

export class BroadcastNotFoundError extends NotFoundError {
  static override readonly code = 7302;
}

export class RateLimitExceededError extends AppError {
  static readonly code = 7200;
  /** Whole seconds until the caller may try again (sent as `Retry-After`). */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, context: ErrorContext = {}, options: AppErrorOptions = {}) {
    super(context, options);
    this.retryAfterSeconds = Math.max(0, Math.ceil(retryAfterSeconds));
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** What the bot tells the lawyer about any failure: the safe message, or the generic one. */
export function userMessageOf(err: unknown): string {
  return isAppError(err) ? err.userMessage : ERROR_CODES[INTERNAL_ERROR_CODE].userMessage;
}

export interface ErrorResponse {
  status: number;
  /** Extra response headers the error implies (`retry-after` for rate limits and unavailable dependencies). */
  headers?: Record<string, string>;
  body: {
    error: {
      code: ErrorCode;
      category: ErrorCategory;
      message: string;
      requestId: string;
      fields?: FieldIssue[];
      /** How many more invalid fields there were beyond the ones listed (the list is bounded). */
      moreFields?: number;
      /** The dependency that is unavailable (e.g. `postgres`), for 503 answers. */
      dependency?: string;
    };
  };
}

/**
 * At most this many field issues are listed in an answer: a body of a hundred thousand wrong keys gets a
 * short answer, with the number of the others, not a multi-megabyte one.
 */
export const MAX_REPORTED_FIELDS = 20;
/** A field issue's path and message are cut to this many characters in an answer. */
const MAX_FIELD_TEXT = 200;
/** Seconds a caller is asked to wait when a dependency is down. */
const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

function bounded(text: string): string {
  return text.length <= MAX_FIELD_TEXT ? text : `${text.slice(0, MAX_FIELD_TEXT)}…`;
}

/**
 * The one error shape of the HTTP API. Anything that is not an AppError becomes InternalError 1000
 * with the generic message: no stack, no original message, no context ever reaches the caller.
 * (The API layer turns framework errors it understands, e.g. schema validation, into AppErrors first.)
 */
export function toErrorResponse(err: unknown, requestId: string): ErrorResponse {
  const known = isAppError(err) ? err : new InternalError();
  const response: ErrorResponse = {
    status: known.httpStatus,
    body: {
      error: { code: known.code, category: known.category, message: known.userMessage, requestId },
    },
  };
  if (known instanceof ValidationError) {
    response.body.error.fields = known.fields
      .slice(0, MAX_REPORTED_FIELDS)
      .map((field) => ({ path: bounded(field.path), message: bounded(field.message) }));
    if (known.fields.length > MAX_REPORTED_FIELDS) {
      const more = known.fields.length - MAX_REPORTED_FIELDS;
      response.body.error.moreFields = more;
      response.body.error.message = `${known.userMessage} (${MAX_REPORTED_FIELDS} problems listed, ${more} more not shown.)`;
    }
  }
  if (known instanceof RateLimitExceededError) {
    response.headers = { 'retry-after': String(known.retryAfterSeconds) };
  }
  if (known instanceof DatabaseConnectionError) {
    response.body.error.dependency = known.dependency;
    response.headers = { 'retry-after': String(DEPENDENCY_RETRY_AFTER_SECONDS) };
  }
  return response;
}

/** ERROR_CODES as a Markdown table: the body of docs/errors.md. */
export function renderErrorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, def]) => `| ${code} | ${def.name} | ${def.category} | ${def.httpStatus} | ${def.userMessage} |`,
  );
  return ['| code | class | category | HTTP | user message |', '|---|---|---|---|---|', ...rows].join('\n');
}
