import { DEFAULT_DOCUMENT_LIMITS } from '../../../core/documents/limits.ts';
import { inspect } from 'node:util';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ENV_VARIABLES,
  describeConfig,
  loadConfig,
  startRefusal,
} from '../../../core/config/config.ts';
import { Secret } from '../../../core/config/secret.ts';

const goodProduction = {
  ENV: 'production',
  DATABASE_URL: 'postgres://app:pw@db:5432/megaagent',
  REDIS_URL: 'redis://cache:6379',
  SECURITY_JWT_SECRET_KEY: 'k'.repeat(16) + 'A-very-random-value-0123456789',
  SECURITY_CORS_ORIGINS: 'https://admin.example.com',
  TELEGRAM_ALLOWED_USERS: '1001,1002',
  TELEGRAM_ADMIN_USERS: '1001',
};

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError)
      return Object.fromEntries(err.problems.map((p) => [p.variable, p.message]));
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the embedded development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.app.profile).toBe('development');
    expect(config.app.port).toBe(8000);
    expect(config.database.url).toBeNull();
    expect(config.redis.url).toBeNull();
    expect(config.telegram.mode).toEqual({ kind: 'polling' });
    expect(config.telegram.allowedUsers).toEqual([]);
    expect(config.observability.logFormat).toBe('pretty');
    expect(config.features.enableApiAuth).toBe(true);
  });

  it('sends traces only to a collector URL that is one, and sends none without it', () => {
    expect(loadConfig({}).observability.tracing).toBeNull();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' }).observability.tracing,
    ).toEqual({ endpoint: 'http://otel-collector:4318', serviceName: 'megaagent' });
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' })).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: expect.stringContaining('http') as unknown,
    });
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig(goodProduction);
    expect(config.app.profile).toBe('production');
    expect(config.app.apiDocs).toBe(false);
    expect(config.observability.logFormat).toBe('json');
    expect(config.telegram.allowedUsers).toEqual([1001, 1002]);
    expect(config.database.url?.reveal()).toBe(goodProduction.DATABASE_URL);
  });

  it('refuses an empty production environment, naming every missing variable', () => {
    expect(problemsOf({ ENV: 'production' })).toEqual({
      DATABASE_URL: 'is required in production (no embedded database)',
      REDIS_URL: 'is required in production (no in-process cache)',
      SECURITY_JWT_SECRET_KEY: 'is required in production',
      TELEGRAM_ALLOWED_USERS:
        'is empty and TELEGRAM_ADMIN_USERS is empty too: nobody could use or administer the bot',
    });
  });

  it.each([
    ['SECURITY_JWT_SECRET_KEY', 'short', 'must be at least 32 bytes long'],
    [
      'SECURITY_JWT_SECRET_KEY',
      'your-super-secret-jwt-key-change-this-in-production',
      'is a known example value; generate a random one',
    ],
    ['DEBUG', 'true', 'must be off in production'],
    ['API_DOCS_ENABLED', 'true', 'must be off in production'],
    ['SECURITY_CORS_ORIGINS', '*', 'must list origins, not *, in production'],
    ['FEATURE_ENABLE_API_AUTH', 'false', 'cannot be false in production'],
  ])('refuses production with %s=%s', (variable, value, message) => {
    expect(problemsOf({ ...goodProduction, [variable]: value })).toEqual({ [variable]: message });
  });

  it('accepts production with only admins and no other allowed users', () => {
    const { TELEGRAM_ALLOWED_USERS: _, ...env } = goodProduction;
    expect(loadConfig(env).telegram.adminUsers).toEqual([1001]);
  });

  it.each([
    ['PORT', 'abc', 'must be a whole number'],
    ['PORT', '70000', 'must be at most 65535'],
    ['DATABASE_POOL_SIZE', '-1', 'must be at least 1'],
    ['TELEGRAM_ALLOWED_USERS', '123,abc', '"abc" is not a numeric Telegram user id'],
    ['TELEGRAM_ADMIN_USERS', '@lawyer', '"@lawyer" is not a numeric Telegram user id'],
    ['DATABASE_URL', 'mysql://x', 'must be a URL starting with postgres:// or postgresql://'],
    ['ENV', 'prod', 'must be one of development, staging, production, test'],
    ['LOG_LEVEL', 'loud', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['DEBUG', 'maybe', 'must be true or false'],
    ['TELEGRAM_BOT_TOKEN', 'not-a-token', 'must look like 123456789:ABC-token from @BotFather'],
  ])('rejects malformed %s=%s in any profile', (variable, value, message) => {
    expect(problemsOf({ [variable]: value })).toEqual({ [variable]: message });
  });

  it('lists several malformed variables at once', () => {
    expect(Object.keys(problemsOf({ PORT: 'abc', DATABASE_POOL_SIZE: '0' }))).toEqual([
      'PORT',
      'DATABASE_POOL_SIZE',
    ]);
  });

  it('requires the webhook URL and secret in webhook mode', () => {
    expect(problemsOf({ TELEGRAM_MODE: 'webhook' })).toEqual({
      TELEGRAM_WEBHOOK_URL: 'is required when TELEGRAM_MODE=webhook',
      TELEGRAM_WEBHOOK_SECRET: 'is required when TELEGRAM_MODE=webhook',
    });
    const config = loadConfig({
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32),
    });
    expect(config.telegram.mode.kind).toBe('webhook');
  });

  it('reads feature flags from the environment', () => {
    expect(loadConfig({ FEATURE_ENABLE_RATE_LIMITING: 'false' }).features.enableRateLimiting).toBe(false);
  });

  it('reads the limits of reading a document, keeping the defaults of those not set', () => {
    const { documents } = loadConfig({
      DOCUMENTS_MAX_PAGES: '300',
      DOCUMENTS_MAX_IMAGE_PIXELS: '4000000',
      DOCUMENTS_READ_TIMEOUT_MS: '60000',
      DOCUMENTS_PARSER_MEMORY_MB: '256',
    });
    expect(documents).toEqual({
      ...DEFAULT_DOCUMENT_LIMITS,
      maxPages: 300,
      maxImagePixels: 4_000_000,
      timeoutMs: 60_000,
      parserMemoryMb: 256,
    });
    expect(problemsOf({ DOCUMENTS_MAX_PAGES: '0', DOCUMENTS_OCR_PAGE_TIMEOUT_MS: 'soon' })).toEqual({
      DOCUMENTS_MAX_PAGES: 'must be at least 1',
      DOCUMENTS_OCR_PAGE_TIMEOUT_MS: 'must be a whole number',
    });
  });
});

