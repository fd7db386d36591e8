// Jobs a lawyer (or an admin) asked for that fail for good, on pg-boss on Postgres: /packet, /draft,
// /letters and a broadcast whose handler throws on every attempt, or whose attempts never finish (as when
// the worker is killed mid-way) until the job expires. Each time the person who asked gets one plain
// message in their language naming what failed and how to ask again; nobody is told twice (not when the
// last attempt already told them, not when the failure is handled a second time), and a broadcast's
// delivery report is left final in the admin API.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Api } from 'grammy';
import { afterAll, beforeAll, it, type ExpectStatic } from 'vitest';
import { buildServer } from '../../../api/server.ts';
import { broadcastDelivery } from '../../../bot/broadcast-delivery.ts';
import { telegramMessenger } from '../../../bot/messenger.ts';
import { createApp, type App } from '../../../core/app.ts';
import { loadConfig } from '../../../core/config/config.ts';
import { broadcastFailed, broadcastJobHandler, broadcastPace } from '../../../core/jobs/broadcast-job.ts';
import { productFailedJobHandlers } from '../../../core/jobs/handlers.ts';
import { JOB_KINDS } from '../../../core/jobs/kinds.ts';
import { createProgressBoard, type LawyerTarget } from '../../../core/jobs/progress.ts';
import { createJobQueue, defineJobKinds, type JobQueue } from '../../../core/jobs/queue.ts';
import {
  startJobWorker,
  type FailedKindHandler,
  type JobContext,
  type JobWorker,
  type KindHandler,
} from '../../../core/jobs/worker.ts';
import { accountWithToken, bearer } from '../api/admin-harness.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';
import { openServerStorage, silentLogger, waitUntil, type ServerStorage } from '../../support/fixtures.ts';
import { watchForSecret } from '../../support/log-scan.ts';
import { integrationSuite, testServiceUrls } from '../../support/services.ts';

/** The product's kinds with one retry and an expiry short enough to wait out in a test. */
const quick = { retryLimit: 1, retryDelaySeconds: 1, retryDelayMaxSeconds: 1, expireInSeconds: 2 };
const KINDS = defineJobKinds({
  'build-packet': { ...JOB_KINDS['build-packet'], ...quick },
  'draft-brief': { ...JOB_KINDS['draft-brief'], ...quick },
  'draft-letters': { ...JOB_KINDS['draft-letters'], ...quick },
  broadcast: { ...JOB_KINDS.broadcast, ...quick },
});
type CaseKind = 'build-packet' | 'draft-brief' | 'draft-letters';

/**
 * How the attempts go wrong: every one throws (and the failure's first handling is lost after it told the
 * lawyer, so it is handled again); every one hangs until it expires; the last one tells the lawyer itself
 * and then throws; the case is deleted by the first attempt, which then throws; every one throws until an
 * admin retries the failed job, which then succeeds.
 */
type Fault = 'throws' | 'never-finishes' | 'told-then-throws' | 'case-deleted' | 'retried';

const FIRST_CHAT = 931_000_000;
const ANNOUNCEMENT = 'The office is closed on Friday.';

/** What a job is about: its case, or its broadcast. */
type SubjectOf = { caseId?: string; broadcastId?: string };
const subjectOf = (data: SubjectOf): string => data.caseId ?? data.broadcastId ?? '';

