// API keys for services calling the admin API: `mga_` + 256 random bits, shown once when created, stored
// only as a SHA-256 digest; looked up by digest and compared in constant time. Revocation and expiry take
// effect on the next request, on every replica (each request reads the key's row).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { ExpiredTokenError, InvalidTokenError, NotFoundError, ValidationError } from '../errors.ts';
import { auditAction, type AuditLog } from '../logging/audit.ts';
import type { KeyRole } from './roles.ts';

const API_KEY_PREFIX = 'mga_';
/** 32 random bytes in base64url: 43 characters. */
const API_KEY_SHAPE = /^mga_[A-Za-z0-9_-]{43}$/;
/** A key's last use is written at most this often: a busy service must not make every request a write. */
const LAST_USED_EVERY_MS = 60_000;
export const MAX_KEY_LIFETIME_DAYS = 3650;

export interface ApiKey {
  id: string;
  name: string;
  role: KeyRole;
  /** The lawyer (users.id) whose cases a `lawyer` key reaches; null for the other roles. */
  lawyerId: string | null;
  /** The first characters of the key (`mga_Xk3f`), for telling keys apart; not enough to use it. */
  prefix: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: KeyRole;
  lawyer_id: string | number | null;
  key_hash: string;
  key_prefix: string;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const COLUMNS =
  'id, name, role, lawyer_id, key_hash, key_prefix, created_by, created_at, expires_at, last_used_at, revoked_at, revoked_by';

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    lawyerId: row.lawyer_id === null ? null : String(row.lawyer_id),
    prefix: row.key_prefix,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}

/** True when `value` has the shape of one of our keys (it may still be unknown, revoked or expired). */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY_SHAPE.test(value);
}

