// Signing in and recognising callers of the admin API: password sign-in (rate limited against guessing,
// audited, equally slow for unknown emails) that yields a short-lived JWT, and one `authenticate` for
// both kinds of credential (an account's JWT, a service's API key).
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { AuthenticationError, InvalidTokenError, RateLimitExceededError } from '../errors.ts';
import type { AuditLog } from '../logging/audit.ts';
import { createAccountService, normaliseEmail, type Account, type AccountService } from './accounts.ts';
import { createApiKeyService, looksLikeApiKey, type ApiKeyService } from './api-keys.ts';
import { DUMMY_PASSWORD_HASH, needsRehash, verifyPassword } from './passwords.ts';
import type { Principal } from './roles.ts';
import { createTokenService, type IssuedToken, type TokenService, type TokenSettings } from './tokens.ts';

/**
 * Sign-in lockout, built so that brute force is stopped and a stranger cannot lock the owner out:
 * - Only failed attempts count; a correct password never spends anything.
 * - `pair`: failures of one email from one client address. This stops guessing at one account from one
 *   place, and a stranger elsewhere cannot spend it.
 * - `address`: failures from one address over any emails (one machine trying many accounts).
 * - `email`: failures for one email from every address together (guessing spread over many machines).
 *   Once it is spent, only addresses this account has signed in from before (known good, remembered
 *   for 30 days) may still try, so a stranger who knows the email cannot keep the owner out of their
 *   usual place; a new address waits for the window to pass.
 * Each counter is a fixed window from its first failure. Concurrent attempts may pass a few beyond a
 * limit before the counts catch up; the limits are far below what guessing needs.
 */
export const LOGIN_LIMITS = {
  pair: 5,
  address: 20,
  email: 20,
  windowSeconds: 15 * 60,
  knownAddressSeconds: 30 * 24 * 60 * 60,
} as const;

export interface LoginAttempt {
  email: string;
  password: string;
  /** Where the attempt came from (client IP): its failures are counted with the email and on their own. */
  source: string;
}

export interface AuthService {
  accounts: AccountService;
  apiKeys: ApiKeyService;
  tokens: TokenService;
  /**
   * Checks the password and issues a token. AuthenticationError (one message for every reason, so the
   * answer does not tell which emails exist) or RateLimitExceededError while failures are over a limit
   * (LOGIN_LIMITS).
   */
  login(attempt: LoginAttempt): Promise<{ token: IssuedToken; account: Account }>;
  /** The caller behind a bearer token (JWT or `mga_` key); InvalidTokenError/ExpiredTokenError otherwise. */
  authenticate(credential: string): Promise<Principal>;
}

export interface AuthDeps {
  db: Database;
  cache: Cache;
  audit: AuditLog;
  log: Logger;
  tokens: TokenSettings;
}

const WRONG_CREDENTIALS = 'The email or password is not correct.';

function bucketKey(value: string): string {
  // Hashed so an email never appears in a cache key and any input makes a short, safe key.
  return createHash('sha256').update(value).digest('base64url');
}

export type LoginLimit = 'pair' | 'address' | 'email';

