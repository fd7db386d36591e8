// Jobs through the admin API on real Postgres and Redis: listed newest first by kind and state, read one
// with its last error (credentials removed, no stack), a job failed for good retried, queued and running
// jobs cancelled, each change audited; only admins may; and the figures in /admin/stats and /metrics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../../support/fixtures.ts';
import { integrationSuite } from '../../support/services.ts';
import {
  accountWithToken,
  bearer,
  openAdminTestEnv,
  type AdminTestEnv,
  type Replica,
} from './admin-harness.ts';

const API = '/api/v1/admin';

interface JobBody {
  id: string;
  kind: string;
  state: string;
  retries: number;
  retryLimit: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  lastError: string | null;
}

interface ErrorBody {
  error: { code: number; message: string; fields?: Array<{ path: string }> };
}

integrationSuite('admin jobs API', ['postgres', 'redis'], () => {
  let env: AdminTestEnv;
  let replica: Replica;
  let actor: string;
  let headers: Record<string, string>;
  /** A job whose every attempt failed, with a credential in its error. */
  let failedId: string;

  beforeAll(async () => {
    env = await openAdminTestEnv();
    replica = await env.start();
    const admin = await accountWithToken(replica.app, 'admin');
    actor = `admin:${admin.account.id}`;
    headers = bearer(admin.token);

    // A worker in this process whose queue checks fail, naming a credential the way a driver error can.
    const secret = env.jwtSecret;
    await replica.app.jobs.work('queue-check', async (job) => {
      if (job.data.holdMs === 7)
        throw new Error(`could not reach postgres://megaagent:${secret}@db:5432/app`);
      // Held until done or taken back (cancelled), as a real handler stops on its signal.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, job.data.holdMs);
        job.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    });
    failedId = (await replica.app.jobs.enqueue('queue-check', { holdMs: 7 })).id;
    // Three retries with backoff (1 s, 2 s, 4 s, jittered) before it fails for good.
    await waitUntil(
      async () => (await replica.app.jobs.find(failedId))?.state === 'failed',
      'the failing job failed for good',
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    await env?.close();
  });

  async function call(method: 'GET' | 'POST', url: string, as: Record<string, string> = headers) {
    const response = await replica.server.inject({ method, url: `${API}${url}`, headers: as });
    return { status: response.statusCode, body: response.json<unknown>() };
  }

  it('reads one job: its state, attempts, times and last error without credentials or stack', async () => {
    const { status, body } = await call('GET', `/jobs/${failedId}`);
    expect(status).toBe(200);
    const job = body as JobBody;
    expect(job).toMatchObject({
      id: failedId,
      kind: 'queue-check',
      state: 'failed',
      retries: 3,
      retryLimit: 3,
    });
    expect(job.completedAt).not.toBeNull();
    expect(job.lastError).toContain('could not reach postgres://megaagent:');
    expect(job.lastError).not.toContain(env.jwtSecret);
    expect(job.lastError).not.toMatch(/\n\s+at /);

    const missing = await call('GET', '/jobs/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).error.code).toBe(7300);
    const malformed = await call('GET', '/jobs/not-a-job');
    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorBody).error.fields?.[0]?.path).toBe('params.id');
  });

  it('lists jobs newest first, filtered by kind and state, in bounded pages', async () => {
    // Held far in the future, so these wait in the queue.
    const waiting: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await replica.app.jobs.enqueue(
        'queue-check',
        { holdMs: 1 },
        { startAfterSeconds: 3600 },
      );
      waiting.push(id);
    }
    const queued = await call('GET', '/jobs?kind=queue-check&state=created');
    expect(queued.status).toBe(200);
    const page = queued.body as { items: JobBody[]; total: number; limit: number };
    expect(page.total).toBe(3);
    expect(page.items.map((job) => job.id)).toEqual([...waiting].reverse());

    const firstTwo = (await call('GET', '/jobs?state=created&limit=2')).body as { items: JobBody[] };
    const next = (await call('GET', '/jobs?state=created&limit=2&offset=2')).body as { items: JobBody[] };
    expect([...firstTwo.items, ...next.items].map((job) => job.id)).toEqual([...waiting].reverse());

    const failed = (await call('GET', '/jobs?state=failed')).body as { items: JobBody[] };
    expect(failed.items.map((job) => job.id)).toEqual([failedId]);
    expect((await call('GET', '/jobs?kind=broadcast')).body).toMatchObject({ items: [], total: 0 });

    expect((await call('GET', '/jobs?state=stuck')).status).toBe(400);
    expect((await call('GET', '/jobs?kind=mining')).status).toBe(400);
    expect((await call('GET', '/jobs?limit=201')).status).toBe(400);
  });

  it('retries a job that failed for good, once, and audits it', async () => {
    const retried = await call('POST', `/jobs/${failedId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failedId, state: 'retry' });
    const { items } = await replica.app.audit.list({ actor, action: 'job.retry', limit: 1, offset: 0 });
    expect(items[0]).toMatchObject({ outcome: 'success', target: `job:${failedId}` });

    // The worker runs it again (and it fails again, for good): it was really put back in the queue.
    await waitUntil(
      async () => (await replica.app.jobs.find(failedId))?.retries === 4,
      'the retried job ran again',
      30_000,
    );
    const { id: done } = await replica.app.jobs.enqueue('queue-check', { holdMs: 1 });
    await waitUntil(
      async () => (await replica.app.jobs.find(done))?.state === 'completed',
      'a job completed',
      30_000,
    );
    const refused = await call('POST', `/jobs/${done}/retry`);
    expect(refused.status).toBe(409);
    expect((refused.body as ErrorBody).error.code).toBe(7301);
  }, 60_000);

  it('cancels a queued job and a running one; a finished job cannot be cancelled', async () => {
    const { id: queued } = await replica.app.jobs.enqueue(
      'queue-check',
      { holdMs: 1 },
      { startAfterSeconds: 3600 },
    );
    const cancelled = await call('POST', `/jobs/${queued}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: queued, state: 'cancelled' });
    const again = await call('POST', `/jobs/${queued}/cancel`);
    expect(again.status).toBe(409);
    const { items } = await replica.app.audit.list({ actor, action: 'job.cancel', limit: 2, offset: 0 });
    expect(items.map((entry) => entry.outcome)).toEqual(['failure', 'success']);

    const { id: running } = await replica.app.jobs.enqueue('queue-check', { holdMs: 20_000 });
    await waitUntil(
      async () => (await replica.app.jobs.find(running))?.state === 'active',
      'the long job running',
      30_000,
    );
    const stopped = await call('POST', `/jobs/${running}/cancel`);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ state: 'cancelled' });
  }, 60_000);

  it('lets only admins see or change jobs', async () => {
    const service = await accountWithToken(replica.app, 'service');
    expect((await call('GET', '/jobs', bearer(service.token))).status).toBe(403);
    expect((await call('POST', `/jobs/${failedId}/retry`, bearer(service.token))).status).toBe(403);
    expect((await call('GET', '/jobs', {})).status).toBe(401);
    expect((await call('POST', `/jobs/${failedId}/cancel`, {})).status).toBe(401);
  });

  it('shows job figures in /admin/stats and /metrics', async () => {
    const stats = await call('GET', '/stats');
    expect(stats.status).toBe(200);
    const jobs = (stats.body as { jobs: Record<string, unknown> }).jobs;
    expect(jobs).toMatchObject({
      failedLast24h: 1,
      byKind: {
        'queue-check': expect.objectContaining({ failedLast24h: 1 }) as object,
        broadcast: { queued: 0, active: 0, failedLast24h: 0, completedLast24h: 0 },
      },
    });
    expect(jobs.completedLast24h).toBeGreaterThanOrEqual(1);
    expect(jobs.queued).toBeGreaterThanOrEqual(3);

    const metrics = await replica.server.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/megaagent_jobs\{kind="queue-check",state="failed"\} 1\b/);
    expect(metrics.body).toMatch(/megaagent_jobs\{kind="broadcast",state="created"\} 0\b/);
    expect(metrics.body).toMatch(
      /megaagent_job_duration_seconds_count\{kind="queue-check",outcome="failed"\} [1-9]/,
    );
  });
});