integrationSuite('jobs that fail for good tell whoever asked, once', ['postgres', 'redis'], () => {
  let telegram: FakeTelegram;
  let storage: ServerStorage;
  let dataDir: string;
  let app: App;
  let server: FastifyInstance;
  let queue: JobQueue<typeof KINDS>;
  let worker: JobWorker;
  let adminHeaders: Record<string, string>;
  let nextChat = FIRST_CHAT;
  /** The fault of each job's case or broadcast, by its id. */
  const faults = new Map<string, Fault>();
  const attempts = new Map<string, number>();
  /** Failures whose first handling was already lost once. */
  const handledOnce = new Set<string>();
  /** Attempts left hanging, as a killed worker leaves them; let go at the end. */
  const stuck: (() => void)[] = [];
  /** The product's broadcast handler, for a broadcast an admin retried after it failed for good. */
  let sendForReal: KindHandler<typeof KINDS, 'broadcast'>;

  /** What the fake handlers do, whatever the kind: the fault of the job's case or broadcast. */
  async function failAsTold(
    subject: string,
    job: { id: string; kind: string; isLastAttempt: boolean },
    context: JobContext,
    deleteCase?: () => Promise<void>,
  ): Promise<void> {
    attempts.set(subject, (attempts.get(subject) ?? 0) + 1);
    const fault = faults.get(subject);
    if (fault === 'never-finishes') {
      await new Promise<void>((resolve) => stuck.push(resolve));
      return;
    }
    if (fault === 'case-deleted' && attempts.get(subject) === 1) await deleteCase?.();
    if (fault === 'retried' && (attempts.get(subject) ?? 0) > 2) {
      await context.results.record(job.id, job.kind, { delivered: 'by the retry' });
      await context.deliverOnce(() => context.progress.send('Your result, made when the job was retried.'));
      return;
    }
    if (fault === 'told-then-throws' && job.isLastAttempt) {
      await context.results.record(job.id, job.kind, { delivered: 'by the last attempt' });
      await context.deliverOnce(() => context.progress.send('Your result, sent by the last attempt.'));
    }
    throw new Error(`the work failed (test fault ${String(fault)})`);
  }

  /** The product's failure handler, except that its first handling of a `throws` job is lost afterwards. */
  function losingFirstHandling<N extends keyof typeof KINDS>(
    handler: FailedKindHandler<typeof KINDS, N>,
  ): FailedKindHandler<typeof KINDS, N> {
    return async (failed, context) => {
      await handler(failed, context);
      const subject = subjectOf(failed.data);
      if (faults.get(subject) === 'throws' && !handledOnce.has(failed.id)) {
        handledOnce.add(failed.id);
        throw new Error('the worker lost the failed job after telling the lawyer (test fault)');
      }
    };
  }

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    storage = await openServerStorage();
    dataDir = mkdtempSync(join(tmpdir(), 'megaagent-failed-for-good-'));
    const jwtSecret = randomBytes(32).toString('hex');
    watchForSecret(jwtSecret);
    app = await createApp(
      loadConfig({ ENV: 'test', DATA_DIR: dataDir, SECURITY_JWT_SECRET_KEY: jwtSecret, ...storage.env }),
      { log: silentLogger() },
    );
    server = await buildServer(app);
    await server.ready();
    adminHeaders = bearer((await accountWithToken(app, 'admin')).token);
    sendForReal = broadcastJobHandler({
      store: app.broadcasts,
      deliver: broadcastDelivery({ token: telegram.token, apiRoot: telegram.apiRoot, metrics: app.metrics }),
      pace: broadcastPace(app.cache),
      log: silentLogger(),
    });
    const messenger = telegramMessenger(new Api(telegram.token, { apiRoot: telegram.apiRoot }));
    // The same tables as the App's own queue, so the admin API reads these jobs' states.
    queue = createJobQueue({
      kinds: KINDS,
      db: app.db,
      postgresUrl: testServiceUrls.postgres,
      log: silentLogger(),
      schema: `${storage.schema}_jobs`,
      superviseIntervalSeconds: 1,
      pollingIntervalSeconds: 1,
    });
    const product = productFailedJobHandlers({ ...app, log: silentLogger() });
    const caseJob = async (
      job: { id: string; kind: string; isLastAttempt: boolean; data: { lawyerId: string; caseId: string } },
      context: JobContext,
    ) =>
      failAsTold(job.data.caseId, job, context, async () => {
        await app.cases.delete(job.data.lawyerId, job.data.caseId);
      });
    worker = await startJobWorker({
      queue,
      results: app.jobResults,
      progress: createProgressBoard({ telegram: messenger, translator: app.translator, log: silentLogger() }),
      log: silentLogger(),
      concurrency: 4,
      handlers: {
        'build-packet': caseJob,
        'draft-brief': caseJob,
        'draft-letters': caseJob,
        broadcast: (job, context) => failBroadcast(job, context),
      },
      whenFailed: {
        'build-packet': losingFirstHandling(product['build-packet']!),
        'draft-brief': losingFirstHandling(product['draft-brief']!),
        'draft-letters': losingFirstHandling(product['draft-letters']!),
        broadcast: losingFirstHandling(broadcastFailed({ store: app.broadcasts, log: silentLogger() })),
      },
    });
  }, 120_000);

  afterAll(async () => {
    for (const release of stuck) release();
    worker?.stop();
    await queue?.stop(5_000);
    await server?.close();
    await app?.close('test done');
    await telegram?.close();
    await storage?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * A broadcast that got somewhere before failing: its first attempt sends to one recipient and is
   * killed while Telegram has the second, then it fails as its fault says.
   */
  async function failBroadcast(
    job: Parameters<KindHandler<typeof KINDS, 'broadcast'>>[0],
    context: JobContext,
  ): Promise<void> {
    const { broadcastId } = job.data;
    // Retried by an admin after it failed for good: the product's own handler sends the rest.
    if (faults.get(broadcastId) === 'retried' && (attempts.get(broadcastId) ?? 0) >= 2) {
      attempts.set(broadcastId, (attempts.get(broadcastId) ?? 0) + 1);
      await sendForReal(job, context);
      return;
    }
    if (job.attempt === 0 && ['throws', 'retried'].includes(faults.get(broadcastId) ?? '')) {
      const first = await app.broadcasts.claimNext(broadcastId);
      if (first !== null) await app.broadcasts.record(broadcastId, first, 'sent');
      await app.broadcasts.claimNext(broadcastId);
    }
    await failAsTold(broadcastId, job, context);
  }

  /** A lawyer in a chat of their own who wrote to the bot, with a case for `clientName`. */
  async function lawyerWithCase(clientName: string, locale: LawyerTarget['locale']) {
    const chatId = nextChat++;
    telegram.knowUser({ id: chatId, first_name: 'Maria' });
    const lawyerId = (await app.users.upsert({ telegramId: chatId, role: 'lawyer', displayName: 'Maria' }))
      .id;
    const caseId = (await app.cases.create(lawyerId, { clientName, fieldOfEndeavor: 'Computer science' })).id;
    return { lawyer: { chatId, locale }, lawyerId, caseId };
  }

  /** What the bot said in a chat (lawyers are also the recipients of the broadcasts: those are left out). */
  const messagesTo = (chatId: number) =>
    telegram.sent
      .filter((m) => m.chat_id === chatId && m.method === 'sendMessage' && m.text !== ANNOUNCEMENT)
      .map((m) => m.text);

  /**
   * Waits until the job failed for good and its failure was handled (after a lost first handling);
   * `subject` is its case or broadcast.
   */
  async function failedAndHandled(kind: keyof typeof KINDS, jobId: string, subject: string): Promise<void> {
    await waitUntil(
      async () => (await queue.status(kind, jobId))?.state === 'failed',
      `the ${kind} job failed for good`,
      60_000,
    );
    await waitUntil(
      async () =>
        (await queue.deadLetters(kind)).some(
          (copy) => copy.handled && subjectOf(copy.data as SubjectOf) === subject,
        ),
      `the ${kind} job's failure handled`,
      60_000,
    );
  }

  async function caseJobFailing(kind: CaseKind, fault: Fault, clientName: string, locale: 'en' | 'ru') {
    const asked = await lawyerWithCase(clientName, locale);
    faults.set(asked.caseId, fault);
    const payload = { lawyer: asked.lawyer, lawyerId: asked.lawyerId, caseId: asked.caseId };
    const { id } = await queue.enqueue(kind, payload);
    return { ...asked, jobId: id };
  }

  /** Every way a case job fails, at once: resolves when each failed for good and was handled. */
  async function everyFault(kind: CaseKind, client: string) {
    const jobs = {
      throws: await caseJobFailing(kind, 'throws', `${client} Throws`, 'en'),
      expires: await caseJobFailing(kind, 'never-finishes', `${client} Expires`, 'ru'),
      told: await caseJobFailing(kind, 'told-then-throws', `${client} Told`, 'en'),
      deleted: await caseJobFailing(kind, 'case-deleted', `${client} Deleted`, 'en'),
    };
    await Promise.all(Object.values(jobs).map((job) => failedAndHandled(kind, job.jobId, job.caseId)));
    return jobs;
  }

  /** What is common to every case kind: told once, or not again; the failure recorded once. */
  async function expectToldOnce(
    expect: ExpectStatic,
    jobs: Awaited<ReturnType<typeof everyFault>>,
    expected: { throws: string; expires: RegExp; caseGone: string },
  ) {
    expect(messagesTo(jobs.throws.lawyer.chatId)).toEqual([expected.throws]);
    expect(messagesTo(jobs.expires.lawyer.chatId)).toHaveLength(1);
    expect(messagesTo(jobs.expires.lawyer.chatId)[0]).toMatch(expected.expires);
    expect(messagesTo(jobs.told.lawyer.chatId)).toEqual(['Your result, sent by the last attempt.']);
    expect(messagesTo(jobs.deleted.lawyer.chatId)).toEqual([expected.caseGone]);
    // Every attempt ran (two each), and the failure is what the job's result says.
    expect(attempts.get(jobs.throws.caseId)).toBe(2);
    expect(attempts.get(jobs.expires.caseId)).toBe(2);
    expect(await app.jobResults.get(jobs.throws.jobId)).toEqual({
      failedForGood: true,
      retries: 1,
      lastError: 'the work failed (test fault throws)',
    });
    expect(await app.jobResults.get(jobs.expires.jobId)).toMatchObject({ failedForGood: true, retries: 1 });
    expect(await app.jobResults.get(jobs.told.jobId)).toEqual({ delivered: 'by the last attempt' });
    // The failure of the `throws` job was handled twice (the first handling lost), and told once.
    expect(handledOnce.has(jobs.throws.jobId)).toBe(true);
    // The general "did not finish" message never goes out on top.
    for (const job of Object.values(jobs))
      expect(messagesTo(job.lawyer.chatId).some((text) => (text ?? '').includes('did not finish'))).toBe(
        false,
      );
  }

  it.concurrent(
    'tells the lawyer once that the exhibit packet was not built and to send /packet again',
    async ({ expect }) => {
      const jobs = await everyFault('build-packet', 'Ann');
      await expectToldOnce(expect, jobs, {
        throws:
          'The exhibit packet for Ann Throws was not built: building it failed several times in a row on our side. ' +
          'The case and its exhibits are as they were. Open that case with /cases and send /packet to try again; ' +
          'if it fails again, tell your administrator the time it happened.',
        expires: /^Пакет приложений для Ann Expires не собран: .*\/packet/,
        caseGone:
          'The exhibit packet was not built: that case no longer exists (it was deleted). Open a case with /cases and send /packet again.',
      });
    },
    120_000,
  );

  it.concurrent(
    'tells the lawyer once that the drafts were not made and to send /draft again',
    async ({ expect }) => {
      const jobs = await everyFault('draft-brief', 'Bea');
      await expectToldOnce(expect, jobs, {
        throws:
          'The drafts for Bea Throws (the petition letter, the cover letter and the exhibit index) were not made: ' +
          'drafting failed several times in a row on our side. The case is as it was. Open that case with /cases ' +
          'and send /draft to try again; if it fails again, tell your administrator the time it happened.',
        expires: /^Документы по делу Bea Expires .* не подготовлены: .*\/draft/,
        caseGone:
          'The case was deleted before its drafting started, so nothing was drafted. Open another case with /cases.',
      });
    },
    120_000,
  );

  it.concurrent(
    'tells the lawyer once that the letters were not drafted and to send /letters again',
    async ({ expect }) => {
      const jobs = await everyFault('draft-letters', 'Cleo');
      await expectToldOnce(expect, jobs, {
        throws:
          'The recommendation letters for Cleo Throws were not drafted: drafting failed several times in a row on ' +
          'our side. The case is as it was. Open that case with /cases and send /letters to try again; if it ' +
          'fails again, tell your administrator the time it happened.',
        expires: /^Рекомендательные письма по делу Cleo Expires не подготовлены: .*\/letters/,
        caseGone:
          'The case was deleted before its drafting started, so nothing was drafted. Open another case with /cases.',
      });
    },
    120_000,
  );

  interface Report {
    recipients: number;
    sent: number;
    unconfirmed: number;
    pending: number;
    finishedAt: string | null;
    jobId: string;
    jobState: string | null;
  }

  /** `count` more active users who wrote to the bot. */
  async function addRecipients(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const chatId = nextChat++;
      telegram.knowUser({ id: chatId, first_name: 'Recipient' });
      await app.users.upsert({ telegramId: chatId, role: 'lawyer' });
    }
  }

  /** An announcement to every active user, queued by `admin` from the bot. */
  async function broadcastFailing(fault: Fault, admin: LawyerTarget) {
    const { id, recipients } = await app.broadcasts.create(ANNOUNCEMENT, 'test');
    faults.set(id, fault);
    const job = await queue.enqueue('broadcast', { broadcastId: id, lawyer: admin });
    await app.broadcasts.attachJob(id, job.id);
    return { id, recipients, jobId: job.id, chatId: admin.chatId };
  }

  async function report(expect: ExpectStatic, broadcastId: string): Promise<Report> {
    const response = await server.inject({
      method: 'GET',
      url: `/api/v1/admin/broadcasts/${broadcastId}`,
      headers: adminHeaders,
    });
    expect(response.statusCode).toBe(200);
    return response.json<Report>();
  }

  it.concurrent(
    'tells the admin once how far a broadcast got, and leaves its report final',
    async ({ expect }) => {
      const admins = { throws: nextChat++, expires: nextChat++, told: nextChat++ };
      for (const chatId of Object.values(admins)) telegram.knowUser({ id: chatId, first_name: 'Admin' });
      // Recipients: the lawyers of the other tests and three more.
      await addRecipients(3);
      const jobs = {
        throws: await broadcastFailing('throws', { chatId: admins.throws, locale: 'en' }),
        expires: await broadcastFailing('never-finishes', { chatId: admins.expires, locale: 'ru' }),
        told: await broadcastFailing('told-then-throws', { chatId: admins.told, locale: 'en' }),
      };
      expect(jobs.throws.recipients).toBeGreaterThanOrEqual(3);
      await Promise.all(Object.values(jobs).map((job) => failedAndHandled('broadcast', job.jobId, job.id)));

      const { recipients } = jobs.throws;
      expect(messagesTo(admins.throws)).toEqual([
        `Announcement stopped: sending it failed several times in a row on our side. It reached 1 of ${String(recipients)} users; ${String(recipients - 2)} did not get it.\n` +
          'Blocked the bot: 0. Refused by Telegram: 0. Not confirmed (the sending worker stopped): 1. Nobody got it twice.\n' +
          `Sending /broadcast again would reach everyone again. To reach only those who did not get it, retry job ${jobs.throws.jobId} through the admin API: each of them gets it once.`,
      ]);
      expect(messagesTo(admins.expires)).toHaveLength(1);
      expect(messagesTo(admins.expires)[0]).toMatch(
        /^Рассылка остановлена: .* получили 0 из \d+ пользователей/,
      );
      expect(messagesTo(admins.told)).toEqual(['Your result, sent by the last attempt.']);

      // The delivery report is final: finished, its job failed, what was on its way settled, the rest never sent.
      expect(await report(expect, jobs.throws.id)).toMatchObject({
        sent: 1,
        unconfirmed: 1,
        pending: recipients - 2,
        jobId: jobs.throws.jobId,
        jobState: 'failed',
        finishedAt: expect.any(String) as unknown,
      });
      for (const job of [jobs.expires, jobs.told])
        expect(await report(expect, job.id)).toMatchObject({
          sent: 0,
          pending: job.recipients,
          jobState: 'failed',
          finishedAt: expect.any(String) as unknown,
        });
    },
    120_000,
  );

  it.concurrent(
    'tells the result of a job an admin retried after it failed for good',
    async ({ expect }) => {
      const packet = await caseJobFailing('build-packet', 'retried', 'Dora Retried', 'en');
      const admin = { chatId: nextChat++, locale: 'en' as const };
      telegram.knowUser({ id: admin.chatId, first_name: 'Admin' });
      await addRecipients(3);
      const broadcast = await broadcastFailing('retried', admin);
      await Promise.all([
        failedAndHandled('build-packet', packet.jobId, packet.caseId),
        failedAndHandled('broadcast', broadcast.jobId, broadcast.id),
      ]);
      const stopped = await report(expect, broadcast.id);
      expect(stopped).toMatchObject({ sent: 1, unconfirmed: 1, jobState: 'failed' });
      expect(stopped.finishedAt).not.toBeNull();

      expect(await queue.retry('build-packet', packet.jobId)).toBe(true);
      expect(await queue.retry('broadcast', broadcast.jobId)).toBe(true);
      for (const [kind, id] of [
        ['build-packet', packet.jobId],
        ['broadcast', broadcast.jobId],
      ] as const)
        await waitUntil(
          async () => (await queue.status(kind, id))?.state === 'completed',
          `the retried ${kind} job completed`,
          30_000,
        );

      // Told the failure, then the retry's own result: the failure recorded before does not silence it.
      expect(messagesTo(packet.lawyer.chatId)).toEqual([
        expect.stringMatching(/^The exhibit packet for Dora Retried was not built: /) as unknown,
        'Your result, made when the job was retried.',
      ]);
      expect(await app.jobResults.get(packet.jobId)).toEqual({ delivered: 'by the retry' });
      // The broadcast is sent to the rest (nobody twice), then finished again, and its admin gets the report.
      const resent = await report(expect, broadcast.id);
      expect(resent).toMatchObject({
        sent: broadcast.recipients - 1,
        unconfirmed: 1,
        pending: 0,
        jobState: 'completed',
      });
      expect(Date.parse(resent.finishedAt ?? '')).toBeGreaterThan(Date.parse(stopped.finishedAt ?? ''));
      expect(messagesTo(admin.chatId)).toEqual([
        expect.stringMatching(/^Announcement stopped: .* It reached 1 of \d+ users/) as unknown,
        expect.stringMatching(/^Announcement to every user\nSending your announcement\n/) as unknown,
        `Announcement sent to ${String(broadcast.recipients - 1)} of ${String(broadcast.recipients)} users.\n` +
          'Blocked the bot: 0. Refused by Telegram: 0. Not confirmed (the sending worker stopped): 1.',
      ]);
    },
    120_000,
  );
});
