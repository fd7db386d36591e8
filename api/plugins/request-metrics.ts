// Per-request bookkeeping after the response is sent: the duration histogram (by route template, never
// the raw URL, so ids in paths do not explode the label set) and one access-log line.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../core/metrics.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false for routes polled every few seconds (probes): they would drown the access log. */
    accessLog?: boolean;
  }
}

/** The route label of requests no route matched (404s): one value, whatever the URL was. */
const UNMATCHED_ROUTE = 'unmatched';

export function installRequestMetrics(server: FastifyInstance, metrics: Metrics | null): void {
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const seconds = reply.elapsedTime / 1000;
    metrics?.observeHttpRequest(request.method, route, reply.statusCode, seconds);
    if (request.routeOptions.config.accessLog !== false) {
      // onResponse runs from the socket's callbacks, outside the request's log context: name the id here.
      request.log.info(
        {
          requestId: request.id,
          method: request.method,
          route,
          statusCode: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request done',
      );
    }
    done();
  });
}
