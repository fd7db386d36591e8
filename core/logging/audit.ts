// The audit trail: who did what to which thing, allowed or refused, kept in Postgres. `record` is the only
// write path, and the table itself refuses UPDATE and DELETE (a trigger in 001_foundation.sql).
import type { Database } from '../db/database.ts';
import { INTERNAL_ERROR_CODE, ValidationError, isAppError } from '../errors.ts';
import { currentContext } from './context.ts';
import type { Logger } from './logger.ts';
import { redact } from './redact.ts';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditRecord {
  /** Who acted: `telegram:123456`, `admin:jane`, `system`. */
  actor: string;
  /** What they did, dotted: `case.open`, `allowlist.add`, `access.refused`. */
  action: string;
  /** What it was done to, e.g. a case id or a Telegram user id. */
  target?: string;
  outcome: AuditOutcome;
  /** Extra facts; credentials and case content are redacted before they are stored. */
  details?: object;
}

export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  /** The request or update the action happened in, from the logging context. */
  requestId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries strictly before this instant. */
  to?: Date;
  limit: number;
  offset: number;
}

export interface AuditLog {
  record(entry: AuditRecord): Promise<void>;
  /**
   * Records an action that failed. Never rejects: a row that cannot be written is logged as an error, so
   * the action's own error is what its caller sees.
   */
  recordFailure(entry: AuditRecord & { outcome: 'failure' }): Promise<void>;
  /** Newest first; `total` counts every entry matching the filter, ignoring limit and offset. */
  list(filter: AuditFilter): Promise<{ items: AuditEntry[]; total: number }>;
}

const MAX_AUDIT_PAGE = 1000;

/** An admin action as the audit log names it; the services that perform admin actions record them. */
export interface AdminAction<T> {
  /** Who acts: `admin:<account id>`, `key:<key id>`, `cli`, `anonymous` when API authentication is off. */
  actor: string;
  /** Dotted action name, e.g. `users.deactivate`. */
  action: string;
  target?: string;
  details?: object;
  /** Target or details known only from the result (an id the action created). */
  describe?: (result: T) => { target?: string; details?: object };
}

/**
 * Runs an admin action and writes its audit row: `success` with what it did, or `failure` with the error
 * code before the error goes on. Used inside the core services, so the API and the CLI audit alike. A
 * success that cannot be written fails (nothing done goes unaudited); a failure that cannot be written is
 * logged, and the action's own error is what propagates.
 */
export async function auditAction<T>(
  audit: AuditLog,
  what: AdminAction<T>,
  work: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await audit.recordFailure({
      actor: what.actor,
      action: what.action,
      ...(what.target === undefined ? {} : { target: what.target }),
      outcome: 'failure',
      details: { ...what.details, errorCode: isAppError(err) ? err.code : INTERNAL_ERROR_CODE },
    });
    throw err;
  }
  const described = what.describe?.(result) ?? {};
  const target = described.target ?? what.target;
  await audit.record({
    actor: what.actor,
    action: what.action,
    ...(target === undefined ? {} : { target }),
    outcome: 'success',
    details: { ...what.details, ...described.details },
  });
  return result;
}

interface AuditRow {
  id: string | number | bigint;
  at: Date | string;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  request_id: string | null;
  details: Record<string, unknown> | null;
}

/** `log` hears of a failed action's row that could not be written (the action's error goes on instead). */
export function createAuditLog(db: Database, log: Logger): AuditLog {
  async function record(entry: AuditRecord): Promise<void> {
    const details = redact(entry.details ?? {}, { scrubStrings: true });
    await db.query(
      `INSERT INTO audit_log (actor, action, target, outcome, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.outcome,
        currentContext().requestId ?? null,
        JSON.stringify(details),
      ],
    );
  }

  return {
    record,

    async recordFailure(entry) {
      try {
        await record(entry);
      } catch (err) {
        log.error(
          { err, actor: entry.actor, action: entry.action, target: entry.target, outcome: entry.outcome },
          'a failed action could not be written to the audit log',
        );
      }
    },

    async list(filter) {
      checkPage(filter);
      const conditions: string[] = [];
      const params: unknown[] = [];
      const where = (sql: string, value: unknown) => {
        params.push(value);
        conditions.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.actor !== undefined) where('actor = ?', filter.actor);
      if (filter.action !== undefined) where('action = ?', filter.action);
      if (filter.target !== undefined) where('target = ?', filter.target);
      if (filter.from !== undefined) where('at >= ?', filter.from);
      if (filter.to !== undefined) where('at < ?', filter.to);
      const whereSql = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

      const counted = await db.query<{ total: string | number | bigint }>(
        `SELECT count(*) AS total FROM audit_log ${whereSql}`,
        params,
      );
      const page = await db.query<AuditRow>(
        `SELECT id, at, actor, action, target, outcome, request_id, details FROM audit_log ${whereSql}
         ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { items: page.rows.map(toEntry), total: Number(counted.rows[0]?.total ?? 0) };
    },
  };
}

function checkPage(filter: AuditFilter): void {
  const fields = [];
  if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_AUDIT_PAGE) {
    fields.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_AUDIT_PAGE}` });
  }
  if (!Number.isInteger(filter.offset) || filter.offset < 0) {
    fields.push({ path: 'offset', message: 'must be a whole number, 0 or more' });
  }
  for (const bound of ['from', 'to'] as const) {
    const value = filter[bound];
    if (value !== undefined && Number.isNaN(value.getTime()))
      fields.push({ path: bound, message: 'must be a valid date' });
  }
  if (fields.length > 0) throw new ValidationError(fields, { filter });
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    requestId: row.request_id,
    details: row.details ?? {},
  };
}
