// Short-lived access tokens for signed-in accounts: JWTs signed with HS256 (jose), checked strictly on the
// way back in (only HS256, our issuer and audience, an expiry and a subject are required).
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { ConfigurationError, ExpiredTokenError, InvalidTokenError } from '../errors.ts';
import { isAuthRole, type AuthRole } from './roles.ts';

export interface TokenSettings {
  /** The HS256 key; at least 32 bytes. */
  secret: Uint8Array;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  expiresInSeconds: number;
}

/** What a valid token says: whose it is and the role it was issued for. */
export interface TokenClaims {
  accountId: string;
  role: AuthRole;
  expiresAt: Date;
}

export interface TokenService {
  issue(account: { id: string; role: AuthRole }): Promise<IssuedToken>;
  /** The claims of a valid token; ExpiredTokenError or InvalidTokenError otherwise. */
  verify(token: string): Promise<TokenClaims>;
}

const ALGORITHM = 'HS256';
/** Replicas' clocks differ a little; a token must not bounce between valid and expired because of it. */
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * Verifying a signature costs more than the rest of an admin GET together (WebCrypto HMAC, ~50 µs of
 * CPU), and one client sends the same token for its whole life. Verified tokens are remembered until
 * they expire; the account is still checked on every request.
 */
const VERIFIED_TOKENS_KEPT = 1_000;

export function createTokenService(settings: TokenSettings): TokenService {
  const { secret, issuer, audience, ttlSeconds } = settings;
  if (secret.byteLength < 32) throw new RangeError('the JWT signing key must be at least 32 bytes');

  const verified = new Map<string, TokenClaims>();

  function remember(token: string, claims: TokenClaims): void {
    if (verified.size >= VERIFIED_TOKENS_KEPT) {
      // Oldest first (a Map iterates in insertion order): a bounded memory, whatever callers send.
      const oldest = verified.keys().next();
      if (!oldest.done) verified.delete(oldest.value);
    }
    verified.set(token, claims);
  }

  return {
    async issue(account) {
      const issuedAt = Math.floor(Date.now() / 1000);
      const expiresAt = issuedAt + ttlSeconds;
      const token = await new SignJWT({ role: account.role })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(account.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomUUID())
        .sign(secret);
      return { token, expiresAt: new Date(expiresAt * 1000), expiresInSeconds: ttlSeconds };
    },

    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000 > Date.now()) return known;
        verified.delete(token);
        throw new ExpiredTokenError({ reason: 'expired while remembered' });
      }
      let payload;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: [ALGORITHM],
          issuer,
          audience,
          requiredClaims: ['exp', 'sub', 'iat'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw new ExpiredTokenError({}, { cause: err });
        const reason = err instanceof errors.JOSEError ? err.code : 'unreadable';
        throw new InvalidTokenError({ reason }, { cause: err });
      }
      const { sub, role, exp } = payload;
      if (typeof sub !== 'string' || sub === '' || !isAuthRole(role) || typeof exp !== 'number') {
        throw new InvalidTokenError({ reason: 'claims' });
      }
      const claims = { accountId: sub, role, expiresAt: new Date(exp * 1000) };
      remember(token, claims);
      return claims;
    },
  };
}

/**
 * The signing key from SECURITY_JWT_SECRET_KEY. Outside production, when none is set, a random key for
 * this process (with a warning: tokens then die with the process and are not accepted by other replicas).
 * Production refuses to start without one (config), and this refuses too in case it is ever called without.
 */
export function tokenSettingsFrom(config: Config, log: Logger): TokenSettings {
  const { security, app } = config;
  let secret: Uint8Array;
  if (security.jwtSecretKey) {
    secret = new TextEncoder().encode(security.jwtSecretKey.reveal());
  } else if (app.profile === 'production') {
    throw new ConfigurationError({}, { message: 'SECURITY_JWT_SECRET_KEY is required in production' });
  } else {
    secret = randomBytes(32);
    log.warn(
      'SECURITY_JWT_SECRET_KEY is not set: admin API tokens are signed with a random key of this process, ' +
        'so they stop working when it restarts and other replicas refuse them. Set it to 32+ random bytes.',
    );
  }
  return {
    secret,
    issuer: security.jwtIssuer,
    audience: security.jwtAudience,
    ttlSeconds: security.jwtTtlSeconds,
  };
}
