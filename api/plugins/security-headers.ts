// Security headers on every response, from objects computed once at start. One onSend hook does it:
// @fastify/helmet computes them per request and halves the throughput of a small route.
import type { FastifyInstance } from 'fastify';
import type { Profile } from '../../core/config/config.ts';
import { REQUEST_ID_HEADER } from './request-context.ts';

/** Where interactive API docs are served: their HTML, scripts and styles need a looser policy. */
export const DOCS_PREFIX = '/docs';

export interface SecurityHeaderSets {
  /** For JSON responses: nothing may be loaded, framed or sniffed. */
  api: Readonly<Record<string, string>>;
  /** For the docs pages: own scripts, styles and images only. */
  docs: Readonly<Record<string, string>>;
}

export function securityHeaders(profile: Profile): SecurityHeaderSets {
  // What matters for a JSON API; headers that only steer features of HTML documents (opener isolation,
  // DNS prefetch, permissions) go on the docs pages alone instead of costing time on every reply.
  const common: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  };
  // On a developer's machine the API is plain http on localhost; HSTS there would pin localhost to https.
  if (profile !== 'development') common['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return {
    api: {
      ...common,
      'content-security-policy':
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      // Probe results, metrics and admin data are always read fresh and never kept by a proxy.
      'cache-control': 'no-store',
    },
    docs: {
      ...common,
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    },
  };
}

/** Adds the headers, and echoes the request id, on every reply (errors and 404s included). */
export function installSecurityHeaders(server: FastifyInstance, profile: Profile): void {
  const sets = securityHeaders(profile);
  server.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(isDocsUrl(request.url) ? sets.docs : sets.api);
    reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
}

function isDocsUrl(url: string): boolean {
  if (!url.startsWith(DOCS_PREFIX)) return false;
  const next = url.charAt(DOCS_PREFIX.length);
  return next === '' || next === '/' || next === '?';
}
