// Signing in to the admin API: email and password for a short-lived token, and "who am I" for any credential.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { MAX_PASSWORD_LENGTH } from '../../core/auth/passwords.ts';
import { KEY_ROLES } from '../../core/auth/roles.ts';
import { LOGIN_LIMITS } from '../../core/auth/auth.ts';
import { callerOf, requireRole } from '../plugins/auth.ts';
import { ADMIN_SECURITY, cleanText, errorResponses } from './admin-shared.ts';

const tokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the token expires'),
  expiresAt: z.date().describe('When the token expires'),
});

const principalSchema = z.object({
  kind: z.enum(['account', 'api-key', 'open']),
  id: z.string(),
  role: z.enum(KEY_ROLES),
  lawyerId: z.string().optional(),
  actor: z.string().describe('How the audit log names you'),
  label: z.string(),
});

export function authRoutes(app: App): FastifyPluginAsync {
  return (group) => {
    // Signing in is public (its own attempt limits, in core); everything else needs any credential.
    requireRole(group, 'user');
    const scope = group.withTypeProvider<ZodTypeProvider>();
    scope.post(
      '/auth/token',
      {
        config: { public: true },
        schema: {
          summary: 'Sign in with email and password for a short-lived bearer token',
          description:
            `Failed attempts are limited in ${LOGIN_LIMITS.windowSeconds / 60} minutes: ${LOGIN_LIMITS.pair} per email ` +
            `from one address, ${LOGIN_LIMITS.address} per address, ${LOGIN_LIMITS.email} per email from every ` +
            'address (beyond that, only addresses the account signed in from before may try). Then 429 with Retry-After.',
          tags: ['auth'],
          body: z.strictObject({
            email: cleanText(3, 254),
            password: cleanText(1, MAX_PASSWORD_LENGTH),
          }),
          response: { 200: tokenSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const { token } = await app.auth.login({ email, password, source: request.ip });
        reply.header('cache-control', 'no-store');
        return {
          accessToken: token.token,
          tokenType: 'Bearer' as const,
          expiresIn: token.expiresInSeconds,
          expiresAt: token.expiresAt,
        };
      },
    );

    scope.get(
      '/auth/me',
      {
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
