// The real bot process (`megaagent bot` or `start`) spawned against the fake Telegram server, for e2e tests:
// what an operator runs, talking HTTP to what Telegram would be.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FakeTelegram } from './fake-telegram.ts';
import { scanLog, watchEnvironmentSecrets } from './log-scan.ts';

const root = resolve(import.meta.dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'bin/megaagent.ts');

export interface BotProcessOptions {
  fake: FakeTelegram;
  /** CLI arguments (default `['bot']`). */
  args?: string[];
  allowedUsers?: readonly number[];
  adminUsers?: readonly number[];
  /** Reuse an embedded data directory (creating one takes seconds); a fresh one is made and removed otherwise. */
  dataDir?: string;
  /** More environment, or `undefined` to leave a variable out (e.g. `{ TELEGRAM_BOT_TOKEN: undefined }`). */
  env?: Record<string, string | undefined>;
}

export interface BotProcess {
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  isRunning(): boolean;
  kill(signal?: NodeJS.Signals): void;
  /** Resolves when the output contains `text`; rejects with the output so far on timeout or exit. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the bot has started polling the fake server. */
  polling(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code; SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export function spawnBot(options: BotProcessOptions): BotProcess {
  const { fake } = options;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'megaagent-e2e-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_ALLOWED_USERS: (options.allowedUsers ?? []).join(','),
    TELEGRAM_ADMIN_USERS: (options.adminUsers ?? []).join(','),
    // The process serves the HTTP API too: a free port each, so parallel test files never meet EADDRINUSE.
    PORT: '0',
    ...options.env,
  };
  watchEnvironmentSecrets(env);
  const child = spawn(node, [cli, ...(options.args ?? ['bot'])], {
    cwd: dataDir,
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      scanLog(`megaagent ${(options.args ?? ['bot']).join(' ')}`, output);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      done(code);
    }),
  );
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  async function waitForOutput(text: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
    const deadline = Date.now() + timeoutMs;
    while (!seen()) {
      if (Date.now() > deadline || !isRunning()) {
        throw new Error(
          `bot process: ${String(text)} did not appear${isRunning() ? '' : ' (it exited)'}; output:\n${output}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    output: () => output,
    stderr: () => errors,
    exited,
    isRunning,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
    waitForOutput,
    polling: (timeoutMs = 30_000) => waitForOutput('polling Telegram for updates', timeoutMs),
    async stop(timeoutMs = 15_000) {
      if (!isRunning()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
