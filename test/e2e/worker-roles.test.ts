// Which process runs jobs: `megaagent start` runs a worker in process, `megaagent api` never does, and
// `megaagent worker` serves only probes and metrics beside its job consumers and stops cleanly on SIGTERM.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { migratedDataDir } from '../support/fixtures.ts';

const WORKER_STARTED = '"msg":"job worker started"';

/** The probe server address, from the "API listening" log line. */
function addressOf(child: BotProcess): string {
  const match = /"address":"(http:\/\/[^"]+)","msg":"API listening"/.exec(child.output());
  if (!match?.[1]) throw new Error(`no address in the output:\n${child.output()}`);
  return match[1];
}

describe('processes and the job worker', { tags: ['slow'] }, () => {
  let fake: FakeTelegram;
  // One embedded database for the three processes, which run one after another (PGlite allows one at a time).
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = await migratedDataDir('megaagent-worker-roles-');
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('megaagent start runs a worker in process and shows the queue in /metrics', async () => {
    const child = spawnBot({ fake, args: ['start'], dataDir });
    try {
      await child.waitForOutput(WORKER_STARTED, 120_000);
      await child.polling(120_000);
      const metrics = await (await fetch(new URL('/metrics', addressOf(child)))).text();
      expect(metrics).toContain('megaagent_job_queue_depth{queue="queue-check"} 0');
    } finally {
      expect(await child.stop()).toBe(0);
    }
  }, 180_000);

  it('megaagent api does not run jobs', async () => {
    const child = spawnBot({ fake, args: ['api'], dataDir });
    try {
      await child.waitForOutput('"msg":"API listening"', 120_000);
      // The worker would start right after the server listens, as in `start`; give it time to show.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(child.output()).not.toContain(WORKER_STARTED);
    } finally {
      expect(await child.stop()).toBe(0);
    }
  }, 180_000);

  it('megaagent worker answers its probes, has no admin API, and stops cleanly on SIGTERM', async () => {
    const child = spawnBot({ fake, args: ['worker'], dataDir });
    try {
      await child.waitForOutput(WORKER_STARTED, 120_000);
      const base = addressOf(child);
      expect((await fetch(new URL('/liveness', base))).status).toBe(200);
      expect((await fetch(new URL('/readiness', base))).status).toBe(200);
      expect((await fetch(new URL('/api/v1/admin/users', base))).status).toBe(404);
      // It never polls Telegram: only the bot process may (one long poller per token).
      expect(fake.calls.filter((c) => c.method === 'getUpdates' && c.at > Date.now() - 5_000)).toEqual([]);
    } finally {
      expect(await child.stop()).toBe(0);
    }
  }, 180_000);
});
