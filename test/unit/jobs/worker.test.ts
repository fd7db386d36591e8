// The worker around each handler, on the embedded PGlite with a real grammY Api against the fake
// Telegram: a job failed for good tells its lawyer once, after the last attempt; a result is recorded
// and delivered once however many attempts ran; a delivery Telegram refused is retried.
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../../core/db/database.ts';
import { migrate } from '../../../core/db/migrate.ts';
import { createTranslator } from '../../../core/i18n/i18n.ts';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createProgressBoard, lawyerTarget } from '../../../core/jobs/progress.ts';
import { createJobQueue, defineJobKinds, type JobQueue } from '../../../core/jobs/queue.ts';
import { createJobResults } from '../../../core/jobs/results.ts';
import { startJobWorker, type JobWorker } from '../../../core/jobs/worker.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.ts';
import { openTestPglite, silentLogger, waitUntil } from '../../support/fixtures.ts';

const policy = { retryDelaySeconds: 1, retryDelayMaxSeconds: 1, expireInSeconds: 60, heartbeatSeconds: 10 };
const kinds = defineJobKinds({
  'doomed-reading': {
    payload: z.object({ lawyer: lawyerTarget }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 2,
    ...policy,
  },
  'crashes-after-delivery': {
    payload: z.object({ lawyer: lawyerTarget }),
    titleKey: 'jobs-title-queue-check',
    retryLimit: 2,
    ...policy,
  },
});

describe('the job worker', () => {
  let fake: FakeTelegram;
  let db: Database;
  let queue: JobQueue<typeof kinds>;
  let worker: JobWorker;
  const attempts = new Map<string, number>();
  let nextUser = 920_000_001;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    db = await openTestPglite(silentLogger());
    await migrate(db, silentLogger());
    queue = createJobQueue({
      kinds,
      db,
      postgresUrl: null,
      log: silentLogger(),
      pollingIntervalSeconds: 0.5,
    });
    const results = createJobResults(db);
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });
    worker = await startJobWorker({
      queue,
      results,
      progress: createProgressBoard({
        telegram: telegramMessenger(api),
        translator: createTranslator(),
        log: silentLogger(),
      }),
      log: silentLogger(),
      handlers: {
        'doomed-reading': (job) => {
          attempts.set(job.id, (attempts.get(job.id) ?? 0) + 1);
          return Promise.reject(new Error('the file cannot be read'));
        },
        'crashes-after-delivery': async (job, context) => {
          attempts.set(job.id, (attempts.get(job.id) ?? 0) + 1);
          const { value } = await context.results.record(job.id, job.kind, { attempt: job.attempt });
          await context.deliverOnce(() =>
            context.progress.finish('jobs-done-queue-check', { attempt: value.attempt + 1 }),
          );
          // As if the worker lost the job after sending (its heartbeat lapsed): the job runs again.
          if (job.attempt === 0) throw new Error('lost after delivery');
        },
      },
    });
  }, 60_000);

  afterAll(async () => {
    worker?.stop();
    await queue?.stop(1_000);
    await db?.close();
    await fake?.close();
  });

  function lawyer(): FakeUser {
    const user: FakeUser = { id: nextUser++, first_name: 'Maria' };
    fake.sendText(user, '/start');
    return user;
  }
  const textsTo = (user: FakeUser) => fake.sent.filter((m) => m.chat_id === user.id).map((m) => m.text ?? '');

  it('tells the lawyer once, in plain words, when a job fails for good, and not before', async () => {
    const user = lawyer();
    const { id } = await queue.enqueue('doomed-reading', { lawyer: { chatId: user.id, locale: 'en' } });
    await waitUntil(
      async () => (await queue.status('doomed-reading', id))?.state === 'failed',
      'failed',
      20_000,
    );
    expect(attempts.get(id)).toBe(3);
    const texts = textsTo(user);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Queue check did not finish');
    expect(texts[0]).toContain('Nothing you sent is lost');
  }, 30_000);

  it('records the result once and sends it once when a job runs again after delivering', async () => {
    const user = lawyer();
    const { id } = await queue.enqueue('crashes-after-delivery', {
      lawyer: { chatId: user.id, locale: 'en' },
    });
    await waitUntil(
      async () => (await queue.status('crashes-after-delivery', id))?.state === 'completed',
      'completed',
      20_000,
    );
    expect(attempts.get(id)).toBe(2);
    expect(textsTo(user)).toEqual(['Queue check finished: background work runs (attempt 1).']);
    const { rows } = await db.query<{ result: { attempt: number } }>(
      'SELECT result FROM job_results WHERE job_id = $1',
      [id],
    );
    expect(rows).toEqual([{ result: { attempt: 0 } }]);
  }, 30_000);

  it('delivers on a later attempt when Telegram refused the first delivery', async () => {
    const user = lawyer();
    fake.failNext('sendMessage', { status: 502 });
    const { id } = await queue.enqueue('crashes-after-delivery', {
      lawyer: { chatId: user.id, locale: 'en' },
    });
    await waitUntil(
      async () => (await queue.status('crashes-after-delivery', id))?.state === 'completed',
      'completed',
      20_000,
    );
    // The first attempt's delivery failed and gave its claim back; the second delivered the recorded result.
    expect(textsTo(user)).toEqual(['Queue check finished: background work runs (attempt 1).']);
  }, 30_000);
});
