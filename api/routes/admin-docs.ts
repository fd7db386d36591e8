// Interactive API documentation at /docs (OpenAPI built from the routes' own JSON schemas), only when
// API_DOCS_ENABLED and never in production. Registered before any route so every route is described.
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { $ZodType } from 'zod/v4/core';
import type { App } from '../../core/app.ts';
import { DOCS_PREFIX } from '../plugins/security-headers.ts';

/** True when this process serves /docs. */
function apiDocsEnabled(app: App): boolean {
  return app.config.app.apiDocs && app.config.app.profile !== 'production';
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** Admin routes describe themselves in zod, the probes and the webhook in JSON schema: each is turned as it is. */
function describeRoute(document: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const { schema } = document;
  const parts: unknown[] = schema ? [schema.body, schema.querystring, schema.params, schema.headers] : [];
  const response: unknown = schema?.response;
  if (response && typeof response === 'object') parts.push(...(Object.values(response) as unknown[]));
  if (parts.some((part) => part instanceof $ZodType)) return jsonSchemaTransform(document);
  return { schema: schema ?? {}, url: document.url };
}

export async function installApiDocs(server: FastifyInstance, app: App): Promise<void> {
  if (!apiDocsEnabled(app)) return;
  // Loaded only where /docs is served: production never loads the OpenAPI generator or the UI's files.
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  await server.register(swagger, {
    transform: describeRoute,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MegaAgent Pro admin API',
        version: app.config.app.version,
        description:
          `Sign in with POST ${app.config.app.apiPrefix}/auth/token, then send "Authorization: Bearer <token>"; ` +
          'services send an API key as "Authorization: Bearer mga_..." or "X-API-Key". Errors share one shape.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A token from /auth/token, or an mga_ API key',
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
  });
  await server.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
