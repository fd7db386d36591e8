// The configuration: environment variables parsed once, at the edge, into one typed value.
// Every variable is validated by name, so an error message can say which variable is wrong and why.
import { z } from 'zod';
import { Secret } from './secret.ts';
import { documentLimits, type DocumentLimits } from '../documents/limits.ts';

const PROFILES = ['development', 'staging', 'production', 'test'] as const;
export type Profile = (typeof PROFILES)[number];

export const FEATURE_FLAGS = {
  enableApiAuth: {
    env: 'FEATURE_ENABLE_API_AUTH',
    default: true,
    about: 'Admin API requires a JWT or API key',
  },
  enableRateLimiting: {
    env: 'FEATURE_ENABLE_RATE_LIMITING',
    default: true,
    about: 'Rate limits on bot updates and API requests',
  },
  enableLlmDrafting: {
    env: 'FEATURE_ENABLE_LLM_DRAFTING',
    default: true,
    about: 'Use a configured LLM for drafting prose (the analysis never needs one)',
  },
  enableEvidenceClassifier: {
    env: 'FEATURE_ENABLE_EVIDENCE_CLASSIFIER',
    default: true,
    about: 'Propose a criterion for evidence described in free text',
  },
  enableLlmDocumentFields: {
    env: 'FEATURE_ENABLE_LLM_DOCUMENT_FIELDS',
    // Off unless an operator opts in: it sends the text of clients' documents to the LLM provider.
    default: false,
    about:
      "Ask a configured LLM for the facts of a document read from an upload (sends the document's text to it)",
  },
} as const;
export type FeatureFlagName = keyof typeof FEATURE_FLAGS;
export type FeatureFlags = Record<FeatureFlagName, boolean>;

/** Values every example file or tutorial ships with: a JWT secret equal to one of these is no secret. */
const KNOWN_EXAMPLE_SECRETS = [
  'change-me',
  'changeme',
  'secret',
  'your-secret-key',
  'your-secret-key-here',
  'your-super-secret-jwt-key-change-this-in-production',
  'change-me-to-a-random-string-of-at-least-32-bytes',
  'supersecretkeysupersecretkeysupersecretkey',
];

export type TelegramMode = { kind: 'polling' } | { kind: 'webhook'; url: string; secret: Secret };

export interface Config {
  app: {
    profile: Profile;
    name: string;
    version: string;
    host: string;
    port: number;
    dataDir: string;
    debug: boolean;
    apiDocs: boolean;
    apiPrefix: string;
    shutdownTimeoutMs: number;
  };
  database: { url: Secret | null; poolSize: number; statementTimeoutMs: number };
  redis: { url: Secret | null; keyPrefix: string };
  security: {
    jwtSecretKey: Secret | null;
    jwtIssuer: string;
    jwtAudience: string;
    jwtTtlSeconds: number;
    corsOrigins: string[];
    trustProxy: boolean;
  };
  llm: {
    providers: Array<'openai' | 'anthropic' | 'gemini' | 'cohere'>;
    openaiApiKey: Secret | null;
    anthropicApiKey: Secret | null;
    geminiApiKey: Secret | null;
    cohereApiKey: Secret | null;
    baseUrl: string | null;
    timeoutMs: number;
    /** Calls in flight per provider; more wait briefly in a queue, beyond that the next provider is tried. */
    maxConcurrentCalls: number;
    /** A model per provider replacing its default (when a model is retired or a cheaper one will do). */
    models: Partial<Record<'openai' | 'anthropic' | 'gemini' | 'cohere', string>>;
    /** A provider's whole API base URL (path included), ahead of `baseUrl`: one provider behind a gateway. */
    providerBaseUrls: Partial<Record<'openai' | 'anthropic' | 'gemini' | 'cohere', string>>;
  };
  telegram: {
    /** False only when TELEGRAM_BOT_ENABLED=false: `start` then runs without the bot, on purpose. */
    enabled: boolean;
    botToken: Secret | null;
    allowedUsers: number[];
    adminUsers: number[];
    apiRoot: string;
    mode: TelegramMode;
    updateTimeoutMs: number;
  };
  observability: {
    logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    logFormat: 'json' | 'pretty';
    metricsEnabled: boolean;
    /** Traces go to this OTLP/HTTP collector; null sends none and loads no tracing code. */
    tracing: { endpoint: string; serviceName: string } | null;
  };
  features: FeatureFlags;
  files: { maxUploadBytes: number; allowedMimeTypes: string[] };
  /** What reading one document may take in the worker (pages, pixels, unpacked bytes, time, memory). */
  documents: DocumentLimits;
  external: { httpTimeoutMs: number };
  /** The letterhead of drafted filings; without FIRM_NAME the files carry none (never a placeholder). */
  firm: { name: string | null; addressLines: string[] };
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown when the environment cannot make a valid configuration; lists every offending variable. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// ---- variable parsers -------------------------------------------------------------------------

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** A provider's model name as its API spells it ("gpt-4.1", "claude-sonnet-4-5", "gemini-2.5-flash"). */
const modelId = optionalText.pipe(
  z
    .string()
    .regex(/^[\w.:/-]{1,100}$/, 'must be a model name such as gpt-4.1 (letters, digits, . : / _ -)')
    .optional(),
);

const integer = (min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^-?\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );

const bool = optionalText.pipe(
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'must be true or false',
    })
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v))
    .optional(),
);

