import { createServer } from 'node:net';
import { Bot } from 'grammy';
import { describe, expect, it } from 'vitest';
import { configuredSecretValues, loadConfig } from '../../../core/config/config.ts';
import { createLogger } from '../../../core/logging/logger.ts';
import { REDACTED, secretValueScrubber } from '../../../core/logging/redact.ts';

/** A token the usual pattern does not know: a short id and a short secret part, as test servers hand out. */
const ODD_TOKEN = '4242:odd_Token-7';

function capture(secrets: Iterable<string>) {
  const raw: string[] = [];
  const log = createLogger({
    level: 'info',
    format: 'json',
    secrets,
    destination: { write: (line: string) => void raw.push(line) },
  });
  return { log, text: () => raw.join('') };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('configured secrets in logs', () => {
  it('removes a bot token of unusual shape from a fetch error that names the Bot API URL', async () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: ODD_TOKEN,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${await closedPort()}`,
    });
    const bot = new Bot(ODD_TOKEN, { client: { apiRoot: config.telegram.apiRoot } });
    const failure = await bot.api.getMe().then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    // The error really carries the token: this is what used to reach the logs.
    const unscrubbed = capture([]);
    unscrubbed.log.error({ err: failure }, 'Telegram unreachable');
    expect(unscrubbed.text()).toContain(ODD_TOKEN);

    const { log, text } = capture(configuredSecretValues(config));
    log.error({ err: failure }, 'Telegram unreachable');
    log.warn(`getMe failed: ${String((failure as Error).message)} ${String((failure as Error).cause)}`);
    expect(text()).not.toContain(ODD_TOKEN);
    expect(text()).not.toContain(encodeURIComponent(ODD_TOKEN));
    expect(text()).toContain(REDACTED);
  });

  it('knows every configured secret, and only the password of a URL', () => {
    const values = configuredSecretValues(
      loadConfig({
        DATABASE_URL: 'postgres://app:db%2Fpass-9@db.internal:5432/prod',
        REDIS_URL: 'redis://:cache-pass-7@cache:6379',
        SECURITY_JWT_SECRET_KEY: 'jwt-signing-key-0123456789abcdef0123',
        LLM_OPENAI_API_KEY: 'openai-key-odd',
        TELEGRAM_BOT_TOKEN: ODD_TOKEN,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      }),
    );
    expect(values.sort()).toEqual(
      [
        'db/pass-9',
        'cache-pass-7',
        'jwt-signing-key-0123456789abcdef0123',
        'openai-key-odd',
        ODD_TOKEN,
        'webhook-secret-0123456789',
      ].sort(),
    );
  });

  it('finds a value escaped in JSON or a URL, and leaves short values alone', () => {
    const scrub = secretValueScrubber(['pa"ss\\word', 'a b/c+d', 'short']);
    expect(scrub(JSON.stringify({ m: 'x pa"ss\\word y' }))).toBe(JSON.stringify({ m: `x ${REDACTED} y` }));
    expect(scrub('GET /x?k=a%20b%2Fc%2Bd')).toBe(`GET /x?k=${REDACTED}`);
    expect(scrub('a short note')).toBe('a short note');
  });
});
