// The API's one error handler and its 404: every failure leaves in the shape of core/errors
// (`toErrorResponse`), with the request id, never a stack or an internal message unless a developer asked
// for them with DEBUG=true in the development profile.
import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { App } from '../../core/app.ts';
import {
  FileTooLargeError,
  InternalError,
  InvalidFileTypeError,
  NotFoundError,
  ValidationError,
  isAppError,
  toErrorResponse,
  type AppError,
  type FieldIssue,
} from '../../core/errors.ts';

/** Turns what Fastify and its plugins throw into the project's errors; anything unknown is internal. */
function toAppError(err: unknown, bodyLimitBytes: number): AppError {
  if (isAppError(err)) return err;
  if (!isFastifyError(err)) return new InternalError({}, { cause: err });
  if (err.validation) return validationError(err.validation, err.validationContext, err);
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new FileTooLargeError(
        { bodyLimitBytes },
        { cause: err, userMessage: `The request body is larger than the limit of ${bodyLimitBytes} bytes.` },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new InvalidFileTypeError(
        {},
        { cause: err, userMessage: 'This endpoint accepts JSON: send Content-Type: application/json.' },
      );
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own request errors (bad JSON, bad Content-Length...) describe the request, not our insides.
    const userMessage = err.code.startsWith('FST_')
      ? `The request could not be read: ${err.message}`
      : 'The request could not be read. Please check it and try again.';
    return new ValidationError([], { code: err.code }, { cause: err, userMessage });
  }
  return new InternalError({}, { cause: err });
}

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).code === 'string';
}

/**
 * One field entry per schema violation, named like `body.client.name`, from ajv (JSON-schema routes) or
 * zod (the admin routes). The list is kept whole here; the answer shows a bounded part of it.
 */
function validationError(
  issues: readonly FastifySchemaValidationError[],
  where: string | undefined,
  cause: unknown,
): ValidationError {
  const fields: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [where ?? 'request', ...issue.instancePath.split('/').filter(Boolean)];
    const params = issue.params;
    const at = (name: string) => [...path, name].join('.');
    if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
      fields.push({ path: at(params.missingProperty), message: 'is required' });
    } else if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      fields.push({ path: at(params.additionalProperty), message: 'is not allowed here' });
    } else if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      for (const key of params.keys) fields.push({ path: at(String(key)), message: 'is not allowed here' });
    } else {
      fields.push({ path: path.join('.'), message: zodMessage(issue) });
    }
  }
  return new ValidationError(fields, {}, { cause });
}

/** zod's issue messages, said the way the rest of the API says them (ajv's wording for bounds). */
function zodMessage(issue: FastifySchemaValidationError): string {
  const { params, keyword } = issue;
  const message = issue.message ?? 'is not valid';
  if (keyword === 'invalid_type' && message.endsWith('received undefined')) return 'is required';
  if (keyword === 'invalid_type' && typeof params.expected === 'string') return `must be ${params.expected}`;
  const bound = params.origin === 'string' ? ' characters' : params.origin === 'array' ? ' items' : '';
  if (keyword === 'too_big' && typeof params.maximum === 'number') {
    return `must be ${params.inclusive === false ? '<' : '<='} ${params.maximum}${bound}`;
  }
  if (keyword === 'too_small' && typeof params.minimum === 'number') {
    return `must be ${params.inclusive === false ? '>' : '>='} ${params.minimum}${bound}`;
  }
  return message;
}

export function installErrorHandling(server: FastifyInstance, app: App, bodyLimitBytes: number): void {
  // Stacks and internal messages go out only when a developer asks for them; production refuses DEBUG.
  const showInternals = app.config.app.profile === 'development' && app.config.app.debug;

  server.setErrorHandler(async (err: unknown, request, reply) => {
    const appError = toAppError(err, bodyLimitBytes);
    if (appError.httpStatus >= 500) {
      request.log.error({ err, requestId: request.id, code: appError.code }, 'request failed');
    } else {
      // The access line already records the status; the code is detail for whoever digs deeper.
      request.log.debug(
        { requestId: request.id, code: appError.code, status: appError.httpStatus },
        'request refused',
      );
    }

    const response = toErrorResponse(appError, request.id);
    reply.code(response.status);
    if (response.headers) reply.headers(response.headers);
    await reply.send(
      showInternals && err instanceof Error
        ? { ...response.body, debug: { type: err.name, message: err.message, stack: err.stack } }
        : response.body,
    );
    // Counted after the answer left, so a slow or unreachable database never delays the caller.
    if (appError.httpStatus >= 500) await app.errors.capture(err);
  });

  server.setNotFoundHandler(async (request, reply) => {
    const response = toErrorResponse(
      new NotFoundError({ method: request.method }, { userMessage: 'There is no such endpoint.' }),
      request.id,
    );
    return reply.code(response.status).send(response.body);
  });
}
