// Authentication of admin API requests: every request of a scope carries a JWT (`Authorization: Bearer`)
// or an API key (`Authorization: Bearer mga_...` or `X-API-Key`), and each route group names the role it
// needs once with `requireRole`. Outside production, FEATURE_ENABLE_API_AUTH=false opens the routes (with a warning).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../core/app.ts';
import { OPEN_ACCESS, roleAllows, type AuthRole, type Principal } from '../../core/auth/roles.ts';
import { AuthenticationError, InvalidTokenError, PermissionDeniedError } from '../../core/errors.ts';
import { runWithContext } from '../../core/logging/context.ts';
import { createRateLimiter } from '../../core/resilience/rate-limiter.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, once authentication ran; null when no credential was sent. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The route needs no credential (signing in). */
    public?: boolean;
  }
}

const HOW_TO_SIGN_IN =
  'Sign in first: send "Authorization: Bearer <token>" (a token from POST /auth/token) or "X-API-Key: <key>".';

/** The one credential the request carries, or null; refuses malformed headers and two different credentials. */
function credentialOf(request: FastifyRequest): string | null {
  const { authorization } = request.headers;
  const apiKeyHeader = request.headers['x-api-key'];
  let bearer: string | null = null;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (!match?.[1]) {
      throw new InvalidTokenError({ reason: 'authorization scheme' }, { userMessage: HOW_TO_SIGN_IN });
    }
    bearer = match[1];
  }
  if (apiKeyHeader === undefined) return bearer;
  if (typeof apiKeyHeader !== 'string' || apiKeyHeader.trim() === '') {
    throw new InvalidTokenError(
      { reason: 'x-api-key header' },
      { userMessage: 'Send exactly one X-API-Key header.' },
    );
  }
  const apiKey = apiKeyHeader.trim();
  if (bearer !== null && bearer !== apiKey) {
    throw new InvalidTokenError(
      { reason: 'two credentials' },
      { userMessage: 'Send one credential: either Authorization or X-API-Key, not both.' },
    );
  }
  return apiKey;
}

function challenge(reply: FastifyReply): void {
  reply.header('www-authenticate', 'Bearer realm="megaagent-admin"');
}

/** True when requests must authenticate: always in production, elsewhere unless the flag turns it off. */
function authenticationEnforced(app: App): boolean {
  return app.config.app.profile === 'production' || app.flags.isEnabled('enableApiAuth');
}

/** Refusals (403) of one caller written to the audit log: a burst of 10, then one every 6 seconds. */
export const DENIED_AUDIT_RATE = { capacity: 10, refillPerSecond: 10 / 60 } as const;

/**
 * Authenticates every request of `scope` and counts it against the API rate limit, both in onRequest:
 * before the body is read, so a caller without a credential cannot make us parse a megabyte, and before
 * any refusal, so storms of 401, 403 and 400 spend the caller's quota like any other request. A failed
 * credential is counted against the client address, then refused. Refusals (403) of a signed-in caller
 * are audited at a bounded rate per caller.
 */
export function installAuthentication(scope: FastifyInstance, app: App): void {
  if (!authenticationEnforced(app)) {
    app.log.warn(
      'API authentication is OFF (FEATURE_ENABLE_API_AUTH=false): anyone who can reach the API acts as an admin. ' +
        'Production refuses this setting.',
    );
  }
  scope.decorateRequest('principal', null);
  // The server's one limiter (same store, same quota); marking the request spares it a second count.
  const countRequest = scope.rateLimit();
  const deniedAudits = createRateLimiter(app.cache, { name: 'audit-access-denied', ...DENIED_AUDIT_RATE });

  scope.addHook('onRequest', async (request, reply) => {
    let refusal: AuthenticationError | null = null;
    if (request.routeOptions.config.public !== true) {
      try {
        const credential = credentialOf(request);
        if (credential === null) {
          request.principal = authenticationEnforced(app) ? null : OPEN_ACCESS;
        } else {
          const principal = await app.auth.authenticate(credential);
          request.principal = principal;
          // The caller's own request quota, whichever address they call from.
          request.rateLimitKey = `${principal.kind}:${principal.id}`;
        }
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        challenge(reply);
        refusal = err;
      }
    }
    await countRequest.call(scope, request, reply);
    if (refusal !== null) throw refusal;
  });

  // Before the answer leaves (onSend, not onResponse), so the row exists by the time the caller sees the 403.
  scope.addHook('onSend', async (request, reply, payload) => {
    const { principal } = request;
    if (reply.statusCode !== 403 || !principal) return payload;
    const target = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const allowed = await deniedAudits.take(principal.actor);
    if (!allowed.allowed) {
      // A caller hammering a route above their role: the first refusals are on record, the rest only logged.
      request.log.warn(
        { actor: principal.actor, target },
        'access denied (audit rate reached; not recorded)',
      );
      return payload;
    }
    await runWithContext({ requestId: request.id }, () =>
      app.audit.record({
        actor: principal.actor,
        action: 'access.denied',
        target,
        outcome: 'denied',
        details: { role: principal.role },
      }),
    );
    return payload;
  });
}

/**
 * Lets the requests of a route group through only for a caller holding `role` (or a higher one): one
 * onRequest hook for the whole group, after authentication and the rate limit, before the body is read.
 * Routes marked `public` (signing in) need no credential.
 */
export function requireRole(group: FastifyInstance, role: AuthRole): void {
  group.addHook('onRequest', (request, reply) => {
    if (request.routeOptions.config.public === true) return Promise.resolve();
    const { principal } = request;
    if (!principal) {
      challenge(reply);
      return Promise.reject(new AuthenticationError({ needed: role }, { userMessage: HOW_TO_SIGN_IN }));
    }
    if (!roleAllows(principal.role, role)) {
      return Promise.reject(
        new PermissionDeniedError(
          { needed: role, held: principal.role, actor: principal.actor },
          { userMessage: `This needs the ${role} role; your credential has the ${principal.role} role.` },
        ),
      );
    }
    return Promise.resolve();
  });
}

/** The authenticated caller; only for handlers of a group behind `requireRole`. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthenticationError({}, { userMessage: HOW_TO_SIGN_IN });
  return request.principal;
}
