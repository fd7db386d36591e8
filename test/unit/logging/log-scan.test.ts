// The log scan catches a secret however a log line is written: a pino logger writing straight to this
// process's stdout, the stream itself, and a spawned process's captured output.
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../../core/logging/logger.ts';
import {
  scanLog,
  secretsIn,
  takeFindings,
  watchEnvironmentSecrets,
  watchForSecret,
} from '../../support/log-scan.ts';

afterEach(() => {
  // What these tests leak on purpose is taken here, so the file itself does not fail the scan.
  takeFindings();
});

const waitForWrites = () => new Promise((r) => setTimeout(r, 50));

it('finds a watched secret a pino logger writes to stdout, naming only its first characters', async () => {
  watchForSecret('scan-test-signing-key-0001');
  createLogger({ level: 'info', format: 'json' }).info({ key: 'scan-test-signing-key-0001' }, 'oops');
  await waitForWrites();
  expect(takeFindings()).toEqual(['a watched secret (scan…) in the log of this test process']);
});

it('finds JWTs and API keys by their shape, on the stream too', async () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  process.stderr.write(`header ${jwt}\n`);
  process.stdout.write(`key mga_${'A'.repeat(43)}\n`);
  await waitForWrites();
  expect(takeFindings().sort()).toEqual([
    'a signed JWT in the log of this test process',
    'an API key in the log of this test process',
  ]);
});

it('watches the secrets of a spawned process’s environment, passwords inside URLs included', () => {
  watchEnvironmentSecrets({
    TELEGRAM_BOT_TOKEN: '777000:scan-test-token',
    REDIS_URL: 'redis://:scan-test-redis-pass@127.0.0.1:6379/0',
    LOG_LEVEL: 'info',
  });
  scanLog('megaagent bot', 'fetch failed for /bot777000:scan-test-token/getMe; redis scan-test-redis-pass');
  expect(takeFindings()).toEqual([
    'a watched secret (7770…) in the log of megaagent bot',
    'a watched secret (scan…) in the log of megaagent bot',
  ]);
  expect(secretsIn('info: the bot started; level info')).toEqual([]);
});
