// A job's result, recorded once: a job may run more than once (a retry, or a second worker finishing
// what a dead one started), and its handler uses these to keep its effect single.
import type { Queryable } from '../db/database.ts';

export interface RecordedResult<T> {
  /** The stored result: this attempt's when it was the first to record one, else the earlier one. */
  value: T;
  /** True when this call stored it. */
  recordedNow: boolean;
}

export interface JobResults {
  /** Stores `value` as the job's result unless one is stored already; the first result wins. */
  record<T>(jobId: string, kind: string, value: T): Promise<RecordedResult<T>>;
  /** The stored result, or null. */
  get<T>(jobId: string): Promise<T | null>;
  /**
   * Claims the one delivery of the result to the lawyer: true for exactly one caller. A caller whose
   * delivery then fails calls `releaseDelivery`, so a retry delivers it.
   */
  claimDelivery(jobId: string): Promise<boolean>;
  releaseDelivery(jobId: string): Promise<void>;
  /**
   * Forgets that the job failed for good (core/jobs/failed-for-good.ts), and that the lawyer was told so,
   * when it is run again after that (an admin's retry): its new run records and delivers its own result.
   * Any other result stays.
   */
  forgetFailure(jobId: string): Promise<void>;
}

export function createJobResults(db: Queryable): JobResults {
  return {
    async record<T>(jobId: string, kind: string, value: T): Promise<RecordedResult<T>> {
      const inserted = await db.query(
        `INSERT INTO job_results (job_id, kind, result) VALUES ($1, $2, $3)
         ON CONFLICT (job_id) DO NOTHING RETURNING job_id`,
        [jobId, kind, JSON.stringify(value)],
      );
      if (inserted.rowCount === 1) return { value, recordedNow: true };
      const stored = await this.get<T>(jobId);
      if (stored === null) throw new Error(`job ${jobId}: its result vanished while being recorded`);
      return { value: stored, recordedNow: false };
    },

    async get<T>(jobId: string): Promise<T | null> {
      const { rows } = await db.query<{ result: T }>('SELECT result FROM job_results WHERE job_id = $1', [
        jobId,
      ]);
      return rows[0]?.result ?? null;
    },

    async claimDelivery(jobId) {
      const { rowCount } = await db.query(
        'UPDATE job_results SET delivered_at = now() WHERE job_id = $1 AND delivered_at IS NULL RETURNING job_id',
        [jobId],
      );
      return rowCount === 1;
    },

    async releaseDelivery(jobId) {
      await db.query('UPDATE job_results SET delivered_at = NULL WHERE job_id = $1', [jobId]);
    },

    async forgetFailure(jobId) {
      await db.query(`DELETE FROM job_results WHERE job_id = $1 AND result @> '{"failedForGood": true}'`, [
        jobId,
      ]);
    },
  };
}
