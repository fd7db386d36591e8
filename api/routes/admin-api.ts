// The admin API and the lawyer API under config.app.apiPrefix: sign-in and every route group, behind one
// authentication scope. A route group is one file; adding one is one line in the list below. Its routes
// are typed from zod schemas (fastify-type-provider-zod), which parse and never coerce.
import type { FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { App } from '../../core/app.ts';
import { installAuthentication } from '../plugins/auth.ts';
import { adminApiKeyRoutes } from './admin-api-keys.ts';
import { adminAuditRoutes } from './admin-audit.ts';
import { adminBroadcastRoutes } from './admin-broadcast.ts';
import { adminErrorRoutes } from './admin-errors.ts';
import { adminFlagRoutes } from './admin-flags.ts';
import { adminJobRoutes } from './admin-jobs.ts';
import { adminStatsRoutes } from './admin-stats.ts';
import { adminUserRoutes } from './admin-users.ts';
import { authRoutes } from './auth.ts';
import { lawyerCaseRoutes } from './lawyer-cases.ts';

export function adminApi(app: App): FastifyPluginAsync {
  return async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);
    installAuthentication(scope, app);
    const groups = [
      authRoutes(app),
      adminUserRoutes(app),
      adminApiKeyRoutes(app),
      adminAuditRoutes(app),
      adminErrorRoutes(app),
      adminFlagRoutes(app),
      adminStatsRoutes(app),
      adminBroadcastRoutes(app),
      adminJobRoutes(app),
      lawyerCaseRoutes(app),
    ];
    for (const group of groups) await scope.register(group);
  };
}
