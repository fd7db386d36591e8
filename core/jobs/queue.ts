// The job queue: pg-boss on the product's Postgres (its own small pool, LISTEN/NOTIFY for fast pickup) or,
// in the embedded default, on the App's PGlite through pg-boss's database adapter — one SQL dialect
// everywhere. Kinds are declared once (name → zod payload schema and retry policy); a payload is
// validated when enqueued and again when a worker picks it up.
import { createHash } from 'node:crypto';
import { PgBoss, type ConstructorOptions, type Db, type JobWithMetadata } from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../metrics.ts';
import { noTracing, type Tracing } from '../logging/tracing.ts';

/** How one kind of job is run: its payload and what happens when it fails or its worker disappears. */
export interface JobKindSpec<Schema extends z.ZodType = z.ZodType> {
  payload: Schema;
  /** A jobs.ftl key naming the work for the lawyer ("Reading your document"). */
  titleKey: string;
  /** Retries after the first attempt before the job is failed for good (dead letter). */
  retryLimit: number;
  /** First delay before a retry; it doubles with each retry (with jitter), up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** Longest an attempt may run; then it is failed (and retried) whatever its heartbeat says. */
  expireInSeconds: number;
  /**
   * A running attempt beats this often (at least 10 s); an attempt whose worker died stops beating and
   * is handed to another worker after this long.
   */
  heartbeatSeconds: number;
}

export type JobKinds = Record<string, JobKindSpec>;
export type JobKindName<K extends JobKinds> = Extract<keyof K, string>;
export type JobPayload<K extends JobKinds, N extends keyof K> = z.infer<K[N]['payload']>;

/** Declares kinds with their exact payload types kept (a plain object literal would widen them). */
export function defineJobKinds<K extends Record<string, JobKindSpec>>(kinds: K): K {
  return kinds;
}

export interface EnqueueOptions {
  /**
   * At most one job of this kind ever exists for a key (e.g. `update:<update_id>`): enqueueing again,
   * when Telegram redelivers an update, returns the first job's id and starts nothing.
   */
  singletonKey?: string;
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
}

export interface EnqueueResult {
  id: string;
  /** False when a job with the same singleton key already existed (nothing new was queued). */
  created: boolean;
}

/** One attempt at a job, as its handler sees it. */
export interface RunningJob<Payload> {
  id: string;
  kind: string;
  data: Payload;
  /** 0 for the first attempt, 1 for the first retry… */
  attempt: number;
  /** True when a failure now fails the job for good (no retry left). */
  isLastAttempt: boolean;
  /** Aborted when the attempt is taken back (expired, or the worker stopping past its budget). */
  signal: AbortSignal;
}

export type JobHandler<Payload> = (job: RunningJob<Payload>) => Promise<void>;

/**
 * A job that failed for good, however it failed: its handler threw on every attempt, or an attempt ran
 * past its expiry, or its worker died (killed, out of memory) on every attempt and nobody was left to
 * say so. Seen once, by one worker, through the kind's dead-letter queue.
 */
export interface FailedJob<Payload> {
  /** The id of the job that failed (not of its dead-letter copy), as enqueue returned it. */
  id: string;
  kind: string;
  data: Payload;
  /** Retries made before it was failed for good. */
  retries: number;
  /** The message of what the last attempt threw, or of why it was taken back ("job timed out"). */
  lastError: string | null;
}

export type FailedJobHandler<Payload> = (failed: FailedJob<Payload>) => Promise<void>;

/** pg-boss's job states: `created` is queued, `retry` waits out a retry delay, `failed` failed for good. */
export const JOB_STATE_NAMES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATE_NAMES)[number];

export interface JobStatus {
  id: string;
  kind: string;
  state: JobState;
  attempt: number;
  /** What the last failed attempt threw (pg-boss's serialised error), null otherwise. */
  output: unknown;
}

