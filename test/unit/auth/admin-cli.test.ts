// `megaagent admin create` and `create-key`: the first admin gets in without the API, the password never
// travels on the command line, and a key is printed once on stdout with nothing else there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../core/app.ts';
import { runAdminCommand, type AdminCliIo } from '../../../bin/admin-cli.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { silentLogger } from '../../support/fixtures.ts';

let app: App;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'megaagent-admin-cli-'));
  app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir }), { log: silentLogger() });
}, 60_000); // PGlite boots and migrates from scratch
afterAll(async () => {
  await app?.close('test done');
  rmSync(dataDir, { recursive: true, force: true });
});

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(args: string[], stdin = '') {
  const stdout = collect();
  const stderr = collect();
  const io: AdminCliIo = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: stdout.stream,
    stderr: stderr.stream,
  };
  let opened = 0;
  const code = await runAdminCommand(args, io, () => {
    opened++;
    return Promise.resolve({ services: app, close: () => Promise.resolve() });
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), opened };
}

describe('megaagent admin', () => {
  it('creates an admin account with the password from stdin, which then signs in', async () => {
    const result = await run(['create', '--email', 'Ops@Firm.example'], 'a long office passphrase\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^created admin account ops@firm\.example \(id [0-9a-f-]{36}\)\n$/);
    const { account } = await app.auth.login({
      email: 'ops@firm.example',
      password: 'a long office passphrase',
      source: 'cli-test',
    });
    expect(account.role).toBe('admin');
    const audit = await app.audit.list({
      action: 'accounts.create',
      target: account.id,
      limit: 5,
      offset: 0,
    });
    expect(audit.items[0]?.actor).toMatch(/^cli:/);
  });

  it('refuses a weak password and a taken email with exit 65 and the reason', async () => {
    const weak = await run(['create', '--email', 'weak@firm.example'], 'short');
    expect(weak.code).toBe(65);
    expect(weak.stderr).toContain('password must be at least 12 characters long');
    await run(['create', '--email', 'taken@firm.example'], 'a long office passphrase');
    const taken = await run(
      ['create', '--email', 'TAKEN@firm.example', '--role', 'user'],
      'another long passphrase',
    );
    expect(taken.code).toBe(65);
    expect(taken.stderr).toContain('An account for taken@firm.example already exists.');
  });

  it('prints a new API key alone on stdout, once, and it authenticates', async () => {
    const result = await run([
      'create-key',
      '--name',
      'intake CRM',
      '--role',
      'service',
      '--expires-days',
      '30',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^mga_[A-Za-z0-9_-]{43}\n$/);
    expect(result.stderr).toMatch(/shown once/);
    expect(result.stderr).not.toContain(result.stdout.trim());
    const principal = await app.auth.authenticate(result.stdout.trim());
    expect(principal).toMatchObject({ kind: 'api-key', role: 'service', label: 'intake CRM' });
    const key = await app.auth.apiKeys.get(principal.id);
    const days = ((key?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    // One audit row, written by the API key service as for the admin API.
    const audit = await app.audit.list({
      action: 'api-keys.create',
      target: principal.id,
      limit: 5,
      offset: 0,
    });
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({
      outcome: 'success',
      details: { name: 'intake CRM', role: 'service' },
    });
    expect(audit.items[0]?.actor).toMatch(/^cli:/);
  });

  it.each([
    [['create'], 'needs --email'],
    [['create-key', '--name', 'x'], 'needs --role'],
    [['create-key', '--name', 'x', '--role', 'root'], '--role must be one of admin, service, user'],
    [['create-key', '--name', 'x', '--role', 'user', '--expires-days', '0'], '--expires-days must be'],
    [['create', '--email', 'a@b.c', '--password', 'on the command line'], "Unknown option '--password'"],
    [['remove'], 'unknown admin command "remove"'],
  ])('refuses %j with exit 64 and usage, before opening anything', async (args, message) => {
    const result = await run(args, 'a long office passphrase');
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage:');
    expect(result.opened).toBe(0);
  });
});