const telegramIds = optionalText.transform((value, ctx) => {
  if (value === undefined) return [];
  const ids: number[] = [];
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (!/^\d{1,15}$/.test(part)) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not a numeric Telegram user id` });
      return z.NEVER;
    }
    ids.push(Number(part));
  }
  return ids;
});

const list = optionalText.transform((value) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
);

const url = (protocols: string[]) =>
  optionalText.pipe(
    z
      .string()
      .refine(
        (v) => {
          try {
            return protocols.includes(new URL(v).protocol);
          } catch {
            return false; // not a URL at all: reported by the message below
          }
        },
        `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      )
      .optional(),
  );

const envSchema = z.object({
  ENV: optionalText.pipe(z.enum(PROFILES, { error: `must be one of ${PROFILES.join(', ')}` }).optional()),
  APP_NAME: optionalText,
  HOST: optionalText,
  PORT: integer(0, 65535), // 0: any free port (tests)
  DATA_DIR: optionalText,
  DEBUG: bool,
  API_DOCS_ENABLED: bool,
  API_PREFIX: optionalText.pipe(
    z
      .string()
      .regex(/^\/[a-z0-9/_-]*[a-z0-9]$/i, 'must look like /api/v1')
      .optional(),
  ),
  SHUTDOWN_TIMEOUT_MS: integer(100, 600_000),

  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: integer(1, 500),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 3_600_000),

  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_KEY_PREFIX: optionalText,

  SECURITY_JWT_SECRET_KEY: optionalText,
  SECURITY_JWT_ISSUER: optionalText,
  SECURITY_JWT_AUDIENCE: optionalText,
  SECURITY_JWT_TTL_SECONDS: integer(60, 86_400),
  SECURITY_CORS_ORIGINS: list,
  SECURITY_TRUST_PROXY: bool,

  LLM_PROVIDERS: list.pipe(z.array(z.enum(['openai', 'anthropic', 'gemini', 'cohere'])).optional()),
  LLM_OPENAI_API_KEY: optionalText,
  LLM_ANTHROPIC_API_KEY: optionalText,
  LLM_GEMINI_API_KEY: optionalText,
  LLM_COHERE_API_KEY: optionalText,
  LLM_BASE_URL: url(['http:', 'https:']),
  LLM_TIMEOUT_MS: integer(1000, 600_000),
  LLM_MAX_CONCURRENT_CALLS: integer(1, 100),
  LLM_OPENAI_MODEL: modelId,
  LLM_ANTHROPIC_MODEL: modelId,
  LLM_GEMINI_MODEL: modelId,
  LLM_COHERE_MODEL: modelId,
  LLM_OPENAI_BASE_URL: url(['http:', 'https:']),
  LLM_ANTHROPIC_BASE_URL: url(['http:', 'https:']),
  LLM_GEMINI_BASE_URL: url(['http:', 'https:']),
  LLM_COHERE_BASE_URL: url(['http:', 'https:']),

  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]{5,}$/, 'must look like 123456789:ABC-token from @BotFather')
      .optional(),
  ),
  TELEGRAM_BOT_ENABLED: bool,
  TELEGRAM_ALLOWED_USERS: telegramIds,
  TELEGRAM_ADMIN_USERS: telegramIds,
  TELEGRAM_API_ROOT: url(['http:', 'https:']),
  TELEGRAM_MODE: optionalText.pipe(
    z.enum(['polling', 'webhook'], { error: 'must be polling or webhook' }).optional(),
  ),
  TELEGRAM_WEBHOOK_URL: url(['https:', 'http:']),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_UPDATE_TIMEOUT_MS: integer(1000, 600_000),

  LOG_LEVEL: optionalText.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .optional(),
  ),
  LOG_FORMAT: optionalText.pipe(z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional()),
  METRICS_ENABLED: bool,
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']),
  OTEL_SERVICE_NAME: optionalText,

  FILES_MAX_UPLOAD_BYTES: integer(1024, 20 * 1024 * 1024),
  FILES_ALLOWED_MIME_TYPES: list,

  DOCUMENTS_MAX_PAGES: integer(1, 100_000),
  DOCUMENTS_MAX_OCR_PAGES: integer(1, 10_000),
  DOCUMENTS_MAX_IMAGE_PIXELS: integer(10_000, 1_000_000_000),
  DOCUMENTS_MAX_UNPACKED_BYTES: integer(1024 * 1024, 4 * 1024 * 1024 * 1024),
  DOCUMENTS_READ_TIMEOUT_MS: integer(1_000, 3_600_000),
  DOCUMENTS_OCR_PAGE_TIMEOUT_MS: integer(1_000, 600_000),
  DOCUMENTS_PARSER_MEMORY_MB: integer(64, 16_384),

  EXTERNAL_HTTP_TIMEOUT_MS: integer(100, 600_000),

  FIRM_NAME: optionalText.pipe(z.string().max(200, 'must be at most 200 characters').optional()),
  FIRM_ADDRESS: optionalText.pipe(z.string().max(500, 'must be at most 500 characters').optional()),

  ...Object.fromEntries(Object.values(FEATURE_FLAGS).map((flag) => [flag.env, bool])),
});

