// Signing in and recognising callers of the admin API: password sign-in (rate limited against guessing,
// audited, equally slow for unknown emails) that yields a short-lived JWT, and one `authenticate` for
// both kinds of credential (an account's JWT, a service's API key).
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.ts';
import type { Database } from '../db/database.ts';
import { AuthenticationError, InvalidTokenError, RateLimitExceededError } from '../errors.ts';
import type { AuditLog } from '../logging/audit.ts';
import { createRateLimiter, type RateLimiter } from '../resilience/rate-limiter.ts';
import { createAccountService, normaliseEmail, type Account, type AccountService } from './accounts.ts';
import { createApiKeyService, looksLikeApiKey, type ApiKeyService } from './api-keys.ts';
import { DUMMY_PASSWORD_HASH, needsRehash, verifyPassword } from './passwords.ts';
import type { Principal } from './roles.ts';
import { createTokenService, type IssuedToken, type TokenService, type TokenSettings } from './tokens.ts';

/** Sign-in attempts allowed per email and, separately, per client address: 5 per 15 minutes. */
export const LOGIN_ATTEMPTS = { capacity: 5, windowSeconds: 15 * 60 } as const;

export interface LoginAttempt {
  email: string;
  password: string;
  /** Where the attempt came from (client IP): limited separately from the email. */
  source: string;
}

export interface AuthService {
  accounts: AccountService;
  apiKeys: ApiKeyService;
  tokens: TokenService;
  /**
   * Checks the password and issues a token. AuthenticationError (one message for every reason, so the
   * answer does not tell which emails exist) or RateLimitExceededError when attempts ran out.
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

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, cache, audit, log } = deps;
  const accounts = createAccountService(db, cache);
  const apiKeys = createApiKeyService(db);
  const tokens = createTokenService(deps.tokens);
  const refillPerSecond = LOGIN_ATTEMPTS.capacity / LOGIN_ATTEMPTS.windowSeconds;
  const perSource = createRateLimiter(cache, {
    name: 'login-source',
    capacity: LOGIN_ATTEMPTS.capacity,
    refillPerSecond,
  });
  const perEmail = createRateLimiter(cache, {
    name: 'login-email',
    capacity: LOGIN_ATTEMPTS.capacity,
    refillPerSecond,
  });

  async function spendAttempt(
    limiter: RateLimiter,
    key: string,
    email: string,
    source: string,
  ): Promise<void> {
    const taken = await limiter.take(bucketKey(key));
    if (taken.allowed) return;
    await audit.record({
      actor: 'anonymous',
      action: 'auth.login',
      target: email,
      outcome: 'denied',
      details: { reason: `too many attempts (${limiter.name})`, source },
    });
    throw new RateLimitExceededError(
      taken.retryAfterMs / 1000,
      { limit: limiter.name },
      {
        userMessage: 'Too many sign-in attempts. Please wait before trying again.',
      },
    );
  }

  return {
    accounts,
    apiKeys,
    tokens,

    async login({ email, password, source }) {
      const address = normaliseEmail(email);
      await spendAttempt(perSource, source, address, source);
      await spendAttempt(perEmail, address, address, source);

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
        await audit.record({
          actor: 'anonymous',
          action: 'auth.login',
          target: address,
          outcome: 'failure',
          details: { reason, source },
        });
        throw new AuthenticationError({ reason }, { userMessage: WRONG_CREDENTIALS });
      }

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
        return { kind: 'api-key', id: key.id, role: key.role, actor: `key:${key.id}`, label: key.name };
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
