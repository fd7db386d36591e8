// Updates kept durably (in Postgres) while the cache is down, to be handled in order when it is back.
// The cache holds what makes handling an update safe (its de-duplication mark, conversation state), so
// an update cannot be handled without it; Telegram, once the poller has confirmed an update, will not
// send it again. Keeping it here is what makes "nothing you sent is lost" true.
import type { Queryable } from '../db/database.ts';

export interface HeldUpdate {
  updateId: number;
  payload: unknown;
}

export interface HeldUpdates {
  /** Keeps an update; holding the same one twice keeps it once. */
  hold(botId: number, update: { update_id: number }): Promise<void>;
  /** The oldest held updates, in update order. */
  oldest(botId: number, limit: number): Promise<HeldUpdate[]>;
  /** Forgets an update once it has been handled. */
  release(botId: number, updateId: number): Promise<void>;
  count(botId: number): Promise<number>;
}

export function createHeldUpdates(db: Queryable): HeldUpdates {
  return {
    async hold(botId, update) {
      await db.query(
        `INSERT INTO held_updates (bot_id, update_id, payload) VALUES ($1, $2, $3)
         ON CONFLICT (bot_id, update_id) DO NOTHING`,
        [botId, update.update_id, JSON.stringify(update)],
      );
    },
    async oldest(botId, limit) {
      const { rows } = await db.query<{ update_id: string; payload: unknown }>(
        'SELECT update_id, payload FROM held_updates WHERE bot_id = $1 ORDER BY update_id LIMIT $2',
        [botId, limit],
      );
      return rows.map((row) => ({ updateId: Number(row.update_id), payload: row.payload }));
    },
    async release(botId, updateId) {
      await db.query('DELETE FROM held_updates WHERE bot_id = $1 AND update_id = $2', [botId, updateId]);
    },
    async count(botId) {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM held_updates WHERE bot_id = $1',
        [botId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