/** Every environment variable the configuration reads (deployment files are checked against it). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

const DEFAULT_ALLOWED_MIME_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];

/**
 * Builds the configuration from an environment. Throws ConfigError naming every bad variable;
 * in `production` also every missing or unsafe one.
 */
export function loadConfig(env: Record<string, string | undefined>, version = '0.0.0'): Config {
  // Every problem in one pass: the variables with a bad value are reported, then left out so the rules
  // below still see the rest (an unedited example file must not need one run per kind of mistake).
  const parsed = envSchema.safeParse(env);
  const badValues: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message,
      }));
  const e = parsed.success ? parsed.data : parseWithout(env, new Set(badValues.map((p) => p.variable)));
  const profile: Profile = e.ENV ?? 'development';
  const production = profile === 'production';
  const secret = (value: string | undefined) => (value === undefined ? null : new Secret(value));

  const features = Object.fromEntries(
    Object.entries(FEATURE_FLAGS).map(([name, flag]) => [
      name,
      (e as unknown as Record<string, boolean | undefined>)[flag.env] ?? flag.default,
    ]),
  ) as FeatureFlags;

  const mode: TelegramMode =
    e.TELEGRAM_MODE === 'webhook' && e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
      ? { kind: 'webhook', url: e.TELEGRAM_WEBHOOK_URL, secret: new Secret(e.TELEGRAM_WEBHOOK_SECRET) }
      : { kind: 'polling' };

  const config: Config = {
    app: {
      profile,
      name: e.APP_NAME ?? 'megaagent-pro',
      version,
      host: e.HOST ?? (profile === 'development' || profile === 'test' ? '127.0.0.1' : '0.0.0.0'),
      port: e.PORT ?? 8000,
      dataDir: e.DATA_DIR ?? './data',
      debug: e.DEBUG ?? false,
      apiDocs: e.API_DOCS_ENABLED ?? !production,
      apiPrefix: e.API_PREFIX ?? '/api/v1',
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 25_000,
    },
    database: {
      url: secret(e.DATABASE_URL),
      poolSize: e.DATABASE_POOL_SIZE ?? 10,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000,
    },
    redis: { url: secret(e.REDIS_URL), keyPrefix: e.REDIS_KEY_PREFIX ?? 'megaagent:' },
    security: {
      jwtSecretKey: secret(e.SECURITY_JWT_SECRET_KEY),
      jwtIssuer: e.SECURITY_JWT_ISSUER ?? 'megaagent-pro',
      jwtAudience: e.SECURITY_JWT_AUDIENCE ?? 'megaagent-admin',
      jwtTtlSeconds: e.SECURITY_JWT_TTL_SECONDS ?? 900,
      corsOrigins: e.SECURITY_CORS_ORIGINS ?? (production ? [] : ['http://localhost:3000']),
      trustProxy: e.SECURITY_TRUST_PROXY ?? false,
    },
    llm: {
      providers: e.LLM_PROVIDERS ?? [],
      openaiApiKey: secret(e.LLM_OPENAI_API_KEY),
      anthropicApiKey: secret(e.LLM_ANTHROPIC_API_KEY),
      geminiApiKey: secret(e.LLM_GEMINI_API_KEY),
      cohereApiKey: secret(e.LLM_COHERE_API_KEY),
      baseUrl: e.LLM_BASE_URL ?? null,
      timeoutMs: e.LLM_TIMEOUT_MS ?? 60_000,
      maxConcurrentCalls: e.LLM_MAX_CONCURRENT_CALLS ?? 4,
      models: {
        ...(e.LLM_OPENAI_MODEL && { openai: e.LLM_OPENAI_MODEL }),
        ...(e.LLM_ANTHROPIC_MODEL && { anthropic: e.LLM_ANTHROPIC_MODEL }),
        ...(e.LLM_GEMINI_MODEL && { gemini: e.LLM_GEMINI_MODEL }),
        ...(e.LLM_COHERE_MODEL && { cohere: e.LLM_COHERE_MODEL }),
      },
      providerBaseUrls: {
        ...(e.LLM_OPENAI_BASE_URL && { openai: e.LLM_OPENAI_BASE_URL }),
        ...(e.LLM_ANTHROPIC_BASE_URL && { anthropic: e.LLM_ANTHROPIC_BASE_URL }),
        ...(e.LLM_GEMINI_BASE_URL && { gemini: e.LLM_GEMINI_BASE_URL }),
        ...(e.LLM_COHERE_BASE_URL && { cohere: e.LLM_COHERE_BASE_URL }),
      },
    },
    telegram: {
      enabled: e.TELEGRAM_BOT_ENABLED ?? true,
      botToken: secret(e.TELEGRAM_BOT_TOKEN),
      allowedUsers: e.TELEGRAM_ALLOWED_USERS,
      adminUsers: e.TELEGRAM_ADMIN_USERS,
      apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
      mode,
      updateTimeoutMs: e.TELEGRAM_UPDATE_TIMEOUT_MS ?? 60_000,
    },
    observability: {
      logLevel: e.LOG_LEVEL ?? (profile === 'test' ? 'silent' : profile === 'development' ? 'debug' : 'info'),
      logFormat: e.LOG_FORMAT ?? (profile === 'development' ? 'pretty' : 'json'),
      metricsEnabled: e.METRICS_ENABLED ?? true,
      tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
        ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME ?? 'megaagent' }
        : null,
    },
    features,
    files: {
      maxUploadBytes: e.FILES_MAX_UPLOAD_BYTES ?? 20 * 1024 * 1024,
      allowedMimeTypes: e.FILES_ALLOWED_MIME_TYPES ?? DEFAULT_ALLOWED_MIME_TYPES,
    },
    documents: documentLimits({
      ...(e.DOCUMENTS_MAX_PAGES !== undefined && { maxPages: e.DOCUMENTS_MAX_PAGES }),
      ...(e.DOCUMENTS_MAX_OCR_PAGES !== undefined && { maxOcrPages: e.DOCUMENTS_MAX_OCR_PAGES }),
      ...(e.DOCUMENTS_MAX_IMAGE_PIXELS !== undefined && { maxImagePixels: e.DOCUMENTS_MAX_IMAGE_PIXELS }),
      ...(e.DOCUMENTS_MAX_UNPACKED_BYTES !== undefined && {
        maxUncompressedBytes: e.DOCUMENTS_MAX_UNPACKED_BYTES,
      }),
      ...(e.DOCUMENTS_READ_TIMEOUT_MS !== undefined && { timeoutMs: e.DOCUMENTS_READ_TIMEOUT_MS }),
      ...(e.DOCUMENTS_OCR_PAGE_TIMEOUT_MS !== undefined && {
        ocrPageTimeoutMs: e.DOCUMENTS_OCR_PAGE_TIMEOUT_MS,
      }),
      ...(e.DOCUMENTS_PARSER_MEMORY_MB !== undefined && { parserMemoryMb: e.DOCUMENTS_PARSER_MEMORY_MB }),
    }),
    external: { httpTimeoutMs: e.EXTERNAL_HTTP_TIMEOUT_MS ?? 10_000 },
    firm: {
      name: e.FIRM_NAME ?? null,
      // One address line per ";" or line break, as it is printed under the firm's name.
      addressLines: (e.FIRM_ADDRESS ?? '').split(/\s*(?:;|\\n|\n)\s*/).filter((line) => line !== ''),
    },
  };

  const reported = new Set(badValues.map((p) => p.variable));
  const problems = [
    ...badValues,
    ...[...consistencyProblems(e), ...(production ? productionProblems(config, e, env) : [])].filter(
      (p) => !reported.has(p.variable),
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The environment parsed with the named variables left out (their problems are already reported). */
function parseWithout(env: Record<string, string | undefined>, bad: ReadonlySet<string>): ParsedEnv {
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !bad.has(name)));
  const again = envSchema.safeParse(rest);
  // A problem that is not about one variable (none today) leaves nothing to check further.
  if (!again.success)
    throw new ConfigError(
      again.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })),
    );
  return again.data;
}

