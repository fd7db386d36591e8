// An announcement from the admins to every active user of the bot. Queuing it fixes its recipients (one
// row each, in migration 013's table) and enqueues one 'broadcast' job; a worker sends it, paced under
// Telegram's limits (core/jobs/broadcast-job.ts), and records what became of each message, so the admin
// reads a delivery report and a retried or handed-over job never writes twice to the same chat.
import type { Database } from './db/database.ts';
import { BroadcastNotFoundError, ValidationError } from './errors.ts';
import type { JobState } from './jobs/queue.ts';
import { auditAction, type AuditLog } from './logging/audit.ts';
import type { ProductJobKinds } from './jobs/kinds.ts';
import type { LawyerTarget } from './jobs/progress.ts';
import type { JobQueue } from './jobs/queue.ts';

/** Telegram's own limit on one message. */
export const MAX_BROADCAST_TEXT = 4096;
/** Failures listed in a report; the counts cover them all. */
export const MAX_REPORTED_FAILURES = 100;

/**
 * What became of one recipient's message: `pending` (not tried yet), `sending` (handed to Telegram, its
 * answer not recorded yet), `sent`, `blocked` (the user blocked the bot), `failed` (refused for another
 * reason), `unconfirmed` (a worker died while Telegram had it: it may have arrived, so it is never resent).
 */
export type RecipientOutcome = 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'unconfirmed';

export interface BroadcastFailure {
  telegramId: number;
  outcome: 'blocked' | 'failed' | 'unconfirmed';
  /** Telegram's description (e.g. "Forbidden: bot was blocked by the user"), at most 200 characters. */
  reason: string | null;
}

export interface BroadcastCounts {
  recipients: number;
  sent: number;
  blocked: number;
  failed: number;
  unconfirmed: number;
  /** Not sent yet (waiting, or being sent right now). */
  pending: number;
}

export interface BroadcastReport extends BroadcastCounts {
  id: string;
  actor: string;
  jobId: string | null;
  createdAt: Date;
  /** When the last recipient's outcome was recorded; null while it is being sent. */
  finishedAt: Date | null;
  /** The first failures, in recipient order (at most MAX_REPORTED_FAILURES). */
  failures: BroadcastFailure[];
}

export interface BroadcastStore {
  /** Stores the text and fixes the recipients: every active allow-listed user at this moment, in a stable order. */
  create(text: string, actor: string): Promise<{ id: string; recipients: number }>;
  attachJob(id: string, jobId: string): Promise<void>;
  /** Removes a broadcast whose job could not be queued (nothing was sent). */
  discard(id: string): Promise<void>;
  /** The text to send, or null when there is no such broadcast. */
  text(id: string): Promise<string | null>;
  /**
   * Marks what a previous attempt left `sending` as `unconfirmed`: Telegram may have delivered it, so it
   * is not sent again. Returns how many.
   */
  settleInterrupted(id: string): Promise<number>;
  /**
   * Takes the next pending recipient (marking it `sending`), or null when none is left. Two attempts
   * claiming at once (one being taken back) never take the same recipient.
   */
  claimNext(id: string): Promise<number | null>;
  /** Records Telegram's answer for a recipient this attempt claimed. */
  record(
    id: string,
    telegramId: number,
    outcome: 'sent' | 'blocked' | 'failed',
    reason?: string,
  ): Promise<void>;
  /** Gives a claimed recipient back (Telegram refused it for flood control: it was not sent). */
  release(id: string, telegramId: number): Promise<void>;
  /** Marks it finished: every recipient tried, or its job failed for good (what is left stays `pending`). */
  finish(id: string): Promise<void>;
  /** Takes back the finish of a broadcast stopped with recipients left, as its job runs again (a retry). */
  reopen(id: string): Promise<void>;
  counts(id: string): Promise<BroadcastCounts>;
  report(id: string): Promise<BroadcastReport | null>;
}