describe('secrets', () => {
  it('never print, whatever prints them', () => {
    const secret = new Secret('hunter2-very-secret');
    expect(String(secret)).toBe('[redacted]');
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- templates are what we test
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ nested: { secret } })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2-very-secret');
  });

  it('are redacted in the described configuration', () => {
    const text = JSON.stringify(describeConfig(loadConfig(goodProduction)));
    expect(text).not.toContain('pw@db');
    expect(text).not.toContain('A-very-random-value');
    expect(text).toContain('[redacted]');
  });
});

describe('config check in one pass', () => {
  /** The example file as an operator would leave it if they edited nothing. */
  function exampleEnvironment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const line of readFileSync(
      new URL('../../../.env.production.example', import.meta.url),
      'utf8',
    ).split('\n')) {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2];
    }
    return env;
  }

  it('names every problem of an unedited .env.production.example at once', () => {
    const problems = problemsOf(exampleEnvironment());
    expect(Object.keys(problems).sort()).toEqual([
      'DATABASE_URL',
      'SECURITY_JWT_SECRET_KEY',
      'TELEGRAM_ALLOWED_USERS',
      'TELEGRAM_BOT_TOKEN',
    ]);
    expect(problems.DATABASE_URL).toContain('REPLACE_WITH_POSTGRES_PASSWORD');
  });

  it('reports a malformed value and the production rules together', () => {
    expect(problemsOf({ ENV: 'production', PORT: 'abc' })).toEqual({
      PORT: 'must be a whole number',
      DATABASE_URL: 'is required in production (no embedded database)',
      REDIS_URL: 'is required in production (no in-process cache)',
      SECURITY_JWT_SECRET_KEY: 'is required in production',
      TELEGRAM_ALLOWED_USERS:
        'is empty and TELEGRAM_ADMIN_USERS is empty too: nobody could use or administer the bot',
    });
  });

  it.each([
    ['DATABASE_URL', 'postgres://megaagent:REPLACE_WITH_POSTGRES_PASSWORD@postgres:5432/megaagent'],
    ['REDIS_URL', 'redis://:REPLACE_WITH_REDIS_PASSWORD@redis:6379/0'],
    ['TELEGRAM_API_ROOT', 'https://REPLACE_WITH_HOST'],
  ])('refuses a placeholder left inside %s in production', (variable, value) => {
    expect(problemsOf({ ...goodProduction, [variable]: value })).toEqual({
      [variable]: expect.stringContaining('placeholder REPLACE_WITH_') as unknown,
    });
    // Outside production the same value is only a development leftover.
    expect(() => loadConfig({ [variable]: value })).not.toThrow();
  });
});

describe('start in production', () => {
  it('refuses to run without a bot token unless the bot is explicitly off', () => {
    expect(startRefusal(loadConfig(goodProduction))).toEqual({
      variable: 'TELEGRAM_BOT_TOKEN',
      message: expect.stringContaining('TELEGRAM_BOT_ENABLED=false') as unknown,
    });
    const off = loadConfig({ ...goodProduction, TELEGRAM_BOT_ENABLED: 'false' });
    expect(off.telegram.enabled).toBe(false);
    expect(startRefusal(off)).toBeNull();
    expect(startRefusal(loadConfig({ ...goodProduction, TELEGRAM_BOT_TOKEN: '123456:abcdef' }))).toBeNull();
    expect(startRefusal(loadConfig({}))).toBeNull();
  });
});

describe('README configuration table', () => {
  it('lists exactly the variables the configuration reads', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## ', 1));
    const documented = new Set<string>();
    for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
      const firstCell = row.split('|')[1] ?? '';
      for (const name of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) if (name[1]) documented.add(name[1]);
    }
    expect([...documented].sort()).toEqual([...ENV_VARIABLES].sort());
  });
});
