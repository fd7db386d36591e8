// Keeps secrets and lawyers' case content out of logs, audit details and error reports.
//
// Redaction is by key name at any depth, not by a list of pino `redact` paths: paths only reach the
// shapes someone thought of (`req.headers.authorization`, but not `err.context.headers.Authorization`,
// `messages[3].content` or a config nested one level deeper), and a missed shape is a leaked token.
// Values keep their key, so a redacted line still shows what was there.

export const REDACTED = '[Redacted]';

/** Normalized (lower case, letters and digits only) key endings that name a credential. */
const SECRET_KEY_ENDINGS = [
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'secretkey',
  'token',
  'apikey',
  'apikeys',
  'privatekey',
  'signingkey',
  'encryptionkey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
] as const;

/** Normalized keys that are credentials only when they are the whole key (`auth`, not `authorId`). */
const SECRET_KEYS = new Set(['auth', 'pass', 'pwd', 'dsn', 'connectionstring', 'jwt', 'sessionid']);

/**
 * Words for what a lawyer or client wrote or sent: evidence text, intake answers, chat messages,
 * LLM prompts. A key is content when it is the word (`text`) or ends with it as a word
 * (`evidenceText`, `intake_answer`) — `context` is not `text`.
 */
const CONTENT_WORDS = [
  'text',
  'caption',
  'answer',
  'answers',
  'content',
  'contents',
  'prompt',
  'completion',
  'transcript',
  'question',
] as const;

const CONTENT_WORD = new RegExp(`(?:^|[_-])(?:${CONTENT_WORDS.join('|')})$`, 'i');
// camelCase ending: `evidenceText`, `intakeAnswer` (case-sensitive, so `context` stays visible).
const CONTENT_CAMEL_ENDING = new RegExp(`[a-z0-9](?:${CONTENT_WORDS.map(capitalize).join('|')})$`);

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** True for keys whose value must never be written out: credentials and lawyers' content. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_KEYS.has(normalized)) return true;
  if (SECRET_KEY_ENDINGS.some((ending) => normalized.endsWith(ending))) return true;
  return CONTENT_WORD.test(key) || CONTENT_CAMEL_ENDING.test(key);
}

/** Credentials that turn up inside free text: URLs with passwords, bearer tokens, bot tokens, JWTs, API keys. */
const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // scheme://user:password@host → scheme://user:[Redacted]@host
  [/([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*):[^\s@/"'\\]+@/gi, `$1:${REDACTED}@`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // Telegram bot tokens (123456789:AA…), also inside Bot API URLs (…/bot123456789:AA…/getMe)
  [/\d{5,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  // Our own API keys (core/auth): mga_ plus 256 random bits.
  [/\bmga_[A-Za-z0-9_-]{20,}/g, REDACTED],
];

/** Replaces credentials found inside free text (error messages, URLs, whole log lines). */
export function scrubText(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/** Shorter values are not scrubbed by value: replacing every "admin" in a log would hide more than it protects. */
const MIN_SECRET_LENGTH = 6;

/**
 * Replaces the given secret values wherever they appear in a text, whatever their shape: the patterns
 * above only know the usual shapes (a bot token from another Bot API server, or a test token, may not look
 * like one). Also finds a value as it appears escaped inside a JSON string or a URL.
 */
export function secretValueScrubber(values: Iterable<string>): (text: string) => string {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(encodeURIComponent(value));
  }
  // Longest first: a value that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let scrubbed = text;
    for (const form of ordered) if (scrubbed.includes(form)) scrubbed = scrubbed.replaceAll(form, REDACTED);
    return scrubbed;
  };
}

export interface RedactOptions {
  /** Also scrub credentials inside every string value (the logger scrubs whole lines instead). */
  scrubStrings?: boolean;
}

const MAX_DEPTH = 10;

/**
 * A copy of `value` safe to write out: sensitive keys replaced by "[Redacted]", errors turned into
 * plain objects (type, message, stack, own fields, cause), bytes summarized, cycles cut.
 */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, 0, new WeakSet(), options.scrubStrings === true);
}

function walk(value: unknown, depth: number, seen: WeakSet<object>, scrub: boolean): unknown {
  if (typeof value === 'string') return scrub ? scrubText(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[Binary ${value.byteLength} bytes]`;

  seen.add(value);
  try {
    if (value instanceof Error) return serializeError(value, depth, seen, scrub);
    if (Array.isArray(value)) return value.map((item: unknown) => walk(item, depth + 1, seen, scrub));
    // Dates, URLs and config secrets (which print as "[redacted]") say themselves how to be written.
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(value), depth + 1, seen, scrub);
    return walkFields(value, depth, seen, scrub, {});
  } finally {
    // A value referenced twice side by side is not a cycle; only one on its own path is.
    seen.delete(value);
  }
}

function walkFields(
  source: object,
  depth: number,
  seen: WeakSet<object>,
  scrub: boolean,
  into: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, field] of Object.entries(source)) {
    if (Object.hasOwn(into, key)) continue;
    const value =
      isSensitiveKey(key) && field !== null && field !== undefined
        ? REDACTED
        : walk(field, depth + 1, seen, scrub);
    // defineProperty, not assignment: a logged `__proto__` key must stay data, not become a prototype.
    Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return into;
}

function serializeError(
  err: Error,
  depth: number,
  seen: WeakSet<object>,
  scrub: boolean,
): Record<string, unknown> {
  const constructorName = (err.constructor as { name?: unknown } | undefined)?.name;
  const serialized: Record<string, unknown> = {
    type: typeof constructorName === 'string' && constructorName !== 'Object' ? constructorName : err.name,
    message: scrub ? scrubText(err.message) : err.message,
    stack: err.stack === undefined || !scrub ? err.stack : scrubText(err.stack),
  };
  // The cause keeps its own fields (a pg error's code and detail) instead of being flattened into text.
  if (err.cause !== undefined) serialized.cause = walk(err.cause, depth + 1, seen, scrub);
  const aggregated: unknown = (err as { errors?: unknown }).errors;
  if (Array.isArray(aggregated)) serialized.errors = walk(aggregated, depth + 1, seen, scrub);
  return walkFields(err, depth, seen, scrub, serialized);
}