/** One job as an admin sees it: where it is and how it went, never its payload (it may hold client data). */
export interface JobSummary {
  id: string;
  kind: string;
  state: JobState;
  /** Attempts already retried (0 while the first attempt waits or runs). */
  retries: number;
  retryLimit: number;
  createdAt: Date;
  /** When it may run (later than createdAt for a retry waiting out its delay). */
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /** The message of what the last failed attempt threw (no stack); null when nothing failed. */
  lastError: string | null;
}

export interface JobListFilter {
  kind?: string;
  state?: JobState;
  limit: number;
  offset: number;
}

/** How many jobs of one kind are in each state, and how many finished in the last 24 hours. */
export interface JobKindCounts {
  byState: Record<JobState, number>;
  completedLast24h: number;
  failedLast24h: number;
}

export interface JobQueue<K extends JobKinds> {
  readonly kinds: K;
  /** Validates the payload and queues the job; creates the queue's tables on first use. */
  enqueue<N extends JobKindName<K>>(
    kind: N,
    payload: JobPayload<K, N>,
    options?: EnqueueOptions,
  ): Promise<EnqueueResult>;
  /** Runs `handler` for jobs of this kind in this process, `concurrency` at a time (default 2). */
  work<N extends JobKindName<K>>(
    kind: N,
    handler: JobHandler<JobPayload<K, N>>,
    options?: { concurrency?: number },
  ): Promise<void>;
  /**
   * Runs `handler` in this process once for each job of this kind that fails for good, whatever killed
   * it (see FailedJob). A handler that throws is retried a few times.
   */
  workFailed<N extends JobKindName<K>>(kind: N, handler: FailedJobHandler<JobPayload<K, N>>): Promise<void>;
  /** The job's state, or null when no such job exists. */
  status(kind: JobKindName<K>, id: string): Promise<JobStatus | null>;
  /**
   * Jobs of this kind that failed for good and were copied to its dead-letter queue; `handled` once a
   * `workFailed` handler has dealt with the copy.
   */
  deadLetters(kind: JobKindName<K>): Promise<{ id: string; data: unknown; handled: boolean }[]>;
  /** Waiting jobs (queued or waiting for a retry) per kind; also written to the metrics. */
  depths(): Promise<Record<string, number>>;
  /** Jobs of the product's kinds, newest first, filtered by kind and state. */
  list(filter: JobListFilter): Promise<{ items: JobSummary[]; total: number }>;
  /** One job of the product's kinds by id, or null. */
  find(id: string): Promise<JobSummary | null>;
  /** Puts a job that failed for good back in the queue (one more attempt); false when it is not failed. */
  retry(kind: JobKindName<K>, id: string): Promise<boolean>;
  /**
   * Cancels a queued, waiting or running job; false when it already finished. A running handler sees its
   * `signal` aborted at its next heartbeat.
   */
  cancel(kind: JobKindName<K>, id: string): Promise<boolean>;
  /**
   * Counts per kind (every product kind present, zeros included); read straight from the tables, so it
   * does not start the queue where nothing uses it (all zeros before its tables exist).
   */
  counts(): Promise<Record<string, JobKindCounts>>;
  /** Stops taking jobs; in-flight handlers get `budgetMs` to finish, then are handed back for a retry. */
  stop(budgetMs: number): Promise<void>;
}

export interface JobQueueOptions<K extends JobKinds> {
  kinds: K;
  /** The App's database: pg-boss runs on it through the adapter when `postgresUrl` is null (PGlite). */
  db: Database;
  /** A Postgres URL for pg-boss's own pool (LISTEN/NOTIFY needs a session of its own); null on PGlite. */
  postgresUrl: string | null;
  log: Logger;
  metrics?: Pick<Metrics, 'setJobQueueDepth' | 'observeJobDuration'> | null;
  /** Each attempt becomes a trace of its own (kind and attempt number; never the payload). */
  tracing?: Tracing;
  /** Where pg-boss keeps its tables (default: `pgboss`, or `<schema>_jobs` when the App's schema is not public). */
  schema?: string;
  /** How often a worker looks for jobs a dead worker left behind (default 10 s). */
  superviseIntervalSeconds?: number;
  /** How often a worker polls when no notification wakes it (default 2 s; PGlite has none). */
  pollingIntervalSeconds?: number;
}

