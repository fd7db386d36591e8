import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as errors from '../../core/errors.ts';
import {
  AppError,
  CaseNotFoundError,
  ERROR_CATEGORIES,
  ERROR_CODES,
  type ErrorCode,
  InternalError,
  isAppError,
  LLMTimeoutError,
  PermissionDeniedError,
  RateLimitExceededError,
  renderErrorCodeTable,
  toErrorResponse,
  userMessageOf,
  ValidationError,
} from '../../core/errors.ts';

type ConcreteErrorClass = (new (...args: never[]) => AppError) & { code: ErrorCode };

/** Every concrete error class the module exports, found by walking its exports. */
const errorClasses: ConcreteErrorClass[] = (Object.values(errors) as unknown[]).filter(
  (value): value is ConcreteErrorClass =>
    typeof value === 'function' && value.prototype instanceof AppError && 'code' in value,
);

/** Builds any error class with arguments its constructor accepts. */
function instantiate(cls: ConcreteErrorClass): AppError {
  if (cls === (ValidationError as unknown)) return new ValidationError([{ path: 'x', message: 'bad' }]);
  if (cls === (RateLimitExceededError as unknown)) return new RateLimitExceededError(3);
  const build = cls as unknown as new (context?: Record<string, unknown>) => AppError;
  return new build({ probe: true });
}

const codes = Object.keys(ERROR_CODES).map(Number) as ErrorCode[];

