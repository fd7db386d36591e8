// Who is calling the API and what they may do: the three admin roles, ranked, the lawyer's own keys, and
// the caller's identity.

export const AUTH_ROLES = ['admin', 'service', 'user'] as const;
export type AuthRole = (typeof AUTH_ROLES)[number];

/**
 * What an API key may hold: an admin role, or `lawyer` — a key of one lawyer for their own cases under
 * /cases, which no admin route lets through (and no admin credential reads a case through /cases).
 */
export const KEY_ROLES = [...AUTH_ROLES, 'lawyer'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** A higher rank includes everything a lower one may do: an admin may do what a service may. */
const RANK: Record<KeyRole, number> = { lawyer: 0, user: 1, service: 2, admin: 3 };

export function isAuthRole(value: unknown): value is AuthRole {
  return typeof value === 'string' && (AUTH_ROLES as readonly string[]).includes(value);
}

/** True when a caller with role `held` may do what needs role `needed`. */
export function roleAllows(held: KeyRole, needed: AuthRole): boolean {
  return RANK[held] >= RANK[needed];
}

/** The authenticated caller of one request. */
export interface Principal {
  /** How they proved it: a signed-in account's JWT, an API key, or nothing because API auth is off. */
  kind: 'account' | 'api-key' | 'open';
  /** Account id or API key id ('anonymous' when open). */
  id: string;
  role: KeyRole;
  /** With role `lawyer`: the users.id of the lawyer whose cases the key reaches. */
  lawyerId?: string;
  /** How the audit log names them: `admin:<account id>`, `key:<key id>` or `anonymous`. */
  actor: string;
  /** For people reading logs: the account's email or the key's name. */
  label: string;
}

/** Used only outside production when FEATURE_ENABLE_API_AUTH=false: every caller acts as this admin. */
export const OPEN_ACCESS: Principal = {
  kind: 'open',
  id: 'anonymous',
  role: 'admin',
  actor: 'anonymous',
  label: 'anyone (API authentication is off)',
};
