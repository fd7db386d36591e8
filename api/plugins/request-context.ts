// Request ids and the per-request log context: every request gets a sane id (the caller's X-Request-ID
// when it is one, a fresh UUID otherwise), and everything that runs for it logs that id.
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { runWithContext } from '../../core/logging/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The async scope holding this request's log context; see installRequestContext. */
    logScope: AsyncResource | null;
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller: short, printable, no spaces or quotes, so it is safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the caller's request id when it is sane, else a new one. */
export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** As Node's parser decides: a body follows when either header announces one. */
function mayHaveBody(headers: IncomingMessage['headers']): boolean {
  return headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined;
}

export function installRequestContext(server: FastifyInstance): void {
  server.decorateRequest('logScope', null);

  server.addHook('onRequest', (request, _reply, done) => {
    runWithContext({ requestId: request.id }, () => {
      // A request body is read from the socket's own callbacks, which run outside the context entered
      // here; what comes after the body (validation, preHandler hooks, the handler) re-enters this scope.
      // Without a body everything runs on from this call, so the scope is not needed.
      if (mayHaveBody(request.headers)) request.logScope = new AsyncResource('megaagent.request');
      done();
    });
  });

  server.addHook('preValidation', (request, _reply, done) => {
    if (request.logScope) request.logScope.runInAsyncScope(done);
    else done();
  });
}
