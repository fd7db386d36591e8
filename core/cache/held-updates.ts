// The journal of long polling (table held_updates). Telegram forgets an update once the poller has asked
// for the next ones, so each update is written here before that, and removed once it has been handled.
// What is still here at start was not finished by the process before (killed mid-update), or was kept
// while the cache was down (the cache holds what makes handling an update safe: its de-duplication mark,
// conversation state); both are handled then, in update order. This is what makes "nothing you sent is
// lost" true across a crash and an outage.
import type { Queryable } from '../db/database.ts';

export interface HeldUpdate {
  updateId: number;
  payload: unknown;
}

export interface HeldUpdates {
  /** Keeps updates; keeping the same one twice keeps it once. One statement for the whole batch. */
  hold(botId: number, updates: ReadonlyArray<{ update_id: number }>): Promise<void>;
  /** The update ids kept, in update order. */
  ids(botId: number): Promise<number[]>;
  /** The kept updates among `updateIds`, in update order. */
  read(botId: number, updateIds: readonly number[]): Promise<HeldUpdate[]>;
  /** Forgets an update once it has been handled. */
  release(botId: number, updateId: number): Promise<void>;
}

export function createHeldUpdates(db: Queryable): HeldUpdates {
  return {
    async hold(botId, updates) {
      if (updates.length === 0) return;
      await db.query(
        `INSERT INTO held_updates (bot_id, update_id, payload)
         SELECT $1, u.id, u.payload FROM unnest($2::bigint[], $3::text[]) AS u(id, payload)
         ON CONFLICT (bot_id, update_id) DO NOTHING`,
        [botId, updates.map((u) => u.update_id), updates.map((u) => JSON.stringify(u))],
      );
    },
    async ids(botId) {
      const { rows } = await db.query<{ update_id: string }>(
        'SELECT update_id FROM held_updates WHERE bot_id = $1 ORDER BY update_id',
        [botId],
      );
      return rows.map((row) => Number(row.update_id));
    },
    async read(botId, updateIds) {
      if (updateIds.length === 0) return [];
      const { rows } = await db.query<{ update_id: string; payload: string }>(
        `SELECT update_id, payload FROM held_updates
         WHERE bot_id = $1 AND update_id = ANY($2::bigint[]) ORDER BY update_id`,
        [botId, [...updateIds]],
      );
      return rows.map((row) => ({
        updateId: Number(row.update_id),
        payload: JSON.parse(row.payload) as unknown,
      }));
    },
    async release(botId, updateId) {
      await db.query('DELETE FROM held_updates WHERE bot_id = $1 AND update_id = $2', [botId, updateId]);
    },
  };
}
