// What every admin route group shares: the error and page schemas, the OpenAPI security note, and
// `audited`, which writes the audit row for an admin action whether it succeeds or fails.
import type { FastifyRequest } from 'fastify';
import type { App } from '../../core/app.ts';
import { INTERNAL_ERROR_CODE, isAppError } from '../../core/errors.ts';

/** Largest page any list returns; asking for more is a 400 naming `querystring.limit`. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export interface PageQuery {
  limit: number;
  offset: number;
}

const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;

/** The querystring of a paged list: limit and offset, and the list's own `filters`; nothing else. */
export function pageQuerySchema<Filters extends object>(filters: Filters) {
  return {
    type: 'object',
    additionalProperties: false,
    properties: { ...pageQueryProperties, ...filters },
  } as const;
}

/** A page of `items`, with the total count of everything matching (ignoring limit and offset). */
export function pageSchema(item: object) {
  return {
    type: 'object',
    required: ['items', 'total', 'limit', 'offset'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
  } as const;
}

/** A whole list of `items`, for lists short enough never to be paged. */
export function listSchema(item: object) {
  return {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', items: item } },
  } as const;
}

/** The one error shape of the API (core/errors.ts toErrorResponse). */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'category', 'message', 'requestId'],
      properties: {
        code: { type: 'integer' },
        category: { type: 'string' },
        message: { type: 'string' },
        requestId: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
    // Development only: what failed inside (errors plugin).
    debug: { type: 'object', additionalProperties: true },
  },
} as const;

export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

/** OpenAPI: admin routes take a JWT or an API key. */
export const ADMIN_SECURITY: ReadonlyArray<Record<string, readonly string[]>> = [
  { bearer: [] },
  { apiKey: [] },
];

export interface AuditedAction<T> {
  /** Dotted action name, e.g. `users.deactivate`. */
  action: string;
  target?: string;
  details?: object;
  /** Target or details known only from the result (an id the action created). */
  describe?: (result: T) => { target?: string; details?: object };
}

/**
 * Runs an admin action and writes its audit row: `success` with what it did, or `failure` with the error
 * code before the error goes on to the caller. The actor comes from the request's principal.
 */
export async function audited<T>(
  app: App,
  request: FastifyRequest,
  what: AuditedAction<T>,
  work: () => Promise<T>,
): Promise<T> {
  const actor = request.principal?.actor ?? 'anonymous';
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await app.audit.record({
      actor,
      action: what.action,
      ...(what.target === undefined ? {} : { target: what.target }),
      outcome: 'failure',
      details: { ...what.details, errorCode: isAppError(err) ? err.code : INTERNAL_ERROR_CODE },
    });
    throw err;
  }
  const described = what.describe?.(result) ?? {};
  const target = described.target ?? what.target;
  await app.audit.record({
    actor,
    action: what.action,
    ...(target === undefined ? {} : { target }),
    outcome: 'success',
    details: { ...what.details, ...described.details },
  });
  return result;
}