/** What example files put where a value belongs: production refuses it inside any variable. */
const PLACEHOLDER = /REPLACE_WITH_[A-Z0-9_]*/;

/**
 * Why `megaagent start` must not run with this configuration, or null. In production a missing bot token
 * is a mistake unless the bot is switched off on purpose (TELEGRAM_BOT_ENABLED=false): otherwise the
 * service would start, look healthy, and never answer a lawyer.
 */
export function startRefusal(config: Config): ConfigProblem | null {
  if (config.app.profile !== 'production' || !config.telegram.enabled || config.telegram.botToken)
    return null;
  return {
    variable: 'TELEGRAM_BOT_TOKEN',
    message:
      'is required by "megaagent start" in production; set it, or set TELEGRAM_BOT_ENABLED=false to run without the bot',
  };
}

type ParsedEnv = z.infer<typeof envSchema>;

/** Rules that hold in every profile: combinations that cannot work. */
function consistencyProblems(e: ParsedEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (e.TELEGRAM_MODE === 'webhook') {
    if (!e.TELEGRAM_WEBHOOK_URL)
      problems.push({ variable: 'TELEGRAM_WEBHOOK_URL', message: 'is required when TELEGRAM_MODE=webhook' });
    if (!e.TELEGRAM_WEBHOOK_SECRET)
      problems.push({
        variable: 'TELEGRAM_WEBHOOK_SECRET',
        message: 'is required when TELEGRAM_MODE=webhook',
      });
  }
  const jwt = e.SECURITY_JWT_SECRET_KEY;
  if (jwt !== undefined && Buffer.byteLength(jwt) < 32)
    problems.push({ variable: 'SECURITY_JWT_SECRET_KEY', message: 'must be at least 32 bytes long' });
  return problems;
}

