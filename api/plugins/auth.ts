// Authentication of admin API requests: every request of a scope carries a JWT (`Authorization: Bearer`)
// or an API key (`Authorization: Bearer mga_...` or `X-API-Key`), and each route names the role it needs
// with `requireRole`. Outside production, FEATURE_ENABLE_API_AUTH=false opens the routes (with a warning).
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { App } from '../../core/app.ts';
import { OPEN_ACCESS, roleAllows, type AuthRole, type Principal } from '../../core/auth/roles.ts';
import { AuthenticationError, InvalidTokenError, PermissionDeniedError } from '../../core/errors.ts';
import { runWithContext } from '../../core/logging/context.ts';

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
export function credentialOf(request: FastifyRequest): string | null {
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
export function authenticationEnforced(app: App): boolean {
  return app.config.app.profile === 'production' || app.flags.isEnabled('enableApiAuth');
}

/**
 * Authenticates every request of `scope` (before the body is read, so an unauthenticated caller cannot
 * make us parse a megabyte) and audits every refusal (403) of a signed-in caller.
 */
export function installAuthentication(scope: FastifyInstance, app: App): void {
  if (!authenticationEnforced(app)) {
    app.log.warn(
      'API authentication is OFF (FEATURE_ENABLE_API_AUTH=false): anyone who can reach the API acts as an admin. ' +
        'Production refuses this setting.',
    );
  }
  scope.decorateRequest('principal', null);

  scope.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true) return;
    try {
      const credential = credentialOf(request);
      if (credential === null) {
        request.principal = authenticationEnforced(app) ? null : OPEN_ACCESS;
        return;
      }
      const principal = await app.auth.authenticate(credential);
      request.principal = principal;
      // The caller's own request quota, whichever address they call from.
      request.rateLimitKey = `${principal.kind}:${principal.id}`;
    } catch (err) {
      if (err instanceof AuthenticationError) challenge(reply);
      throw err;
    }
  });

  // Before the answer leaves (onSend, not onResponse), so the row exists by the time the caller sees the 403.
  scope.addHook('onSend', async (request, reply, payload) => {
    const { principal } = request;
    if (reply.statusCode !== 403 || !principal) return payload;
    await runWithContext({ requestId: request.id }, () =>
      app.audit.record({
        actor: principal.actor,
        action: 'access.denied',
        target: `${request.method} ${request.routeOptions.url ?? request.url}`,
        outcome: 'denied',
        details: { role: principal.role },
      }),
    );
    return payload;
  });
}

/** A preHandler that lets the request through only for a caller holding `role` (or a higher one). */
export function requireRole(role: AuthRole): preHandlerAsyncHookHandler {
  return (request, reply) => {
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
  };
}

/** The authenticated caller; only for handlers behind `requireRole`. */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthenticationError({}, { userMessage: HOW_TO_SIGN_IN });
  return request.principal;
}