/** The cache keys counting failed sign-ins of `email` (normalised) from `source`, one per limit. */
export function loginFailureKeys(email: string, source: string): Record<LoginLimit, string> {
  return {
    pair: `login-failures:pair:${bucketKey(`${email}\u0000${source}`)}`,
    address: `login-failures:address:${bucketKey(source)}`,
    email: `login-failures:email:${bucketKey(email)}`,
  };
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, cache, audit, log } = deps;
  const accounts = createAccountService(db, cache);
  const apiKeys = createApiKeyService(db, audit);
  const tokens = createTokenService(deps.tokens);
  const windowMs = LOGIN_LIMITS.windowSeconds * 1000;

  const knownAddressKey = (email: string, source: string) =>
    `login-known:${bucketKey(`${email}\u0000${source}`)}`;

  async function failuresOf(key: string): Promise<number> {
    return Number((await cache.get(key)) ?? 0);
  }

  /** The limit these failures are over, or null when the attempt may go on to the password check. */
  async function limitReached(email: string, source: string): Promise<LoginLimit | null> {
    const keys = loginFailureKeys(email, source);
    const [pair, address, perEmail] = await Promise.all([
      failuresOf(keys.pair),
      failuresOf(keys.address),
      failuresOf(keys.email),
    ]);
    if (pair >= LOGIN_LIMITS.pair) return 'pair';
    if (address >= LOGIN_LIMITS.address) return 'address';
    if (perEmail >= LOGIN_LIMITS.email && (await cache.get(knownAddressKey(email, source))) === null) {
      return 'email';
    }
    return null;
  }

  async function countFailure(email: string, source: string): Promise<void> {
    const keys = loginFailureKeys(email, source);
    await Promise.all([
      cache.incr(keys.pair, windowMs),
      cache.incr(keys.address, windowMs),
      cache.incr(keys.email, windowMs),
    ]);
  }

  async function refuse(limit: LoginLimit, email: string, source: string): Promise<never> {
    await audit.record({
      actor: 'anonymous',
      action: 'auth.login',
      target: email,
      outcome: 'denied',
      details: { reason: `too many failed attempts (${limit})`, source },
    });
    throw new RateLimitExceededError(
      LOGIN_LIMITS.windowSeconds,
      { limit: `login-${limit}` },
      { userMessage: 'Too many failed sign-in attempts. Please wait before trying again.' },
    );
  }

  return {
    accounts,
    apiKeys,
    tokens,

    async login({ email, password, source }) {
      const address = normaliseEmail(email);
      const reached = await limitReached(address, source);
      if (reached !== null) await refuse(reached, address, source);

      const account = await accounts.findByEmail(address);
      // Verified even when there is no such account, so both answers take the same time.
      const matches = await verifyPassword(password, account?.passwordHash ?? DUMMY_PASSWORD_HASH);
      const reason = !account
        ? 'unknown email'
        : !matches
          ? 'wrong password'
          : !account.active
            ? 'account deactivated'
            : null;
      if (!account || reason !== null) {
        await countFailure(address, source);
        await audit.record({
          actor: 'anonymous',
          action: 'auth.login',
          target: address,
          outcome: 'failure',
          details: { reason, source },
        });
        throw new AuthenticationError({ reason }, { userMessage: WRONG_CREDENTIALS });
      }

      // This address is now known good for this account: a spent per-email limit no longer keeps it out.
      await cache.set(knownAddressKey(address, source), '1', LOGIN_LIMITS.knownAddressSeconds * 1000);
      await cache.delete(loginFailureKeys(address, source).pair);
      if (needsRehash(account.passwordHash)) await accounts.setPassword(account.id, password);
      await accounts.recordLogin(account.id);
      const token = await tokens.issue(account);
      await audit.record({
        actor: `admin:${account.id}`,
        action: 'auth.login',
        target: address,
        outcome: 'success',
        details: { source },
      });
      log.info({ accountId: account.id }, 'admin signed in');
      const { passwordHash: _hash, ...publicAccount } = account;
      return { token, account: publicAccount };
    },

    async authenticate(credential) {
      if (looksLikeApiKey(credential)) {
        const key = await apiKeys.authenticate(credential);
        return {
          kind: 'api-key',
          id: key.id,
          role: key.role,
          actor: `key:${key.id}`,
          label: key.name,
          ...(key.lawyerId === null ? {} : { lawyerId: key.lawyerId }),
        };
      }
      const claims = await tokens.verify(credential);
      const account = await accounts.findActive(claims.accountId);
      if (!account) {
        throw new InvalidTokenError(
          { reason: 'account missing or deactivated', accountId: claims.accountId },
          { userMessage: 'This account has been deactivated. Ask an administrator.' },
        );
      }
      // The account's role now, not when the token was issued: a demotion takes effect at once.
      return {
        kind: 'account',
        id: account.id,
        role: account.role,
        actor: `admin:${account.id}`,
        label: account.email,
      };
    },
  };
}