/** What production refuses: anything that would silently lose data or open a door. */
function productionProblems(
  config: Config,
  e: ParsedEnv,
  env: Record<string, string | undefined>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const variable of ENV_VARIABLES) {
    const placeholder = PLACEHOLDER.exec(env[variable] ?? '');
    if (placeholder)
      problems.push({
        variable,
        message: `still holds the placeholder ${placeholder[0]}; put the real value in its place`,
      });
  }
  if (!config.database.url)
    problems.push({ variable: 'DATABASE_URL', message: 'is required in production (no embedded database)' });
  if (!config.redis.url)
    problems.push({ variable: 'REDIS_URL', message: 'is required in production (no in-process cache)' });
  const jwt = e.SECURITY_JWT_SECRET_KEY;
  if (jwt === undefined)
    problems.push({ variable: 'SECURITY_JWT_SECRET_KEY', message: 'is required in production' });
  else if (KNOWN_EXAMPLE_SECRETS.includes(jwt.toLowerCase()))
    problems.push({
      variable: 'SECURITY_JWT_SECRET_KEY',
      message: 'is a known example value; generate a random one',
    });
  if (config.app.debug) problems.push({ variable: 'DEBUG', message: 'must be off in production' });
  if (e.API_DOCS_ENABLED === true)
    problems.push({ variable: 'API_DOCS_ENABLED', message: 'must be off in production' });
  if (config.security.corsOrigins.includes('*'))
    problems.push({ variable: 'SECURITY_CORS_ORIGINS', message: 'must list origins, not *, in production' });
  if (config.telegram.allowedUsers.length === 0 && config.telegram.adminUsers.length === 0)
    problems.push({
      variable: 'TELEGRAM_ALLOWED_USERS',
      message: 'is empty and TELEGRAM_ADMIN_USERS is empty too: nobody could use or administer the bot',
    });
  if (!config.features.enableApiAuth)
    problems.push({ variable: 'FEATURE_ENABLE_API_AUTH', message: 'cannot be false in production' });
  return problems;
}

/** Every secret value the configuration holds, for the logger to remove from its lines whatever their shape. */
export function configuredSecretValues(config: Config): string[] {
  const secrets = [
    config.database.url,
    config.redis.url,
    config.security.jwtSecretKey,
    config.llm.openaiApiKey,
    config.llm.anthropicApiKey,
    config.llm.geminiApiKey,
    config.llm.cohereApiKey,
    config.telegram.botToken,
    config.telegram.mode.kind === 'webhook' ? config.telegram.mode.secret : null,
  ];
  const values: string[] = [];
  for (const secret of secrets) {
    if (!secret) continue;
    const value = secret.reveal();
    const password = passwordInUrl(value);
    // A URL as a whole would hide the host an operator needs to see; its password is the secret.
    if (password !== undefined) values.push(password);
    else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) values.push(value);
  }
  return values;
}

function passwordInUrl(value: string): string | undefined {
  try {
    const { password } = new URL(value);
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined; // not a URL: the value itself is the secret
  }
}

/** The effective configuration as plain data, secrets redacted: for `megaagent config check` and /health. */
export function describeConfig(config: Config): unknown {
  return JSON.parse(JSON.stringify(config)) as unknown;
}
