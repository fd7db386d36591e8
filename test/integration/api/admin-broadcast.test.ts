// A broadcast through the admin API, end to end on real Postgres and Redis: queued by POST (202), sent by
// a worker in this process through grammY to the fake Bot API with its flood limit on, read back as a
// delivery report; and a broadcast cancelled mid-way stops sending.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { broadcastDelivery } from '../../../bot/broadcast-delivery.ts';
import { broadcastJobHandler, broadcastPace } from '../../../core/jobs/broadcast-job.ts';
import { startJobWorker, type JobWorker } from '../../../core/jobs/worker.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { silentLogger, waitUntil } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1/admin';
const FIRST_USER = 530_000_000;

interface Report {
  recipients: number;
  sent: number;
  blocked: number;
  failed: number;
  pending: number;
  finishedAt: string | null;
  jobId: string;
  jobState: string | null;
  failures: Array<{ telegramId: number; outcome: string; reason: string | null }>;
}

integrationSuite('broadcasts through the admin API', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let fake: FakeTelegram;
  let worker: JobWorker;
  let headers: Record<string, string>;
  let users = 0;

  beforeAll(async () => {
    fake = await startFakeTelegram({ floodLimit: { messagesPerSecond: 30 } });
    env = await openAdminTestEnv();
    replica = await env.start();
    const { app } = replica;
    worker = await startJobWorker({
      queue: app.jobs,
      results: app.jobResults,
      progress: null,
      log: silentLogger(),
      handlers: {
        broadcast: broadcastJobHandler({
          store: app.broadcasts,
          deliver: broadcastDelivery({ token: fake.token, apiRoot: fake.apiRoot, metrics: app.metrics }),
          pace: broadcastPace(app.cache),
          log: silentLogger(),
        }),
      },
    });
    headers = bearer((await accountWithToken(app, 'admin')).token);
  });

  afterAll(async () => {
    worker?.stop();
    await env?.close();
    await fake?.close();
  });

  async function addLawyers(count: number): Promise<number[]> {
    const added: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = FIRST_USER + users++;
      fake.knowUser({ id });
      await replica.app.users.upsert({ telegramId: id, role: 'lawyer' });
      added.push(id);
    }
    return added;
  }

  async function call(method: 'GET' | 'POST', url: string, payload?: object) {
    const response = await replica.server.inject({
      method,
      url: `${API}${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  }

  const received = (text: string) =>
    fake.sent.filter((m) => m.method === 'sendMessage' && m.text === text).map((m) => m.chat_id);

  it('queues the broadcast, a worker sends it once to each user, and the report counts who blocked the bot', async () => {
    const lawyers = await addLawyers(40);
    fake.blockBot(lawyers[7]!);
    const queued = await call('POST', '/broadcast', { text: 'Court closures this week' });
    expect(queued.status).toBe(202);
    const id = String(queued.body.id);

    let report = (await call('GET', `/broadcasts/${id}`)).body as unknown as Report;
    await waitUntil(
      async () => {
        report = (await call('GET', `/broadcasts/${id}`)).body as unknown as Report;
        return report.finishedAt !== null;
      },
      'the broadcast finished',
      30_000,
    );
    expect(report).toMatchObject({ recipients: 40, sent: 39, blocked: 1, failed: 0, pending: 0 });
    expect(report.failures).toEqual([
      { telegramId: lawyers[7], outcome: 'blocked', reason: 'Forbidden: bot was blocked by the user' },
    ]);
    expect(received('Court closures this week').sort()).toEqual(
      lawyers.filter((chat) => chat !== lawyers[7]).sort(),
    );
    await waitUntil(
      async () => (await call('GET', `/jobs/${report.jobId}`)).body.state === 'completed',
      'the job completed',
      10_000,
    );
  }, 60_000);

  it('stops sending a broadcast an admin cancels', async () => {
    await addLawyers(360);
    const queued = await call('POST', '/broadcast', { text: 'Sent by mistake' });
    const jobId = String(queued.body.jobId);
    await waitUntil(() => received('Sent by mistake').length >= 20, 'the broadcast under way', 30_000);

    const cancelled = await call('POST', `/jobs/${jobId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    // The worker sees the cancel at its next heartbeat (10 s) and stops; nothing goes out after that.
    let settled = received('Sent by mistake').length;
    await waitUntil(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const now = received('Sent by mistake').length;
        const still = now === settled;
        settled = now;
        return still;
      },
      'sending stopped',
      20_000,
    );
    const report = (await call('GET', `/broadcasts/${String(queued.body.id)}`)).body as unknown as Report;
    // The lawyer who blocked the bot in the test above is still on the list.
    expect(report.blocked).toBe(1);
    expect(report.sent + report.blocked).toBe(settled + 1);
    expect(report.pending).toBeGreaterThan(0);
    expect(report.sent + report.blocked + report.pending).toBe(report.recipients);
    expect(report.finishedAt).toBeNull();
    expect(report.jobState).toBe('cancelled');
  }, 60_000);
});
