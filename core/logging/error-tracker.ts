// Counts failures per error code in Postgres, so every process (bot, API pods, workers) adds to the same
// figures and an admin sees which failures happen, how often, and since when.
import type { Database } from '../db/database.ts';
import {
  ERROR_CODES,
  INTERNAL_ERROR_CODE,
  isAppError,
  type ErrorCategory,
  type ErrorCode,
} from '../errors.ts';
import type { Logger } from './logger.ts';
import { scrubText } from './redact.ts';

export interface ErrorStat {
  code: number;
  category: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  /** The internal message of the latest occurrence, credentials scrubbed, at most 500 characters. */
  lastMessage: string;
}

export interface ErrorTracker {
  /**
   * Counts one occurrence of `err` under its code (foreign errors under 1000). Never rejects: when the
   * count cannot be stored, that failure is logged, so an error handler can always await it.
   */
  capture(err: unknown): Promise<void>;
  /** Every code seen, most frequent first. */
  stats(): Promise<ErrorStat[]>;
}

const MAX_MESSAGE_LENGTH = 500;

interface ErrorStatRow {
  code: number;
  category: string;
  count: string | number | bigint;
  first_seen: Date | string;
  last_seen: Date | string;
  last_message: string | null;
}

export function createErrorTracker(db: Database, log: Logger): ErrorTracker {
  return {
    async capture(err) {
      const { code, category } = classify(err);
      try {
        await db.query(
          `INSERT INTO error_stats (code, category, count, first_seen, last_seen, last_message)
           VALUES ($1, $2, 1, now(), now(), $3)
           ON CONFLICT (code) DO UPDATE SET
             count = error_stats.count + 1,
             category = EXCLUDED.category,
             last_seen = EXCLUDED.last_seen,
             last_message = EXCLUDED.last_message`,
          [code, category, describe(err)],
        );
      } catch (storeErr) {
        // Handled here, not rethrown: the caller is already handling `err`, and a second failure from
        // its error handler would hide the first.
        log.error({ err: storeErr, trackedCode: code }, 'could not count an error in error_stats');
      }
    },

    async stats() {
      const result = await db.query<ErrorStatRow>(
        `SELECT code, category, count, first_seen, last_seen, last_message FROM error_stats
         ORDER BY count DESC, code`,
      );
      return result.rows.map((row) => ({
        code: row.code,
        category: row.category,
        count: Number(row.count),
        firstSeen: new Date(row.first_seen),
        lastSeen: new Date(row.last_seen),
        lastMessage: row.last_message ?? '',
      }));
    },
  };
}

function classify(err: unknown): { code: ErrorCode; category: ErrorCategory } {
  if (isAppError(err)) return { code: err.code, category: err.category };
  return { code: INTERNAL_ERROR_CODE, category: ERROR_CODES[INTERNAL_ERROR_CODE].category };
}

/** For operators, not users: the internal message, with what kind of foreign error it was. */
function describe(err: unknown): string {
  const text = isAppError(err)
    ? err.message
    : err instanceof Error
      ? `${err.name}: ${err.message}`
      : `thrown ${typeof err}: ${String(err)}`;
  return scrubText(text).slice(0, MAX_MESSAGE_LENGTH);
}
