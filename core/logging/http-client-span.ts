// An outgoing HTTP call (the Bot API, an LLM provider) as a CLIENT span of the update, request or job that
// made it, with OpenTelemetry's HTTP client attributes. The URL is never recorded whole: only its host,
// port and scheme, and a template of its path whose secret or variable parts are named, not filled in
// (`/bot{token}/sendMessage`). Calls made outside any trace (the bot's long polling) make no span.
import type { TraceAttributes, Tracing } from './tracing.ts';

export interface HttpCallTarget {
  method: string;
  /** Where the call goes: only its scheme, host and port are kept. */
  url: URL;
  /** The path with every secret or variable part named instead of filled in. */
  template: string;
  /** What else says what the call is for (the LLM provider and model). */
  attributes?: TraceAttributes;
}

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/** The attributes a call is known by before it is sent. */
export function httpCallAttributes(target: HttpCallTarget): TraceAttributes {
  const method = target.method.toUpperCase();
  const port = target.url.port === '' ? DEFAULT_PORTS[target.url.protocol] : Number(target.url.port);
  return {
    'http.request.method': KNOWN_METHODS.has(method) ? method : '_OTHER',
    'server.address': target.url.hostname,
    ...(port !== undefined && { 'server.port': port }),
    'url.scheme': target.url.protocol.replace(/:$/, ''),
    'url.template': target.template,
    ...target.attributes,
  };
}

/**
 * Makes the call inside a CLIENT span named `POST /v1/responses` (method and template). The answer's status
 * is recorded; 4xx and 5xx mark the span failed with the status as its error type, and a call that never
 * got an answer (refused, aborted) with the error's type.
 */
export function traceHttpCall<R extends { status: number }>(
  tracing: Tracing,
  target: HttpCallTarget,
  call: () => Promise<R>,
): Promise<R> {
  if (!tracing.enabled) return call();
  const attributes = httpCallAttributes(target);
  return tracing.inSpan(
    `${String(attributes['http.request.method'])} ${target.template}`,
    async (span) => {
      const response = await call();
      span.setAttributes({ 'http.response.status_code': response.status });
      if (response.status >= 400) span.fail(String(response.status));
      return response;
    },
    { kind: 'client', attributes, onlyInTrace: true },
  );
}
