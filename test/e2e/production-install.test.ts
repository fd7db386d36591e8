// The project installed the way the image installs it — the files the Dockerfile copies, `npm ci --omit=dev`
// (no dev dependencies), `megaagent` linked onto PATH — and every role brought live by that name in
// production mode on the real Postgres and Redis: `migrate` exits 0; `api`, `worker`, `bot` and `start`
// answer /liveness, and the bot roles poll the fake Telegram. A runtime import of a dev dependency, a
// file the image leaves out or a broken command link fails here before it fails in a cluster.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { openServerStorage, type ServerStorage } from '../support/fixtures.ts';
import { scanLog, watchEnvironmentSecrets } from '../support/log-scan.ts';
import { integrationSuite } from '../support/services.ts';

const root = resolve(import.meta.dirname, '../..');
/** The project's Node 24 (the image's node); its directory goes first on PATH, so npm and the shebang use it. */
const nodeDir = dirname(process.execPath);

/** What the Dockerfile's final stage copies from the build context (not the dependency stage's node_modules). */
async function copiedByDockerfile(): Promise<string[]> {
  const dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return [...finalStage.matchAll(/^COPY\s+(?!--from)(.+)$/gm)].flatMap((match) => {
    const parts = (match[1] ?? '').trim().split(/\s+/);
    return parts.slice(0, -1).map((source) => source.replace(/^\.\//, '').replace(/\/$/, ''));
  });
}

/** The command link the Dockerfile makes (`ln -s <app>/bin/megaagent.js /usr/local/bin/megaagent`). */
async function commandLinkInDockerfile(): Promise<{ target: string; name: string }> {
  const dockerfile = await readFile(join(root, 'Dockerfile'), 'utf8');
  const match = /ln -s \/app\/(\S+) \S*\/bin\/(\S+)/.exec(dockerfile);
  if (!match?.[1] || !match[2]) throw new Error('the Dockerfile links no command onto PATH');
  return { target: match[1], name: match[2] };
}

interface Role {
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

integrationSuite(
  'the project installed as the image installs it',
  ['postgres', 'redis'],
  () => {
    let appDir: string;
    let pathDir: string;
    let fake: FakeTelegram;
    let storage: ServerStorage;
    const running: Role[] = [];

    beforeAll(async () => {
      const base = await mkdtemp(join(tmpdir(), 'megaagent-image-'));
      appDir = join(base, 'app');
      pathDir = join(base, 'bin');
      await mkdir(appDir);
      await mkdir(pathDir);
      for (const source of await copiedByDockerfile())
        await cp(join(root, source), join(appDir, source), { recursive: true });
      await promisify(execFile)(
        'npm',
        ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'],
        { cwd: appDir, env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH ?? ''}` } },
      );
      const link = await commandLinkInDockerfile();
      await chmod(join(appDir, link.target), 0o755);
      await symlink(join(appDir, link.target), join(pathDir, link.name));
      fake = await startFakeTelegram();
      storage = await openServerStorage();
    }, 240_000);

    afterAll(async () => {
      for (const role of running) await role.stop();
      await fake?.close();
      await storage?.drop();
      if (appDir) await rm(dirname(appDir), { recursive: true, force: true });
    });

    /** `megaagent <args>` by name, as `kubectl exec` or the image's CMD runs it, with a production environment. */
    function megaagent(args: string[]): Role {
      const env = {
        // Only what a container would have: PATH with the command link and node 24, and the deployment's settings.
        PATH: `${pathDir}:${nodeDir}:/usr/bin:/bin`,
        ENV: 'production',
        NODE_ENV: 'production',
        PORT: '0',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        ...storage.env,
        SECURITY_JWT_SECRET_KEY: randomBytes(32).toString('hex'),
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_ADMIN_USERS: '100000002',
      };
      watchEnvironmentSecrets(env);
      const child = spawn('megaagent', args, { cwd: appDir, env });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((done) => {
        child.on('exit', (code) => {
          scanLog(`the installed megaagent ${args.join(' ')}`, output);
          done(code);
        });
        // A missing or broken command link: spawn fails; the role counts as exited, with the reason in its output.
        child.on('error', (err) => {
          output += `spawn failed: ${err.message}\n`;
          done(-1);
        });
      });
      const role: Role = {
        output: () => output,
        exited,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return exited;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          try {
            return await exited;
          } finally {
            clearTimeout(timer);
          }
        },
      };
      running.push(role);
      return role;
    }

    /** Waits for the role's "API listening" line and asks its /liveness, as the kubelet does. */
    async function liveness(role: Role): Promise<number> {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const match = /"address":"(http:\/\/[^"]+)","msg":"API listening"/.exec(role.output());
        if (match?.[1]) return (await fetch(new URL('/liveness', match[1]))).status;
        const exitedEarly = await Promise.race([
          role.exited.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 100)),
        ]);
        if (exitedEarly || Date.now() > deadline)
          throw new Error(`no "API listening" line${exitedEarly ? ' (it exited)' : ''}:\n${role.output()}`);
      }
    }

    /** Resolves once the fake Telegram has had a getUpdates call since `since`. */
    async function polledSince(since: number): Promise<boolean> {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (fake.calls.some((c) => c.method === 'getUpdates' && c.at >= since)) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    }

    it('migrate applies the migrations and exits 0', async () => {
      const role = megaagent(['migrate']);
      expect(await role.exited, role.output()).toBe(0);
    }, 120_000);

    it('api, worker, bot and start each answer /liveness and stop cleanly on SIGTERM', async () => {
      for (const command of ['api', 'worker', 'bot', 'start']) {
        const since = Date.now();
        const role = megaagent([command]);
        expect(await liveness(role), `${command}:\n${role.output()}`).toBe(200);
        if (command === 'bot' || command === 'start')
          expect(await polledSince(since), `${command} never polled:\n${role.output()}`).toBe(true);
        expect(await role.stop(), `${command} on SIGTERM:\n${role.output()}`).toBe(0);
      }
    }, 300_000);
  },
  ['slow'],
);
