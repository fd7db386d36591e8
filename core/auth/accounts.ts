// Admin API accounts (email and password, for people): created from the CLI, checked on every request so
// a deactivated account's still-valid token stops working within seconds on every replica.
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { AlreadyExistsError, ValidationError } from '../errors.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { AuthRole } from './roles.ts';

export interface Account {
  id: string;
  email: string;
  role: AuthRole;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** An account with its password hash: only for signing in, never returned by the API. */
export interface AccountWithHash extends Account {
  passwordHash: string;
}

interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  role: AuthRole;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

const COLUMNS = 'id, email, password_hash, role, active, created_at, updated_at, last_login_at';
/** Changes on one replica reach every other one through this channel. */
const ACCOUNTS_CHANNEL = 'admin-accounts:changed';
/** Upper bound on how long a replica may act on a stale view of an account, even if a message were lost. */
const ACTIVE_LOOKUP_TTL_MS = 5_000;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function toAccount(row: AccountRow): AccountWithHash {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    role: row.role,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
}

function withoutHash({ passwordHash: _hash, ...account }: AccountWithHash): Account {
  return account;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface AccountService {
  create(input: { email: string; password: string; role: AuthRole }): Promise<Account>;
  /** For signing in: the account with its hash, active or not; null when no account has this email. */
  findByEmail(email: string): Promise<AccountWithHash | null>;
  get(id: string): Promise<Account | null>;
  /** The account when it exists and is active, else null: checked on every authenticated request. */
  findActive(id: string): Promise<Account | null>;
  setActive(id: string, active: boolean): Promise<Account | null>;
  setPassword(id: string, password: string): Promise<void>;
  recordLogin(id: string): Promise<void>;
  /** Follows changes made by other processes; returns a function that stops following. */
  followChanges(): Promise<() => Promise<void>>;
}

export function createAccountService(db: Database, cache: Cache): AccountService {
  const activeLookups = new Map<string, { account: Account | null; at: number }>();

  async function announce(id: string): Promise<void> {
    activeLookups.delete(id);
    await cache.publish(ACCOUNTS_CHANNEL, id);
  }

  async function get(id: string): Promise<Account | null> {
    // A malformed id (a forged token's subject) finds nothing rather than failing the uuid cast.
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const { rows } = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM admin_accounts WHERE id = $1`, [id]);
    return rows[0] ? withoutHash(toAccount(rows[0])) : null;
  }

  function checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationError([{ path: 'password', message: problem }]);
  }

  return {
    async create({ email, password, role }) {
      const address = normaliseEmail(email);
      if (!EMAIL.test(address) || address.length > 254) {
        throw new ValidationError([{ path: 'email', message: 'must be an email address' }]);
      }
      checkPassword(password);
      const passwordHash = await hashPassword(password);
      const { rows } = await db.query<AccountRow>(
        `INSERT INTO admin_accounts (email, password_hash, role) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
        [address, passwordHash, role],
      );
      if (!rows[0])
        throw new AlreadyExistsError(
          { email: address },
          { userMessage: `An account for ${address} already exists.` },
        );
      return withoutHash(toAccount(rows[0]));
    },

    async findByEmail(email) {
      const { rows } = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM admin_accounts WHERE email = $1`, [
        normaliseEmail(email),
      ]);
      return rows[0] ? toAccount(rows[0]) : null;
    },

    get,

    async findActive(id) {
      const cached = activeLookups.get(id);
      if (cached && Date.now() - cached.at < ACTIVE_LOOKUP_TTL_MS) return cached.account;
      const account = await get(id);
      const found = account?.active ? account : null;
      activeLookups.set(id, { account: found, at: Date.now() });
      return found;
    },

    async setActive(id, active) {
      const { rows } = await db.query<AccountRow>(
        `UPDATE admin_accounts SET active = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, active],
      );
      await announce(id);
      return rows[0] ? withoutHash(toAccount(rows[0])) : null;
    },

    async setPassword(id, password) {
      checkPassword(password);
      const passwordHash = await hashPassword(password);
      await db.query(`UPDATE admin_accounts SET password_hash = $2, updated_at = now() WHERE id = $1`, [
        id,
        passwordHash,
      ]);
    },

    async recordLogin(id) {
      await db.query(`UPDATE admin_accounts SET last_login_at = now() WHERE id = $1`, [id]);
    },

    followChanges() {
      return cache.subscribe(ACCOUNTS_CHANNEL, (id) => {
        activeLookups.delete(id);
      });
    },
  };
}
