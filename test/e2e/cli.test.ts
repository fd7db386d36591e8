// The CLI as an operator meets it: an empty environment runs embedded; production refuses to guess.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'bin/megaagent.js');

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
  waitForOutput: (text: string, timeoutMs: number) => Promise<void>;
}

/** Runs the CLI with only `env` (and PATH); a command that serves the API gets a free port unless `env` names one. */
function runCli(args: string[], env: Record<string, string>, cwd: string): Run {
  const child = spawn(node, [cli, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    output: () => output,
    exited,
    kill: (signal) => child.kill(signal),
    async waitForOutput(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`"${text}" did not appear; output so far:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'megaagent-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('megaagent CLI', { tags: ['slow'] }, () => {
  it('starts the embedded default with an empty environment, stays up, and stops cleanly on SIGTERM', async () => {
    const cwd = tempDir();
    const run = runCli(['start'], { PORT: '0' }, cwd);
    await run.waitForOutput('embedded mode', 30_000);
    expect(run.output()).toContain(join(cwd, 'data'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await Promise.race([run.exited.then(() => 'exited'), Promise.resolve('running')])).toBe('running');
    run.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(existsSync(join(cwd, 'data', 'pglite'))).toBe(true);
  });

  it('refuses to start in production with an empty environment, naming every missing variable', async () => {
    const run = runCli(['start'], { ENV: 'production' }, tempDir());
    expect(await run.exited).toBe(2);
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'SECURITY_JWT_SECRET_KEY', 'TELEGRAM_ALLOWED_USERS'])
      expect(run.output()).toContain(variable);
    expect(run.output()).not.toContain('    at '); // a message, not a stack trace
  });

  it('config check names a malformed value and exits non-zero', async () => {
    const run = runCli(['config', 'check'], { PORT: 'abc', TELEGRAM_ALLOWED_USERS: '12,abc' }, tempDir());
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('PORT: must be a whole number');
    expect(run.output()).toContain('TELEGRAM_ALLOWED_USERS: "abc" is not a numeric Telegram user id');
  });

  it('config check prints the effective configuration with secrets redacted', async () => {
    const run = runCli(
      ['config', 'check'],
      { SECURITY_JWT_SECRET_KEY: 'a-secret-that-must-never-print-0123456789' },
      tempDir(),
    );
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('configuration is valid');
    expect(run.output()).toContain('"jwtSecretKey": "[redacted]"');
    expect(run.output()).not.toContain('must-never-print');
  });

  it('migrate applies the migrations once, then reports the database up to date', async () => {
    const cwd = tempDir();
    const first = runCli(['migrate'], {}, cwd);
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('applied: 001_foundation');
    const second = runCli(['migrate'], {}, cwd);
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('database is up to date');
  });

  it("keeps the compiled modules in the user's cache (else the temporary directory), unless NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const home = tempDir();
    const cached = runCli(['config', 'check'], { HOME: home }, tempDir());
    expect(await cached.exited).toBe(0);
    const cache = join(home, '.cache', 'megaagent', 'compiled');
    expect(readdirSync(cache, { recursive: true }).length).toBeGreaterThan(0);

    // A home that cannot be written (a read-only root filesystem): the temporary directory holds the cache.
    const tmp = tempDir();
    const readOnlyHome = runCli(['config', 'check'], { HOME: '/dev/null', TMPDIR: tmp }, tempDir());
    expect(await readOnlyHome.exited).toBe(0);
    expect(readdirSync(join(tmp, 'megaagent-compiled'), { recursive: true }).length).toBeGreaterThan(0);

    const otherHome = tempDir();
    const uncached = runCli(
      ['config', 'check'],
      { HOME: otherHome, NODE_DISABLE_COMPILE_CACHE: '1' },
      tempDir(),
    );
    expect(await uncached.exited).toBe(0);
    expect(existsSync(join(otherHome, '.cache', 'megaagent', 'compiled'))).toBe(false);
  });

  it('rejects an unknown command with the usage', async () => {
    const run = runCli(['frobnicate'], {}, tempDir());
    expect(await run.exited).toBe(64);
    expect(run.output()).toContain('Usage: megaagent');
  });
});