export function newApiKeySecret(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function apiKeyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

interface CreateInput {
  name: string;
  role: KeyRole;
  /** Required with role `lawyer` (and only then): the users.id of the lawyer the key belongs to. */
  lawyerId?: string;
  expiresInDays?: number;
  /** Who creates it (the audit actor): `admin:<account id>`, `cli`... */
  createdBy: string;
}

export interface ApiKeyService {
  /**
   * Creates a key (audited `api-keys.create`); `key` is the only time the secret exists outside the
   * caller's hands.
   */
  create(input: CreateInput): Promise<{ key: string; apiKey: ApiKey }>;
  list(page: {
    limit: number;
    offset: number;
    includeRevoked?: boolean;
  }): Promise<{ items: ApiKey[]; total: number }>;
  get(id: string): Promise<ApiKey | null>;
  /** The live (not revoked) keys of one lawyer. */
  listForLawyer(lawyerId: string): Promise<ApiKey[]>;
  /**
   * Revokes the key (audited `api-keys.revoke`; once: revoking again changes nothing). NotFoundError
   * when there is no such key.
   */
  revoke(id: string, revokedBy: string): Promise<ApiKey>;
  /** The key's record when `presented` is a live key; InvalidTokenError or ExpiredTokenError otherwise. */
  authenticate(presented: string): Promise<ApiKey>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createApiKeyService(db: Database, audit: AuditLog): ApiKeyService {
  const lastUseWritten = new Map<string, number>();

  async function touch(id: string): Promise<void> {
    const now = Date.now();
    const written = lastUseWritten.get(id);
    if (written !== undefined && now - written < LAST_USED_EVERY_MS) return;
    lastUseWritten.set(id, now);
    // The condition throttles across replicas too: only one of them writes per minute.
    await db.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
      [id, LAST_USED_EVERY_MS / 1000],
    );
  }

  async function get(id: string): Promise<ApiKey | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  async function insertKey({
    name,
    role,
    lawyerId,
    expiresInDays,
    createdBy,
  }: CreateInput): Promise<{ key: string; apiKey: ApiKey }> {
    const trimmed = name.trim();
    const problems = [];
    if ((role === 'lawyer') !== (lawyerId !== undefined)) {
      problems.push({ path: 'lawyer', message: 'a lawyer key names its lawyer, and only a lawyer key does' });
    }
    if (trimmed.length < 1 || trimmed.length > 100)
      problems.push({ path: 'name', message: 'must be 1 to 100 characters' });
    if (
      expiresInDays !== undefined &&
      (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_KEY_LIFETIME_DAYS)
    ) {
      problems.push({
        path: 'expiresInDays',
        message: `must be a whole number of days from 1 to ${MAX_KEY_LIFETIME_DAYS}`,
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const key = newApiKeySecret();
    const { rows } = await db.query<ApiKeyRow>(
      `INSERT INTO api_keys (name, role, key_hash, key_prefix, created_by, expires_at, lawyer_id)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::int IS NULL THEN NULL ELSE now() + make_interval(days => $6::int) END, $7)
         RETURNING ${COLUMNS}`,
      [
        trimmed,
        role,
        apiKeyDigest(key).toString('hex'),
        key.slice(0, API_KEY_PREFIX.length + 4),
        createdBy,
        expiresInDays ?? null,
        lawyerId ?? null,
      ],
    );
    return { key, apiKey: toApiKey(rows[0] as ApiKeyRow) };
  }

  return {
    create: ({ name, role, lawyerId, expiresInDays, createdBy }) =>
      auditAction(
        audit,
        {
          actor: createdBy,
          action: 'api-keys.create',
          details: { name, role, lawyerId: lawyerId ?? null, expiresInDays: expiresInDays ?? null },
          describe: (created) => ({ target: created.apiKey.id }),
        },
        () =>
          insertKey({
            name,
            role,
            createdBy,
            ...(lawyerId === undefined ? {} : { lawyerId }),
            ...(expiresInDays === undefined ? {} : { expiresInDays }),
          }),
      ),

    async list({ limit, offset, includeRevoked = true }) {
      const where = includeRevoked ? '' : 'WHERE revoked_at IS NULL';
      const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM api_keys ${where}`);
      const { rows } = await db.query<ApiKeyRow>(
        `SELECT ${COLUMNS} FROM api_keys ${where} ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      return { items: rows.map(toApiKey), total: Number(total.rows[0]?.n ?? 0) };
    },

    get,

    async listForLawyer(lawyerId) {
      const { rows } = await db.query<ApiKeyRow>(
        `SELECT ${COLUMNS} FROM api_keys WHERE lawyer_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id`,
        [lawyerId],
      );
      return rows.map(toApiKey);
    },

    revoke: (id, revokedBy) =>
      auditAction(audit, { actor: revokedBy, action: 'api-keys.revoke', target: id }, async () => {
        if (UUID.test(id)) {
          await db.query(
            `UPDATE api_keys SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL`,
            [id, revokedBy],
          );
        }
        const revoked = await get(id);
        if (!revoked)
          throw new NotFoundError({ keyId: id }, { userMessage: 'There is no API key with this id.' });
        return revoked;
      }),

    async authenticate(presented) {
      if (!looksLikeApiKey(presented)) throw new InvalidTokenError({ reason: 'api key malformed' });
      const digest = apiKeyDigest(presented);
      // A lawyer's key works only while the lawyer is on the allow-list.
      const { rows } = await db.query<ApiKeyRow & { expired: boolean; lawyer_active: boolean | null }>(
        `SELECT ${COLUMNS}, (expires_at IS NOT NULL AND expires_at <= now()) AS expired,
                (SELECT u.active FROM users u WHERE u.id = api_keys.lawyer_id) AS lawyer_active
           FROM api_keys WHERE key_hash = $1`,
        [digest.toString('hex')],
      );
      const row = rows[0];
      // The index lookup already matched; the constant-time comparison keeps the final decision free of
      // an early-exit string comparison, whatever the database does.
      if (!row || !timingSafeEqual(Buffer.from(row.key_hash, 'hex'), digest)) {
        throw new InvalidTokenError({ reason: 'api key unknown' });
      }
      if (row.revoked_at) {
        throw new InvalidTokenError(
          { reason: 'api key revoked', keyId: row.id },
          { userMessage: 'This API key has been revoked. Ask an administrator for a new one.' },
        );
      }
      if (row.role === 'lawyer' && row.lawyer_active !== true) {
        throw new InvalidTokenError(
          { reason: 'lawyer not on the allow-list', keyId: row.id },
          { userMessage: 'The lawyer this key belongs to is no longer on the allow-list.' },
        );
      }
      if (row.expired) {
        throw new ExpiredTokenError(
          { reason: 'api key expired', keyId: row.id },
          { userMessage: 'This API key has expired. Ask an administrator for a new one.' },
        );
      }
      await touch(row.id);
      return toApiKey(row);
    },
  };
}
