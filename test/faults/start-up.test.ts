// Start-up faults an operator meets: an unreachable Redis is named within seconds (its password never
// printed), and production `start` without a bot token refuses unless the bot is switched off on purpose.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanLog, watchEnvironmentSecrets } from '../support/log-scan.ts';
import { testServiceUrls } from '../support/services.ts';
import { freePort } from '../integration/resilience/own-redis.ts';

const root = resolve(import.meta.dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'bin/megaagent.js');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI with only `env` (and PATH) to its end; output is stdout and stderr together. */
async function runToEnd(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; ms: number }> {
  const cwd = mkdtempSync(join(tmpdir(), 'megaagent-faults-'));
  dirs.push(cwd);
  const started = Date.now();
  watchEnvironmentSecrets(env);
  const child = spawn(node, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  scanLog(`megaagent ${args.join(' ')}`, output);
  return { code, output, ms: Date.now() - started };
}

const production = {
  ENV: 'production',
  DATABASE_URL: testServiceUrls.postgres,
  SECURITY_JWT_SECRET_KEY: 'faults-test-signing-key-0123456789abcdef',
  TELEGRAM_ADMIN_USERS: '100000002',
  LOG_LEVEL: 'error',
};

describe('start-up faults', () => {
  it('names an unreachable Redis and its URL, without the password, within seconds', async () => {
    const port = await freePort();
    const run = await runToEnd(['api'], {
      ...production,
      REDIS_URL: `redis://:faults-pass-91@127.0.0.1:${port}/0`,
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`Redis at redis://:redacted@127.0.0.1:${port}/0 is unreachable`);
    expect(run.output).not.toContain('faults-pass-91');
    expect(run.ms).toBeLessThan(15_000); // 5 s of waiting for Redis, plus starting Node under load
  }, 30_000);

  it('refuses production start without a bot token, unless TELEGRAM_BOT_ENABLED=false', async () => {
    const refused = await runToEnd(['start'], { ...production, REDIS_URL: testServiceUrls.redis });
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('TELEGRAM_BOT_TOKEN is required by "megaagent start" in production');
    expect(refused.output).toContain('TELEGRAM_BOT_ENABLED=false');
  }, 30_000);
});