/** The dead-letter queue of a kind: where a job failed for good is copied, for an admin to inspect or retry. */
export function deadLetterQueueOf(kind: string): string {
  return `${kind}.dead`;
}

/** A stable job id for a singleton key: the same key always names the same job, so a second insert is a no-op. */
export function jobIdForKey(kind: string, key: string): string {
  const hex = createHash('sha256').update(`${kind}\u0000${key}`).digest('hex');
  // Shaped as an RFC 9562 version 8 (custom) UUID so Postgres's uuid column accepts it.
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * pg-boss's database interface over the App's Database. pg-boss sends scripts of several statements
 * (BEGIN; … RETURNING …; COMMIT) and reads the rows of every statement, so scripts go through `script`.
 */
export function pgBossDatabase(db: Database): Db {
  return {
    async executeSql(text, values) {
      if ((values && values.length > 0) || !db.script) return db.query(text, values);
      try {
        const results = await db.script(text);
        return { rows: results.flatMap((r) => r.rows) };
      } catch (err) {
        // One session (PGlite): a script that failed inside BEGIN leaves the session in an aborted
        // transaction that would poison every later statement; a pool would hand out a fresh connection.
        if (db.kind === 'pglite') await db.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
}

async function defaultSchema(db: Database): Promise<string> {
  const { rows } = await db.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const current = rows[0]?.schema ?? 'public';
  return current === 'public' ? 'pgboss' : `${current}_jobs`;
}

const JOB_STATES: ReadonlySet<string> = new Set(JOB_STATE_NAMES);

interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: unknown;
}

const JOB_COLUMNS =
  'id, name, state::text AS state, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output';

/** The longest error message shown to an admin: enough to tell one failure from another. */
const MAX_ERROR_TEXT = 300;

/** What a failed attempt threw, as pg-boss stored it (`{ message, stack, … }`): the message only. */
function lastErrorOf(state: JobState, output: unknown): string | null {
  if (state === 'completed' || output === null || typeof output !== 'object') return null;
  // A thrown error is stored as itself; an attempt taken back by pg-boss as `{ value: { message } }`.
  const stored = output as { message?: unknown; value?: { message?: unknown } | null };
  const message = stored.message ?? stored.value?.message;
  if (typeof message !== 'string' || message === '') return null;
  return message.length > MAX_ERROR_TEXT ? `${message.slice(0, MAX_ERROR_TEXT)}…` : message;
}

function jobStateOf(value: string): JobState {
  if (!JOB_STATES.has(value)) throw new Error(`unexpected job state ${value}`);
  return value as JobState;
}

function summaryOf(row: JobRow): JobSummary {
  const state = jobStateOf(row.state);
  return {
    id: row.id,
    kind: row.name,
    state,
    retries: Number(row.retry_count),
    retryLimit: Number(row.retry_limit),
    createdAt: new Date(row.created_on),
    startAfter: new Date(row.start_after),
    startedAt: row.started_on === null ? null : new Date(row.started_on),
    completedAt: row.completed_on === null ? null : new Date(row.completed_on),
    lastError: lastErrorOf(state, row.output),
  };
}

function emptyCounts(): JobKindCounts {
  return {
    byState: { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
    completedLast24h: 0,
    failedLast24h: 0,
  };
}

export function createJobQueue<K extends JobKinds>(options: JobQueueOptions<K>): JobQueue<K> {
  const { kinds, db, log, metrics } = options;
  const tracing = options.tracing ?? noTracing;
  let boss: PgBoss | null = null;
  let starting: Promise<PgBoss> | null = null;
  let stopped = false;
  let bossSchema = '';
  const kindNames = Object.keys(kinds);

  /** The schema once its tables were seen: every metrics scrape reads the counts, and tables stay. */
  let seenSchema: string | null = null;

  /** The queue's schema when its tables exist, else null (nothing was ever queued from this database). */
  async function installedSchema(): Promise<string | null> {
    if (seenSchema !== null) return seenSchema;
    const schema = bossSchema || options.schema || (await defaultSchema(db));
    const { rows } = await db.query<{ present: string | null }>('SELECT to_regclass($1)::text AS present', [
      `${schema}.job`,
    ]);
    if (rows[0]?.present) seenSchema = schema;
    return seenSchema;
  }

  async function open(): Promise<PgBoss> {
    const schema = options.schema ?? (await defaultSchema(db));
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`job queue schema "${schema}" is not a plain name`);
    bossSchema = schema;
    const common: ConstructorOptions = {
      schema,
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 10,
      // Jobs whose worker stopped beating are failed (and so retried) by pg-boss's monitor pass, which by
      // default runs once a minute; a killed worker's job is handed over within about 20 s instead.
      monitorIntervalSeconds: options.superviseIntervalSeconds ?? 10,
      // Job history is kept by each queue's deleteAfterSeconds; nothing here is cron-scheduled.
      schedule: false,
    };
    const instance = options.postgresUrl
      ? new PgBoss({
          ...common,
          connectionString: options.postgresUrl,
          max: 4,
          application_name: 'megaagent-jobs',
          useListenNotify: true,
        })
      : new PgBoss({ ...common, db: pgBossDatabase(db), backend: 'pglite' });
    instance.on('error', (err: unknown) => log.error({ err }, 'job queue error'));
    instance.on('warning', (warning: unknown) => log.warn({ warning }, 'job queue warning'));
    await instance.start();
    for (const [name, spec] of Object.entries(kinds)) {
      const dead = deadLetterQueueOf(name);
      // A failed job's copy waits here for its `workFailed` handler (telling the lawyer), retried a few
      // times when that fails; copies are kept for admins to inspect whether handled or not.
      const deadPolicy = {
        retentionSeconds: 14 * 24 * 3600,
        deleteAfterSeconds: 30 * 24 * 3600,
        retryLimit: 3,
        retryDelay: 5,
        retryBackoff: true,
        retryDelayMax: 120,
        expireInSeconds: 300,
      };
      await instance.createQueue(dead, deadPolicy);
      await instance.updateQueue(dead, deadPolicy);
      const policy = {
        retryLimit: spec.retryLimit,
        retryDelay: spec.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: spec.retryDelayMaxSeconds,
        expireInSeconds: spec.expireInSeconds,
        heartbeatSeconds: spec.heartbeatSeconds,
        deadLetter: dead,
        notify: true,
      };
      await instance.createQueue(name, policy);
      // createQueue leaves an existing queue as it was: a policy changed in code applies on the next start.
      await instance.updateQueue(name, policy);
    }
    log.debug({ schema, backend: options.postgresUrl ? 'postgres' : db.kind }, 'job queue started');
    return instance;
  }

  function started(): Promise<PgBoss> {
    if (stopped) return Promise.reject(new Error('the job queue is stopped'));
    if (boss) return Promise.resolve(boss);
    starting ??= open().then(
      (instance) => (boss = instance),
      (err: unknown) => {
        starting = null;
        throw err;
      },
    );
    return starting;
  }

  /** The pg-boss worker ids of each kind this process works. */
  const localWorkers = new Map<string, string[]>();

  function specOf(kind: string): JobKindSpec {
    const spec = kinds[kind];
    if (!spec) throw new Error(`unknown job kind "${kind}"`);
    return spec;
  }

  return {
    kinds,
    async enqueue(kind, payload, enqueueOptions = {}) {
      const data = specOf(kind).payload.parse(payload) as object;
      const instance = await started();
      const { singletonKey, startAfterSeconds } = enqueueOptions;
      const id = singletonKey === undefined ? undefined : jobIdForKey(kind, singletonKey);
      const created = await instance.send(kind, data, {
        ...(id === undefined ? {} : { id, singletonKey }),
        ...(startAfterSeconds === undefined ? {} : { startAfter: startAfterSeconds }),
      });
      if (created !== null) {
        // A worker of this kind in this process fetches it at once (on PGlite, the only way it learns).
        if (startAfterSeconds === undefined)
          for (const worker of localWorkers.get(kind) ?? []) instance.notifyWorker(worker);
        return { id: created, created: true };
      }
      if (id !== undefined) return { id, created: false };
      throw new Error(`the job queue refused a "${kind}" job`);
    },

    async work(kind, handler, workOptions = {}) {
      const spec = specOf(kind);
      const instance = await started();
      let self: string | undefined = undefined;
      self = await instance.work(
        kind,
        {
          includeMetadata: true,
          localConcurrency: workOptions.concurrency ?? 2,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
          // A notification wakes a worker for a new job only; a retry whose delay has passed (or a job
          // handed back by a stopping worker) is found by polling, so polling stays this frequent.
          notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs: JobWithMetadata<unknown>[]) => {
          for (const job of jobs) {
            const started = performance.now();
            let outcome: 'completed' | 'failed' = 'failed';
            try {
              const data = spec.payload.parse(job.data);
              await tracing.inSpan(
                `job ${kind}`,
                () =>
                  handler({
                    id: job.id,
                    kind,
                    data: data as JobPayload<K, typeof kind>,
                    attempt: job.retryCount,
                    isLastAttempt: job.retryCount >= job.retryLimit,
                    signal: job.signal,
                  }),
                {
                  kind: 'consumer',
                  root: true,
                  attributes: { 'job.kind': kind, 'job.attempt': job.retryCount },
                },
              );
              outcome = 'completed';
            } catch (err) {
              log.warn(
                { err, job: job.id, kind, attempt: job.retryCount, retryLimit: job.retryLimit },
                job.retryCount >= job.retryLimit ? 'job failed for good' : 'job failed; it will be retried',
              );
              throw err;
            } finally {
              metrics?.observeJobDuration(kind, outcome, (performance.now() - started) / 1000);
              // More may be waiting (a burst of twenty documents): look again now rather than after the
              // polling interval, which is all PGlite has without LISTEN/NOTIFY.
              if (self !== undefined) instance.notifyWorker(self);
            }
          }
        },
      );
      const workers = localWorkers.get(kind) ?? [];
      workers.push(self);
      localWorkers.set(kind, workers);
    },

    async workFailed(kind, handler) {
      const spec = specOf(kind);
      const instance = await started();
      await instance.work(
        deadLetterQueueOf(kind),
        {
          includeMetadata: true,
          localConcurrency: 1,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
          notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        },
        async (jobs: JobWithMetadata<unknown>[]) => {
          for (const copy of jobs) {
            const failedId = copy.sourceId ?? copy.id;
            const data = spec.payload.safeParse(copy.data);
            if (!data.success) {
              // Queued by an older version with another payload shape: nothing this handler can read.
              log.error(
                { job: failedId, kind, issues: data.error.issues },
                'a failed job has a payload its kind no longer accepts; nobody was told it failed',
              );
              continue;
            }
            try {
              await tracing.inSpan(
                `job ${kind} failed`,
                () =>
                  handler({
                    id: failedId,
                    kind,
                    data: data.data as JobPayload<K, typeof kind>,
                    retries: copy.sourceRetryCount ?? 0,
                    lastError: lastErrorOf('failed', copy.sourceOutput),
                  }),
                { kind: 'consumer', root: true, attributes: { 'job.kind': kind } },
              );
            } catch (err) {
              log.warn(
                { err, job: failedId, kind, attempt: copy.retryCount, retryLimit: copy.retryLimit },
                copy.retryCount >= copy.retryLimit
                  ? 'handling a failed job failed for good; nobody was told it failed'
                  : 'handling a failed job failed; it will be retried',
              );
              throw err;
            }
          }
        },
      );
    },

    async status(kind, id) {
      const instance = await started();
      const job = await instance.getJobById<unknown>(kind, id);
      if (!job) return null;
      if (!JOB_STATES.has(job.state)) throw new Error(`unexpected job state ${job.state}`);
      return {
        id: job.id,
        kind,
        state: job.state,
        attempt: job.retryCount,
        output: (job as { output?: unknown }).output ?? null,
      };
    },

    async deadLetters(kind) {
      specOf(kind);
      const instance = await started();
      const jobs = await instance.findJobs<unknown>(deadLetterQueueOf(kind));
      return jobs.map((job) => ({ id: job.id, data: job.data, handled: job.state === 'completed' }));
    },

    async depths() {
      const instance = await started();
      const counts = Object.fromEntries(Object.keys(kinds).map((name) => [name, 0])) as Record<
        string,
        number
      >;
      const result = await instance
        .getDb()
        .executeSql(
          `SELECT name, count(*)::int AS waiting FROM ${bossSchema}.job WHERE state < 'active' GROUP BY name`,
        );
      const rows = result.rows as { name: string; waiting: number }[];
      for (const row of rows) if (row.name in counts) counts[row.name] = Number(row.waiting);
      for (const [name, depth] of Object.entries(counts)) metrics?.setJobQueueDepth(name, depth);
      return counts;
    },

    async list(filter) {
      const schema = await installedSchema();
      if (!schema) return { items: [], total: 0 };
      const names = filter.kind === undefined ? kindNames : [filter.kind];
      const where = 'name = ANY($1::text[]) AND ($2::text IS NULL OR state::text = $2)';
      const state = filter.state ?? null;
      const [page, counted] = await Promise.all([
        db.query<JobRow>(
          `SELECT ${JOB_COLUMNS} FROM ${schema}.job WHERE ${where}
           ORDER BY created_on DESC, id DESC LIMIT $3 OFFSET $4`,
          [names, state, filter.limit, filter.offset],
        ),
        db.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.job WHERE ${where}`, [names, state]),
      ]);
      return { items: page.rows.map(summaryOf), total: Number(counted.rows[0]?.n ?? 0) };
    },

    async find(id) {
      const schema = await installedSchema();
      if (!schema) return null;
      const { rows } = await db.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM ${schema}.job WHERE id = $1::uuid AND name = ANY($2::text[])`,
        [id, kindNames],
      );
      return rows[0] ? summaryOf(rows[0]) : null;
    },

    async retry(kind, id) {
      specOf(kind);
      const instance = await started();
      const response = (await instance.retry(kind, id)) as { affected?: number };
      return (response.affected ?? 0) > 0;
    },

    async cancel(kind, id) {
      specOf(kind);
      const instance = await started();
      const response = (await instance.cancel(kind, id)) as { affected?: number };
      return (response.affected ?? 0) > 0;
    },

    async counts() {
      const counts: Record<string, JobKindCounts> = Object.fromEntries(
        kindNames.map((name) => [name, emptyCounts()]),
      );
      const schema = await installedSchema();
      if (!schema) return counts;
      const { rows } = await db.query<{ name: string; state: string; n: string; recent: string }>(
        `SELECT name, state::text AS state, count(*) AS n,
                count(*) FILTER (WHERE completed_on > now() - interval '24 hours') AS recent
         FROM ${schema}.job WHERE name = ANY($1::text[]) GROUP BY name, state`,
        [kindNames],
      );
      for (const row of rows) {
        const entry = counts[row.name];
        if (!entry) continue;
        const state = jobStateOf(row.state);
        entry.byState[state] = Number(row.n);
        if (state === 'completed') entry.completedLast24h = Number(row.recent);
        if (state === 'failed') entry.failedLast24h = Number(row.recent);
      }
      return counts;
    },

    async stop(budgetMs) {
      if (stopped) return;
      stopped = true;
      const instance = boss ?? (starting ? await starting.catch(() => null) : null);
      if (!instance) return;
      // Graceful: handlers in flight get the budget; what is still running then is failed back to the
      // queue (a retry), so another worker finishes it. The pool closes here, before the App's database.
      await instance.stop({ graceful: true, timeout: budgetMs, close: true });
      log.debug('job queue stopped');
    },
  };
}