describe('error codes', () => {
  it('finds every error class the product raises', () => {
    const names = errorClasses.map((cls) => cls.name);
    for (const expected of [
      'InternalError',
      'ValidationError',
      'ConfigurationError',
      'AuthenticationError',
      'InvalidTokenError',
      'ExpiredTokenError',
      'PermissionDeniedError',
      'DatabaseError',
      'ExternalServiceError',
      'LLMTimeoutError',
      'LLMRateLimitError',
      'FileError',
      'FileNotFoundError',
      'FileTooLargeError',
      'InvalidFileTypeError',
      'RateLimitExceededError',
      'NotFoundError',
      'AlreadyExistsError',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('gives every class its own code, listed in ERROR_CODES under its own name', () => {
    const seen = new Set<number>();
    for (const cls of errorClasses) {
      expect(seen.has(cls.code), `${cls.name} reuses ${cls.code}`).toBe(false);
      seen.add(cls.code);
      expect(ERROR_CODES[cls.code].name).toBe(cls.name);
    }
    // …and no table entry lacks a class.
    expect([...seen].sort()).toEqual([...codes].sort());
  });

  it('keeps every code inside its category range, and the ranges inside 1000-7999 without overlap', () => {
    for (const code of codes) {
      const { min, max } = ERROR_CATEGORIES[ERROR_CODES[code].category];
      expect(code).toBeGreaterThanOrEqual(min);
      expect(code).toBeLessThanOrEqual(max);
    }
    const ranges = Object.values(ERROR_CATEGORIES).sort((a, b) => a.min - b.min);
    expect(ranges[0]?.min).toBe(1000);
    expect(ranges.at(-1)?.max).toBe(7999);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.min).toBe((ranges[i - 1]?.max ?? 0) + 1);
  });

  it('builds instances whose fields come from the table', () => {
    for (const cls of errorClasses) {
      const err = instantiate(cls);
      const definition = ERROR_CODES[cls.code];
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(cls.name);
      expect(err.code).toBe(cls.code);
      expect(err.category).toBe(definition.category);
      expect(err.httpStatus).toBe(definition.httpStatus);
      expect(err.userMessage).toBe(definition.userMessage);
    }
  });

  it.each([
    ['ValidationError', 400],
    ['AuthenticationError', 401],
    ['InvalidTokenError', 401],
    ['ExpiredTokenError', 401],
    ['PermissionDeniedError', 403],
    ['CaseNotFoundError', 404],
    ['FileNotFoundError', 404],
    ['AlreadyExistsError', 409],
    ['FileTooLargeError', 413],
    ['InvalidFileTypeError', 415],
    ['RateLimitExceededError', 429],
    ['InternalError', 500],
    ['LLMRateLimitError', 503],
    ['LLMTimeoutError', 504],
  ])('answers %s with HTTP %i', (name, status) => {
    const cls = errorClasses.find((candidate) => candidate.name === name);
    expect(cls).toBeDefined();
    if (cls) expect(instantiate(cls).httpStatus).toBe(status);
  });

  it('keeps the subclass hierarchy so callers can catch a family', () => {
    expect(new errors.InvalidTokenError()).toBeInstanceOf(errors.AuthenticationError);
    expect(new LLMTimeoutError()).toBeInstanceOf(errors.ExternalServiceError);
    expect(new errors.FileTooLargeError()).toBeInstanceOf(errors.FileError);
    expect(new CaseNotFoundError({ caseId: 'c1' })).toBeInstanceOf(errors.NotFoundError);
  });

  it('matches the style guide example: CaseNotFoundError is 7001, 404, with the lawyer-facing message', () => {
    const err = new CaseNotFoundError({ caseId: 'case-42' });
    expect(err.code).toBe(7001);
    expect(err.httpStatus).toBe(404);
    expect(err.userMessage).toBe('That case does not exist or is not yours.');
    expect(err.context).toEqual({ caseId: 'case-42' });
  });

  it('keeps the cause and internal message for logs, apart from the user message', () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const err = new errors.DatabaseError({ host: '10.0.0.5' }, { cause, message: 'pool could not connect' });
    expect(err.cause).toBe(cause);
    expect(err.message).toBe('pool could not connect');
    expect(err.userMessage).not.toContain('ECONNREFUSED');
  });

  it('docs/errors.md shows the current ERROR_CODES table and category ranges', () => {
    // Cells are compared trimmed: prettier pads Markdown tables.
    const rowsOf = (markdown: string) =>
      markdown
        .split('\n')
        .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
        .map((line) =>
          line
            .slice(1, -1)
            .split('|')
            .map((cell) => cell.trim()),
        );
    const docRows = rowsOf(readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8'));
    const documentedCodes = docRows.filter((cells) => /^\d{4}$/.test(cells[0] ?? ''));
    expect(documentedCodes).toEqual(rowsOf(renderErrorCodeTable()).slice(1));
    for (const [category, { min, max }] of Object.entries(ERROR_CATEGORIES)) {
      expect(docRows).toContainEqual([category, `${min}–${max}`, expect.any(String)]);
    }
  });
});

describe('toErrorResponse', () => {
  it('answers an AppError with its own code, category, status and safe message, never its context', () => {
    const err = new PermissionDeniedError({ lawyerId: 'l-9', secretNote: 'internal only' });
    const response = toErrorResponse(err, 'req-1');
    expect(response).toEqual({
      status: 403,
      body: {
        error: {
          code: 2500,
          category: 'authorization',
          message: 'You do not have permission to do this.',
          requestId: 'req-1',
        },
      },
    });
    expect(JSON.stringify(response)).not.toContain('internal only');
  });

  it('lists every invalid field of a ValidationError', () => {
    const err = new ValidationError([
      { path: 'client.birthDate', message: 'Invalid date' },
      { path: 'criteria.0', message: 'Unknown criterion' },
    ]);
    const response = toErrorResponse(err, 'req-2');
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([
      { path: 'client.birthDate', message: 'Invalid date' },
      { path: 'criteria.0', message: 'Unknown criterion' },
    ]);
  });

  it('builds field paths from a zod-style issue list', () => {
    const err = ValidationError.fromIssues({
      issues: [
        { path: ['client', 'name'], message: 'Required' },
        { path: ['exhibits', 2, 'title'], message: 'Too long' },
        { path: [], message: 'Expected an object' },
      ],
    });
    expect(toErrorResponse(err, 'r').body.error.fields).toEqual([
      { path: 'client.name', message: 'Required' },
      { path: 'exhibits.2.title', message: 'Too long' },
      { path: '', message: 'Expected an object' },
    ]);
  });

  it('sends Retry-After with a rate limit', () => {
    const response = toErrorResponse(new RateLimitExceededError(2.2), 'r');
    expect(response.status).toBe(429);
    expect(response.headers).toEqual({ 'retry-after': '3' });
  });

  const generic = ERROR_CODES[1000].userMessage;

  /** A pg error as node-postgres throws it: message, detail and a query position, all internal. */
  function pgError(): Error {
    const err = new Error('duplicate key value violates unique constraint "lawyers_email_key"');
    Object.assign(err, {
      code: '23505',
      detail: 'Key (email)=(jane.doe@lawfirm.example) already exists.',
      table: 'lawyers',
      constraint: 'lawyers_email_key',
    });
    return err;
  }

  it.each([
    [
      'a plain Error with a secret in its message',
      new Error('auth failed for postgres://app:hunter2@db:5432/prod'),
    ],
    ['a thrown string', 'JWT secret is s3cr3t-key'],
    ['a pg error', pgError()],
    ['a TypeError from a bug', new TypeError("Cannot read properties of undefined (reading 'evidenceText')")],
    ['null', null],
    [
      'an object that looks like an AppError',
      { code: 7001, httpStatus: 404, userMessage: 'forged', stack: 'at x' },
    ],
  ])('answers %s with the generic internal error and nothing of the original', (_label, thrown) => {
    const response = toErrorResponse(thrown, 'req-9');
    expect(response).toEqual({
      status: 500,
      body: { error: { code: 1000, category: 'internal', message: generic, requestId: 'req-9' } },
    });
    const text = JSON.stringify(response);
    for (const leak of [
      'hunter2',
      's3cr3t',
      'lawfirm',
      '23505',
      'lawyers_email_key',
      'evidenceText',
      'forged',
      'at ',
    ]) {
      expect(text).not.toContain(leak);
    }
  });
});

describe('isAppError and userMessageOf', () => {
  it('recognises only real AppErrors', () => {
    expect(isAppError(new InternalError())).toBe(true);
    expect(isAppError(new CaseNotFoundError())).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 7001, userMessage: 'x' })).toBe(false);
  });

  it('tells the lawyer the safe message, or the generic one for anything else', () => {
    expect(userMessageOf(new CaseNotFoundError())).toBe('That case does not exist or is not yours.');
    expect(
      userMessageOf(
        new errors.FileTooLargeError({}, { userMessage: 'That file is 31 MB; the limit is 20 MB.' }),
      ),
    ).toBe('That file is 31 MB; the limit is 20 MB.');
    expect(userMessageOf(new Error('ECONNRESET on 10.1.2.3'))).toBe(ERROR_CODES[1000].userMessage);
    expect(userMessageOf('boom')).toBe(ERROR_CODES[1000].userMessage);
  });
});
