// The HTTP server: Fastify with the project's middleware stack (request ids and log context, security
// headers, CORS, compression, rate limits, request metrics, one error shape) and the route groups on top.
// buildServer never listens; serveApi (used by bin/) listens and ties closing into the app's shutdown.
import cors from '@fastify/cors';
import compress from '@fastify/compress';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from 'fastify';
import type { App } from '../core/app.ts';
import { installErrorHandling } from './plugins/errors.ts';
import { DEFAULT_RATE_LIMIT, installRateLimiting, type RateLimitSettings } from './plugins/rate-limit.ts';
import { REQUEST_ID_HEADER, installRequestContext, requestIdFor } from './plugins/request-context.ts';
import { installRequestMetrics } from './plugins/request-metrics.ts';
import { installRequestTracing } from './plugins/request-trace.ts';
import { installSecurityHeaders } from './plugins/security-headers.ts';
import { probeRoutes, readBuildInfo, type BotStatus } from './routes/probes.ts';
import { adminApi } from './routes/admin-api.ts';
import { installApiDocs } from './routes/admin-docs.ts';

export type { BotStatus, WebhookStatus } from './routes/probes.ts';

/** Largest request body: the admin API takes small JSON documents, never files. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ServerOptions {
  /** The bot running in this process (readiness requires it to be alive); absent or null when none runs. */
  botStatus?: () => BotStatus | null;
  /** Route groups (admin API, webhook...), each registered as its own encapsulated plugin. */
  extraRoutes?: FastifyPluginAsync[];
  rateLimit?: RateLimitSettings;
  /** Longest wait for one dependency in readiness (default 1000 ms). */
  checkTimeoutMs?: number;
}

export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { config } = app;
  // The App's metrics, which the bot in this process records into too; breaker states come from its policies.
  const metrics = config.observability.metricsEnabled ? app.metrics : null;

  // Seen as Fastify's logger interface, so the instance has Fastify's default type and route plugins
  // written against FastifyInstance fit it.
  const logger: FastifyBaseLogger = app.log;
  const server = Fastify({
    loggerInstance: logger,
    // The logger's mixin adds the request id from the log context; a per-request child logger would only
    // repeat it (and cost an allocation per request). A route's own logLevel still gets its child.
    childLoggerFactory: (logger, _bindings, childOptions) =>
      childOptions.level ? logger.child({}, childOptions) : logger,
    // One access line per request comes from request-metrics instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdFor,
    requestIdHeader: false, // read (and checked) by requestIdFor
    trustProxy: config.security.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    // A whole request must arrive within 30 s (slow-loris); idle keep-alive sockets live a little longer
    // than a load balancer's usual 60 s, so the balancer, not us, closes them. No connectionTimeout on
    // top: these two already bound every socket, and a socket timer re-armed on each read and write
    // costs measurable throughput.
    requestTimeout: 30_000,
    keepAliveTimeout: 65_000,
    // The admin routes validate with zod (api/routes/admin-api.ts); the few JSON-schema routes left
    // (webhook, probes) never coerce either: `null` is not `false`, "12" is not 12.
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
  });

  installRequestContext(server);
  installRequestTracing(server, app.tracing);
  installSecurityHeaders(server, config.app.profile);
  installRequestMetrics(server, metrics);
  installErrorHandling(server, app, BODY_LIMIT_BYTES);

  await server.register(cors, {
    origin: config.security.corsOrigins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-api-key', REQUEST_ID_HEADER],
    exposedHeaders: [
      REQUEST_ID_HEADER,
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
    maxAge: 600,
  });
  // Small answers (probes, most admin JSON) cost more to compress than to send.
  await server.register(compress, { threshold: 1024 });
  await installRateLimiting(server, app, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  await installApiDocs(server, app);

  await server.register(
    probeRoutes({
      app,
      build: readBuildInfo(config.app.version),
      metrics,
      botStatus: options.botStatus ?? (() => null),
      checkTimeoutMs: options.checkTimeoutMs ?? 1_000,
    }),
  );
  await server.register(adminApi(app), {
    prefix: config.app.apiPrefix,
  });
  for (const routes of options.extraRoutes ?? []) await server.register(routes);
  return server;
}

/**
 * Listens on config.app.host:port and ties the server into the app's shutdown: new connections stop in
 * 'stop-intake', requests in flight finish in 'drain'. Returns the bound address.
 */
export async function serveApi(app: App, server: FastifyInstance): Promise<string> {
  const address = await server.listen({ host: app.config.app.host, port: app.config.app.port });
  // Settles with the failure instead of rejecting, so nothing is left unhandled between the two phases.
  let closed: Promise<Error | null> = Promise.resolve(null);
  app.lifecycle.onShutdown('api: stop accepting requests', 'stop-intake', () => {
    closed = server.close().then(
      () => null,
      (err: unknown) =>
        err instanceof Error ? err : new Error(`closing the API server failed: ${String(err)}`),
    );
    return Promise.resolve();
  });
  app.lifecycle.onShutdown('api: finish requests in flight', 'drain', async () => {
    const failure = await closed;
    if (failure !== null) throw failure;
  });
  app.log.info({ address }, 'API listening');
  return address;
}
