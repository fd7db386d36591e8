// Signing in to the admin API: email and password for a short-lived token, and "who am I" for any credential.
import type { FastifyPluginAsync } from 'fastify';
import type { App } from '../../core/app.ts';
import { MAX_PASSWORD_LENGTH } from '../../core/auth/passwords.ts';
import { AUTH_ROLES } from '../../core/auth/roles.ts';
import { LOGIN_ATTEMPTS } from '../../core/auth/auth.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, errorResponses } from './admin-shared.ts';

const tokenSchema = {
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'expiresAt'],
  additionalProperties: false,
  properties: {
    accessToken: { type: 'string' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer', description: 'Seconds until the token expires' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

const principalSchema = {
  type: 'object',
  required: ['kind', 'id', 'role', 'actor', 'label'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['account', 'api-key', 'open'] },
    id: { type: 'string' },
    role: { type: 'string', enum: AUTH_ROLES },
    actor: { type: 'string', description: 'How the audit log names you' },
    label: { type: 'string' },
  },
} as const;

export function authRoutes(app: App): FastifyPluginAsync {
  return (scope) => {
    scope.post<{ Body: { email: string; password: string } }>(
      '/auth/token',
      {
        config: { public: true },
        schema: {
          summary: 'Sign in with email and password for a short-lived bearer token',
          description: `At most ${LOGIN_ATTEMPTS.capacity} attempts per email and per client address in ${LOGIN_ATTEMPTS.windowSeconds / 60} minutes (then 429 with Retry-After).`,
          tags: ['auth'],
          body: {
            type: 'object',
            required: ['email', 'password'],
            additionalProperties: false,
            properties: {
              email: { type: 'string', minLength: 3, maxLength: 254 },
              password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
            },
          },
          response: { 200: tokenSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const { token } = await app.auth.login({ email, password, source: request.ip });
        reply.header('cache-control', 'no-store');
        return {
          accessToken: token.token,
          tokenType: 'Bearer',
          expiresIn: token.expiresInSeconds,
          expiresAt: token.expiresAt,
        };
      },
    );

    scope.get(
      '/auth/me',
      {
        preHandler: requireRole('user'),
        schema: {
          summary: 'Who the credential belongs to and its role',
          tags: ['auth'],
          security: ADMIN_SECURITY,
          response: { 200: principalSchema, ...errorResponses },
        },
      },
      (request) => Promise.resolve(callerOf(request)),
    );
    return Promise.resolve();
  };
}