interface BroadcastRow {
  id: string;
  actor: string;
  job_id: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const MAX_REASON = 200;

export function createBroadcastStore(db: Database): BroadcastStore {
  async function counts(id: string): Promise<BroadcastCounts> {
    const { rows } = await db.query<{ outcome: RecipientOutcome; n: string }>(
      'SELECT outcome, count(*) AS n FROM broadcast_recipients WHERE broadcast_id = $1 GROUP BY outcome',
      [id],
    );
    const result: BroadcastCounts = {
      recipients: 0,
      sent: 0,
      blocked: 0,
      failed: 0,
      unconfirmed: 0,
      pending: 0,
    };
    for (const row of rows) {
      const n = Number(row.n);
      result.recipients += n;
      if (row.outcome === 'pending' || row.outcome === 'sending') result.pending += n;
      else result[row.outcome] += n;
    }
    return result;
  }

  return {
    create(text, actor) {
      return db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          'INSERT INTO broadcasts (text, actor) VALUES ($1, $2) RETURNING id',
          [text, actor],
        );
        const id = inserted.rows[0]!.id;
        const recipients = await tx.query(
          `INSERT INTO broadcast_recipients (broadcast_id, telegram_id, position)
           SELECT $1, telegram_id, row_number() OVER (ORDER BY id) FROM users WHERE active`,
          [id],
        );
        return { id, recipients: recipients.rowCount ?? 0 };
      });
    },

    async attachJob(id, jobId) {
      await db.query('UPDATE broadcasts SET job_id = $2 WHERE id = $1', [id, jobId]);
    },

    async discard(id) {
      await db.query('DELETE FROM broadcasts WHERE id = $1', [id]);
    },

    async text(id) {
      const { rows } = await db.query<{ text: string }>('SELECT text FROM broadcasts WHERE id = $1', [id]);
      return rows[0]?.text ?? null;
    },

    async settleInterrupted(id) {
      const { rowCount } = await db.query(
        `UPDATE broadcast_recipients SET outcome = 'unconfirmed',
           reason = 'the worker sending it stopped before Telegram answered; not sent again'
         WHERE broadcast_id = $1 AND outcome = 'sending'`,
        [id],
      );
      return rowCount ?? 0;
    },

    async claimNext(id) {
      const { rows } = await db.query<{ telegram_id: string }>(
        `UPDATE broadcast_recipients SET outcome = 'sending', attempted_at = now()
         WHERE broadcast_id = $1 AND telegram_id = (
           SELECT telegram_id FROM broadcast_recipients
           WHERE broadcast_id = $1 AND outcome = 'pending' ORDER BY position LIMIT 1
           FOR UPDATE SKIP LOCKED
         ) AND outcome = 'pending'
         RETURNING telegram_id`,
        [id],
      );
      return rows[0] ? Number(rows[0].telegram_id) : null;
    },

    async record(id, telegramId, outcome, reason) {
      await db.query(
        `UPDATE broadcast_recipients SET outcome = $3, reason = $4
         WHERE broadcast_id = $1 AND telegram_id = $2 AND outcome = 'sending'`,
        [id, telegramId, outcome, reason === undefined ? null : reason.slice(0, MAX_REASON)],
      );
    },

    async release(id, telegramId) {
      await db.query(
        `UPDATE broadcast_recipients SET outcome = 'pending'
         WHERE broadcast_id = $1 AND telegram_id = $2 AND outcome = 'sending'`,
        [id, telegramId],
      );
    },

    async finish(id) {
      await db.query('UPDATE broadcasts SET finished_at = coalesce(finished_at, now()) WHERE id = $1', [id]);
    },

    async reopen(id) {
      await db.query(
        `UPDATE broadcasts SET finished_at = NULL WHERE id = $1 AND finished_at IS NOT NULL AND EXISTS (
           SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $1 AND outcome IN ('pending', 'sending')
         )`,
        [id],
      );
    },

    counts,

    async report(id) {
      const { rows } = await db.query<BroadcastRow>(
        'SELECT id, actor, job_id, created_at, finished_at FROM broadcasts WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      const failures = await db.query<{
        telegram_id: string;
        outcome: BroadcastFailure['outcome'];
        reason: string | null;
      }>(
        `SELECT telegram_id, outcome, reason FROM broadcast_recipients
         WHERE broadcast_id = $1 AND outcome IN ('blocked', 'failed', 'unconfirmed')
         ORDER BY position LIMIT ${MAX_REPORTED_FAILURES}`,
        [id],
      );
      return {
        id: row.id,
        actor: row.actor,
        jobId: row.job_id,
        createdAt: new Date(row.created_at),
        finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
        ...(await counts(id)),
        failures: failures.rows.map((failure) => ({
          telegramId: Number(failure.telegram_id),
          outcome: failure.outcome,
          reason: failure.reason,
        })),
      };
    },
  };
}

export interface QueueBroadcastDeps {
  store: BroadcastStore;
  /** The App's job queue: a 'broadcast' job sends it. */
  jobs: Pick<JobQueue<ProductJobKinds>, 'enqueue'>;
  audit: AuditLog;
  /** The bot admin who sent it from Telegram: told the progress and the delivery report. */
  admin?: LawyerTarget;
}

export interface QueuedBroadcast {
  id: string;
  jobId: string;
  recipients: number;
}

/**
 * Queues an admin's announcement to every active user, audited `broadcast.queue`. The API answers at
 * once; a worker sends it. Refuses blank or over-long text.
 */
export function queueBroadcast(
  deps: QueueBroadcastDeps,
  text: string,
  actor: string,
): Promise<QueuedBroadcast> {
  return auditAction(
    deps.audit,
    {
      actor,
      action: 'broadcast.queue',
      details: { length: text.length },
      describe: (queued) => ({
        target: `broadcast:${queued.id}`,
        details: { recipients: queued.recipients, jobId: queued.jobId },
      }),
    },
    async () => {
      if (text.trim() === '' || text.length > MAX_BROADCAST_TEXT) {
        throw new ValidationError([
          { path: 'text', message: `must be 1 to ${MAX_BROADCAST_TEXT} characters` },
        ]);
      }
      const { id, recipients } = await deps.store.create(text, actor);
      let jobId: string;
      try {
        // One job per broadcast, however often this is retried.
        const payload = { broadcastId: id, ...(deps.admin && { lawyer: deps.admin }) };
        jobId = (await deps.jobs.enqueue('broadcast', payload, { singletonKey: `broadcast:${id}` })).id;
      } catch (err) {
        // Nothing was sent and nothing will be: no broadcast is left behind without a job to send it.
        await deps.store.discard(id);
        throw err;
      }
      await deps.store.attachJob(id, jobId);
      return { id, jobId, recipients };
    },
  );
}

/** The delivery report with the state of the job sending it (null once the job's history is gone). */
export type BroadcastReportWithJob = BroadcastReport & { jobState: JobState | null };

/** The delivery report, or BroadcastNotFoundError. */
export async function broadcastReport(
  store: BroadcastStore,
  jobs: { find(id: string): Promise<{ state: JobState } | null> },
  id: string,
): Promise<BroadcastReportWithJob> {
  const report = await store.report(id);
  if (!report) throw new BroadcastNotFoundError({ broadcastId: id });
  const job = report.jobId === null ? null : await jobs.find(report.jobId);
  return { ...report, jobState: job?.state ?? null };
}
