// The allow-list: who may use the bot, with which role. Fails closed: unknown or inactive means no entry.
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { auditAction, type AuditLog } from '../logging/audit.ts';

/** The bot's roles, in the order an admin picks from. */
export const BOT_ROLES = ['admin', 'lawyer'] as const;
export type Role = (typeof BOT_ROLES)[number];

export interface BotUser {
  id: string;
  telegramId: number;
  displayName: string | null;
  role: Role;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string | number;
  telegram_id: string | number;
  display_name: string | null;
  role: Role;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, telegram_id, display_name, role, active, created_at, updated_at';
/** Changes made on one replica reach every other one through this channel. */
const ALLOW_LIST_CHANNEL = 'allow-list:changed';
/** Upper bound on how stale a replica's view can be even if a change message were lost. */
const LOOKUP_TTL_MS = 5_000;
/** Strangers are looked up too: the remembered answers are bounded, oldest forgotten first. */
const MAX_REMEMBERED_LOOKUPS = 10_000;

function toUser(row: UserRow): BotUser {
  return {
    id: String(row.id),
    telegramId: Number(row.telegram_id),
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserService {
  /** The active user with this Telegram id, or null: the allow-list check on every update. */
  findActive(telegramId: number): Promise<BotUser | null>;
  get(telegramId: number): Promise<BotUser | null>;
  list(page: {
    limit: number;
    offset: number;
    role?: Role;
    active?: boolean;
  }): Promise<{ items: BotUser[]; total: number }>;
  /** Adds a user or re-activates an existing one with the given role. */
  upsert(input: { telegramId: number; role: Role; displayName?: string | null }): Promise<BotUser>;
  update(
    telegramId: number,
    change: { role?: Role; active?: boolean; displayName?: string | null },
  ): Promise<BotUser | null>;
  /**
   * An admin allows a Telegram user (or re-activates one, with this role): audited `users.add`.
   * `existed` tells whether the user was on the list before.
   */
  allow(
    input: { telegramId: number; role: Role; displayName?: string | null },
    actor: string,
  ): Promise<{ user: BotUser; existed: boolean }>;
  /**
   * An admin changes a user's role, active flag or display name: audited `users.deactivate` when it
   * deactivates, else `users.update`. NotFoundError when the user is not on the list.
   */
  change(
    telegramId: number,
    change: { role?: Role; active?: boolean; displayName?: string | null },
    actor: string,
  ): Promise<BotUser>;
  /** First start: inserts the users named in the environment. Existing rows are left as admins set them. */
  seed(allowed: readonly number[], admins: readonly number[]): Promise<{ inserted: number }>;
  /** How many lookup answers this process remembers (bounded; for tests and diagnostics). */
  rememberedLookups(): number;
  /** Follows changes made by other processes; returns a function that stops following. */
  followChanges(): Promise<() => Promise<void>>;
  count(): Promise<{ total: number; active: number; admins: number }>;
}

export function createUserService(
  db: Database,
  cache: Cache,
  options: { maxRememberedLookups?: number; audit: AuditLog },
): UserService {
  const maxRemembered = options.maxRememberedLookups ?? MAX_REMEMBERED_LOOKUPS;
  const { audit } = options;
  const lookups = new Map<number, { user: BotUser | null; at: number }>();

  async function announce(telegramId: number): Promise<void> {
    lookups.delete(telegramId);
    await cache.publish(ALLOW_LIST_CHANNEL, String(telegramId));
  }

  async function get(telegramId: number): Promise<BotUser | null> {
    const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE telegram_id = $1`, [
      telegramId,
    ]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async function upsert({
    telegramId,
    role,
    displayName = null,
  }: {
    telegramId: number;
    role: Role;
    displayName?: string | null;
  }): Promise<BotUser> {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (telegram_id, role, display_name, active) VALUES ($1, $2, $3, true)
         ON CONFLICT (telegram_id) DO UPDATE
           SET role = EXCLUDED.role, active = true,
               display_name = COALESCE(EXCLUDED.display_name, users.display_name), updated_at = now()
         RETURNING ${COLUMNS}`,
      [telegramId, role, displayName],
    );
    await announce(telegramId);
    return toUser(rows[0] as UserRow);
  }

  async function update(
    telegramId: number,
    change: { role?: Role; active?: boolean; displayName?: string | null },
  ): Promise<BotUser | null> {
    const { rows } = await db.query<UserRow>(
      `UPDATE users SET role = COALESCE($2, role), active = COALESCE($3, active),
           display_name = CASE WHEN $4::boolean THEN $5 ELSE display_name END, updated_at = now()
         WHERE telegram_id = $1 RETURNING ${COLUMNS}`,
      [
        telegramId,
        change.role ?? null,
        change.active ?? null,
        change.displayName !== undefined,
        change.displayName ?? null,
      ],
    );
    await announce(telegramId);
    return rows[0] ? toUser(rows[0]) : null;
  }

  return {
    async findActive(telegramId) {
      const cached = lookups.get(telegramId);
      if (cached && Date.now() - cached.at < LOOKUP_TTL_MS) return cached.user;
      const user = await get(telegramId);
      const found = user?.active ? user : null;
      // Re-inserting moves the entry to the end, so the first key is always the oldest answer.
      lookups.delete(telegramId);
      if (lookups.size >= maxRemembered) {
        const oldest = lookups.keys().next();
        if (!oldest.done) lookups.delete(oldest.value);
      }
      lookups.set(telegramId, { user: found, at: Date.now() });
      return found;
    },

    get,

    rememberedLookups: () => lookups.size,

    async list({ limit, offset, role, active }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (role !== undefined) where.push(`role = $${params.push(role)}`);
      if (active !== undefined) where.push(`active = $${params.push(active)}`);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM users ${clause}`,
        params,
      );
      const { rows } = await db.query<UserRow>(
        `SELECT ${COLUMNS} FROM users ${clause} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      );
      return { items: rows.map(toUser), total: Number(total.rows[0]?.n ?? 0) };
    },

    upsert,
    update,

    async allow(input, actor) {
      const existed = (await get(input.telegramId)) !== null;
      const user = await auditAction(
        audit,
        {
          actor,
          action: 'users.add',
          target: String(input.telegramId),
          details: { role: input.role, existed },
        },
        () => upsert(input),
      );
      return { user, existed };
    },

    async change(telegramId, change, actor) {
      const action = change.active === false ? 'users.deactivate' : 'users.update';
      return auditAction(
        audit,
        { actor, action, target: String(telegramId), details: { change } },
        async () => {
          const user = await update(telegramId, change);
          if (!user) {
            throw new NotFoundError(
              { telegramId },
              { userMessage: `Telegram user ${telegramId} is not on the allow-list.` },
            );
          }
          return user;
        },
      );
    },

    async seed(allowed, admins) {
      let inserted = 0;
      const adminSet = new Set(admins);
      for (const telegramId of new Set([...admins, ...allowed])) {
        const { rowCount } = await db.query(
          `INSERT INTO users (telegram_id, role) VALUES ($1, $2) ON CONFLICT (telegram_id) DO NOTHING`,
          [telegramId, adminSet.has(telegramId) ? 'admin' : 'lawyer'],
        );
        inserted += rowCount;
      }
      return { inserted };
    },

    async followChanges() {
      return cache.subscribe(ALLOW_LIST_CHANNEL, (message) => {
        lookups.delete(Number(message));
      });
    },

    async count() {
      const { rows } = await db.query<{
        total: string | number;
        active: string | number;
        admins: string | number;
      }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE active) AS active,
                count(*) FILTER (WHERE active AND role = 'admin') AS admins FROM users`,
      );
      const row = rows[0];
      return {
        total: Number(row?.total ?? 0),
        active: Number(row?.active ?? 0),
        admins: Number(row?.admins ?? 0),
      };
    },
  };
}
