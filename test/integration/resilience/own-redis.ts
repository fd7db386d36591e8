// A redis-server of the test's own, on a free loopback port, that the test can kill, stall and bring back.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A loopback port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export interface OwnRedis {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** SIGKILL, by pid: Redis gone without a goodbye. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the connection stays open but nothing answers. */
  stall(): void;
  resume(): void;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  async function answers(): Promise<boolean> {
    const probe = new Redis(url, { lazyConnect: true, connectTimeout: 300, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined); // the probe's own refusals are the expected answer while starting
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }

  return {
    port,
    url,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 5_000;
      while (!(await answers())) {
        if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async kill() {
      const running = child;
      if (!running?.pid || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(running.pid, 'SIGKILL');
      await exited;
    },
    stall() {
      if (child?.pid) process.kill(child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
  };
}
