import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, describeConfig } from '../../../core/config/config.ts';
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
