// Request ids and the per-request log context: every request gets a sane id (the caller's X-Request-ID
// when it is one, a fresh UUID otherwise), and everything that runs for it logs that id.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { runWithContext } from '../../core/logging/context.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What we accept from a caller: short, printable, no spaces or quotes, so it is safe in logs and headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the caller's request id when it is sane, else a new one. */
export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Runs the rest of each request (later hooks, body parsing, validation, the handler) inside a log context
 * naming its id. Entered from the first onRequest hook, the context follows the request through reading
 * its body too (Node 24 carries it across the socket callbacks; a unit test over a real socket keeps
 * watch on that).
 */
export function installRequestContext(server: FastifyInstance): void {
  server.addHook('onRequest', (request, _reply, done) => {
    runWithContext({ requestId: request.id }, () => done());
  });
}
