// What the job queue guarantees, written once and run on the embedded PGlite (unit) and on Postgres
// (integration): handled jobs, singleton keys, retries into the dead letter, a graceful stop that
// finishes or hands back, and the queue's figures in the metrics.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../../core/db/database.ts';
import { createJobQueue, defineJobKinds, type JobQueue } from '../../../core/jobs/queue.ts';
import { createMetrics, type Metrics } from '../../../core/metrics.ts';
import { silentLogger, waitUntil } from '../../support/fixtures.ts';

export interface QueueBackend {
  db: Database;
  /** pg-boss's own pool on Postgres; null on PGlite (the adapter over `db`). */
  postgresUrl: string | null;
  close(): Promise<void>;
}

const retries = { retryDelaySeconds: 1, retryDelayMaxSeconds: 2, expireInSeconds: 60, heartbeatSeconds: 10 };

export const TEST_KINDS = defineJobKinds({
  'analysis-echo': {
    payload: z.object({ caseId: z.string().uuid(), note: z.string() }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 2,
    ...retries,
  },
  'always-fails': {
    payload: z.object({ reason: z.string() }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 1,
    ...retries,
  },
  'nobody-works': {
    payload: z.object({ n: z.number().int() }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 0,
    ...retries,
  },
  'slow-or-stuck': {
    payload: z.object({ holdMs: z.number().int() }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 2,
    ...retries,
  },
});

const CASE_ID = '6f1d3a52-8c1e-4c2b-9a53-0d6b2f7e9a10';
const WAIT_MS = 20_000;

export function queueBehaviour(openBackend: () => Promise<QueueBackend>): void {
  let backend: QueueBackend;
  let queue: JobQueue<typeof TEST_KINDS>;
  let metrics: Metrics;
  const echoed: { id: string; note: string }[] = [];
  const failures: { id: string; attempt: number; last: boolean }[] = [];

  function openQueue(): JobQueue<typeof TEST_KINDS> {
    return createJobQueue({
      kinds: TEST_KINDS,
      db: backend.db,
      postgresUrl: backend.postgresUrl,
      log: silentLogger(),
      metrics,
      pollingIntervalSeconds: 0.5,
      superviseIntervalSeconds: 1,
    });
  }

  beforeAll(async () => {
    backend = await openBackend();
    metrics = createMetrics({ processMetrics: false });
    queue = openQueue();
    await queue.work('analysis-echo', (job) => {
      echoed.push({ id: job.id, note: job.data.note });
      return Promise.resolve();
    });
    await queue.work('always-fails', (job) => {
      failures.push({ id: job.id, attempt: job.attempt, last: job.isLastAttempt });
      return Promise.reject(new Error(`refused: ${job.data.reason}`));
    });
  }, 60_000);

  afterAll(async () => {
    await queue?.stop(1_000);
    await backend?.close();
  });

  it('runs an enqueued job once with its payload, and refuses a payload its kind does not accept', async () => {
    const { id, created } = await queue.enqueue('analysis-echo', { caseId: CASE_ID, note: 'first' });
    expect(created).toBe(true);
    await waitUntil(() => echoed.some((e) => e.id === id), 'the job handled', WAIT_MS);
    await waitUntil(
      async () => (await queue.status('analysis-echo', id))?.state === 'completed',
      'completed',
      WAIT_MS,
    );
    expect(echoed.filter((e) => e.id === id)).toEqual([{ id, note: 'first' }]);

    await expect(queue.enqueue('analysis-echo', { caseId: 'not-a-uuid', note: 'x' })).rejects.toThrow();
  }, 30_000);

  it('starts one job for one singleton key, however often the same update is enqueued', async () => {
    const key = 'update:700000123';
    const results = await Promise.all(
      ['a', 'b', 'c'].map((note) =>
        queue.enqueue('analysis-echo', { caseId: CASE_ID, note }, { singletonKey: key }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const id = results[0]!.id;
    await waitUntil(
      async () => (await queue.status('analysis-echo', id))?.state === 'completed',
      'completed',
      WAIT_MS,
    );
    // Redelivered after the job finished: still the same job, nothing runs again.
    const again = await queue.enqueue(
      'analysis-echo',
      { caseId: CASE_ID, note: 'late' },
      { singletonKey: key },
    );
    expect(again).toEqual({ id, created: false });
    await sleep(1_500);
    expect(echoed.filter((e) => e.id === id)).toHaveLength(1);
  }, 30_000);

  it('retries a failing job with backoff, then fails it for good into the dead letter', async () => {
    const { id } = await queue.enqueue('always-fails', { reason: 'the document is unreadable' });
    await waitUntil(
      async () => (await queue.status('always-fails', id))?.state === 'failed',
      'failed for good',
      WAIT_MS,
    );
    const attempts = failures.filter((f) => f.id === id);
    expect(attempts).toEqual([
      { id, attempt: 0, last: false },
      { id, attempt: 1, last: true },
    ]);
    const status = await queue.status('always-fails', id);
    expect(JSON.stringify(status?.output)).toContain('refused: the document is unreadable');
    await waitUntil(
      async () =>
        (await queue.deadLetters('always-fails')).some((d) => JSON.stringify(d.data).includes('unreadable')),
      'the dead letter',
      WAIT_MS,
    );
    const rendered = await metrics.render();
    expect(rendered).toMatch(
      /megaagent_job_duration_seconds_count\{kind="always-fails",outcome="failed"\} 2/,
    );
    expect(rendered).toMatch(
      /megaagent_job_duration_seconds_count\{kind="analysis-echo",outcome="completed"\} \d/,
    );
  }, 30_000);

  it('counts waiting jobs per kind in the metrics', async () => {
    await queue.enqueue('nobody-works', { n: 1 });
    await queue.enqueue('nobody-works', { n: 2 });
    const depths = await queue.depths();
    expect(depths['nobody-works']).toBe(2);
    expect(Object.keys(depths).sort()).toEqual(Object.keys(TEST_KINDS).sort());
    expect(await metrics.render()).toContain('megaagent_job_queue_depth{queue="nobody-works"} 2');
  });

  it('lets an admin list, read, retry and cancel jobs, and counts them per kind and state', async () => {
    const { id: failed } = await queue.enqueue('always-fails', { reason: 'a scan nobody can read' });
    await waitUntil(async () => (await queue.find(failed))?.state === 'failed', 'failed for good', WAIT_MS);
    const found = await queue.find(failed);
    expect(found).toMatchObject({ kind: 'always-fails', retries: 1, retryLimit: 1 });
    expect(found?.lastError).toBe('refused: a scan nobody can read');
    expect(await queue.find('00000000-0000-4000-8000-000000000000')).toBeNull();

    const { id: older } = await queue.enqueue('nobody-works', { n: 10 }, { startAfterSeconds: 600 });
    const { id: newer } = await queue.enqueue('nobody-works', { n: 11 }, { startAfterSeconds: 600 });
    const page = await queue.list({ kind: 'nobody-works', state: 'created', limit: 100, offset: 0 });
    expect(page.items.map((job) => job.id).slice(0, 2)).toEqual([newer, older]);
    expect((await queue.list({ state: 'failed', limit: 100, offset: 0 })).items.map((j) => j.id)).toContain(
      failed,
    );

    const before = await queue.counts();
    expect(before['always-fails']?.byState.failed).toBeGreaterThanOrEqual(1);
    expect(before['always-fails']?.failedLast24h).toBe(before['always-fails']?.byState.failed);
    expect(Object.keys(before).sort()).toEqual(Object.keys(TEST_KINDS).sort());

    expect(await queue.cancel('nobody-works', newer)).toBe(true);
    expect(await queue.cancel('nobody-works', newer)).toBe(false);
    expect((await queue.find(newer))?.state).toBe('cancelled');
    expect(await queue.retry('nobody-works', older)).toBe(false);

    const attemptsBefore = failures.filter((f) => f.id === failed).length;
    expect(await queue.retry('always-fails', failed)).toBe(true);
    await waitUntil(
      () => failures.filter((f) => f.id === failed).length > attemptsBefore,
      'the retried job ran again',
      WAIT_MS,
    );
    const after = await queue.counts();
    expect(after['nobody-works']?.byState.cancelled).toBe(
      (before['nobody-works']?.byState.cancelled ?? 0) + 1,
    );
  }, 40_000);

  it('on stop, finishes a job within the budget and hands one that outlasts it back to another worker', async () => {
    const stopping = openQueue();
    const startedIds = new Set<string>();
    const finishedIds = new Set<string>();
    await stopping.work(
      'slow-or-stuck',
      async (job) => {
        startedIds.add(job.id);
        await sleep(job.data.holdMs, undefined, { signal: job.signal });
        finishedIds.add(job.id);
      },
      { concurrency: 2 },
    );
    const slow = await stopping.enqueue('slow-or-stuck', { holdMs: 800 });
    const stuck = await stopping.enqueue('slow-or-stuck', { holdMs: 60_000 });
    await waitUntil(() => startedIds.has(slow.id) && startedIds.has(stuck.id), 'both running', WAIT_MS);

    await stopping.stop(2_500);
    expect(finishedIds.has(slow.id)).toBe(true);
    expect(finishedIds.has(stuck.id)).toBe(false);
    expect((await queue.status('slow-or-stuck', slow.id))?.state).toBe('completed');
    expect((await queue.status('slow-or-stuck', stuck.id))?.state).toBe('retry');

    // Another worker (the long-lived queue of this file) takes the handed-back job and finishes it.
    const finishedElsewhere: string[] = [];
    await queue.work('slow-or-stuck', (job) => {
      finishedElsewhere.push(job.id);
      return Promise.resolve();
    });
    await waitUntil(
      async () => (await queue.status('slow-or-stuck', stuck.id))?.state === 'completed',
      'the handed-back job finished',
      WAIT_MS,
    );
    expect(finishedElsewhere).toEqual([stuck.id]);
  }, 40_000);
}
