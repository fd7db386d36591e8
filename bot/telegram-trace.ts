// Each HTTP call to the Bot API as a CLIENT span of the update or job that made it (`POST
// /bot{token}/sendMessage`), conversations included: it wraps the HTTP function under every Api object, as
// the metrics do, so each attempt of a call sent again is its own span. The token never reaches a span.
import nodeFetch, { type RequestInfo, type RequestInit, type Response } from 'node-fetch';
import { traceHttpCall } from '../core/logging/http-client-span.ts';
import type { Tracing } from '../core/logging/tracing.ts';

type Fetch = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

const defaultFetch: Fetch = (url, init) => nodeFetch.default(url, init);

/**
 * The path of a Bot API URL with the token named, not written: `/bot{token}/sendMessage`, and for a file
 * download `/file/bot{token}/{file_path}`. A prefix of the API root (a local Bot API server behind a
 * path) is kept.
 */
export function telegramUrlTemplate(pathname: string): string {
  const file = /^(.*)\/file\/bot[^/]*\/.*$/.exec(pathname);
  if (file) return `${file[1] ?? ''}/file/bot{token}/{file_path}`;
  const call = /^(.*)\/bot[^/]*(\/[^/]*)?$/.exec(pathname);
  if (call) return `${call[1] ?? ''}/bot{token}${call[2] ?? ''}`;
  // Not a Bot API path at all: nothing of it is kept.
  return '/{path}';
}

/** `inner` with a span per call when tracing is on; `inner` itself when it is off. */
export function fetchTracingCalls(tracing: Tracing, inner: Fetch = defaultFetch): Fetch {
  if (!tracing.enabled) return inner;
  return (url, init) => {
    const href = typeof url === 'string' ? url : 'href' in url ? url.href : url.url;
    const parsed = new URL(href);
    return traceHttpCall(
      tracing,
      {
        method: init?.method ?? (typeof url === 'object' && 'method' in url ? url.method : 'GET'),
        url: parsed,
        template: telegramUrlTemplate(parsed.pathname),
      },
      () => inner(url, init),
    );
  };
}
