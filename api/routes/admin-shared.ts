// What every admin route group shares: the zod building blocks of its schemas (clean text, query numbers
// and booleans that are parsed, never coerced), the error and page schemas, and the OpenAPI security note.
// Route types come from these schemas (fastify-type-provider-zod); nothing is cast by hand.
import { z } from 'zod';

/** Largest page any list returns; asking for more is a 400 naming `querystring.limit`. */
export const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/** C0 and C1 control characters and DEL; `\n` and `\t` are allowed only where a text says so. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAKS_AND_TABS = /[\t\n\r]/;

/** True when `value` is well-formed Unicode (no lone surrogates) without control characters. */
export function isCleanText(value: string, options: { multiline?: boolean } = {}): boolean {
  if (!value.isWellFormed() || CONTROL_CHARACTERS.test(value)) return false;
  return options.multiline === true || !LINE_BREAKS_AND_TABS.test(value);
}

export const UNCLEAN_TEXT_MESSAGE = 'must not contain control characters or invalid Unicode';

/** A string of `min`..`max` characters that Postgres can store and a person can read. */
export function cleanText(min: number, max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => isCleanText(value, options), UNCLEAN_TEXT_MESSAGE);
}

/**
 * Text from a query string: clean text, and not the replacement character, which is what the query
 * parser makes of percent-encoded bytes that are not UTF-8 (`%ED%A0%80`).
 */
export function queryText(min: number, max: number) {
  return cleanText(min, max).refine((value) => !value.includes('\uFFFD'), 'must be valid UTF-8');
}

/** Query strings and path parameters arrive as text: a whole number in `min`..`max`, spelled in digits. */
export function wholeNumberText(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** `true` or `false` in a query string; anything else (`1`, `yes`, an empty value) is refused. */
export const booleanText = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The querystring of a paged list: limit and offset, and the list's own `filters`; nothing else. */
export function pageQuerySchema<Filters extends z.ZodRawShape>(filters: Filters) {
  return z.strictObject({
    limit: wholeNumberText(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    offset: wholeNumberText(0, Number.MAX_SAFE_INTEGER).default(0),
    ...filters,
  });
}

/** A page of `items`, with the total count of everything matching (ignoring limit and offset). */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/** A whole list of `items`, for lists short enough never to be paged. */
export function listSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item) });
}

/** The one error shape of the API (core/errors.ts toErrorResponse). */
const errorSchema = z.object({
  error: z.object({
    code: z.number().int(),
    category: z.string(),
    message: z.string(),
    requestId: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    moreFields: z.number().int().optional().describe('Invalid fields beyond the ones listed'),
    dependency: z.string().optional().describe('The dependency that is unavailable (503)'),
  }),
  // Development with DEBUG=true only: what failed inside (errors plugin).
  debug: z.record(z.string(), z.unknown()).optional(),
});

export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

/** OpenAPI: admin routes take a JWT or an API key. */
export const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
