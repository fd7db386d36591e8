// One trace span per HTTP request, from its first hook to the response: the core operations and database
// queries the handler runs become its children. It names the method, the route's pattern (never the raw
// URL, whose ids and query belong to someone) and the status.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OpenSpan, Tracing } from '../../core/logging/tracing.ts';

const spans = new WeakMap<FastifyRequest, OpenSpan>();

/** The route label of requests no route matched (404s), as in the request metrics. */
const UNMATCHED_ROUTE = 'unmatched';

export function installRequestTracing(server: FastifyInstance, tracing: Tracing): void {
  if (!tracing.enabled) return;
  server.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const span = tracing.start(`${request.method} ${route}`, {
      kind: 'server',
      // A request is where a trace begins, whatever context the socket's callbacks carried.
      root: true,
      attributes: { 'http.request.method': request.method, 'http.route': route },
    });
    spans.set(request, span);
    // The rest of the request (hooks, body, handler) runs inside the span, as the log context does.
    span.enter(() => done());
  });
  server.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttributes({ 'http.response.status_code': reply.statusCode });
      span.end(reply.statusCode >= 500 ? new ServerErrorAnswered(reply.statusCode) : undefined);
      spans.delete(request);
    }
    done();
  });
  server.addHook('onRequestAbort', (request, done) => {
    spans.get(request)?.end(new ClientGoneAway());
    spans.delete(request);
    done();
  });
}

/** The error handler answered; the span still shows the request failed on our side. */
class ServerErrorAnswered extends Error {
  override name = 'ServerError';
  readonly code: number;
  constructor(code: number) {
    super(`answered ${String(code)}`);
    this.code = code;
  }
}

class ClientGoneAway extends Error {
  override name = 'RequestAborted';
}
