// The API's one error handler and its 404: every failure leaves in the shape of core/errors
// (`toErrorResponse`), with the request id, never a stack or an internal message outside development.
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
export function toAppError(err: unknown, bodyLimitBytes: number): AppError {
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

/** One field entry per schema violation, named like `body.client.name`. */
function validationError(
  issues: readonly FastifySchemaValidationError[],
  where: string | undefined,
  cause: unknown,
): ValidationError {
  const fields: FieldIssue[] = issues.map((issue) => {
    const path = [where ?? 'request', ...issue.instancePath.split('/').filter(Boolean)];
    const params = issue.params;
    if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
      return { path: [...path, params.missingProperty].join('.'), message: 'is required' };
    }
    if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      return { path: [...path, params.additionalProperty].join('.'), message: 'is not allowed here' };
    }
    return { path: path.join('.'), message: issue.message ?? 'is not valid' };
  });
  return new ValidationError(fields, {}, { cause });
}

export function installErrorHandling(server: FastifyInstance, app: App, bodyLimitBytes: number): void {
  const development = app.config.app.profile === 'development';

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
      development && err instanceof Error
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
