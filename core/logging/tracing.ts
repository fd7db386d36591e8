// Distributed traces: which update, request or job a piece of work belonged to, and how long each step
// (core operation, database query) took inside it. Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; then
// the OpenTelemetry SDK is loaded on demand, so a deployment without a collector never pays for it.
import type { Logger } from 'pino';

export type TraceAttributes = Readonly<Record<string, string | number | boolean>>;

/** How the span relates to the outside: work received (update, request, job), a call out (a query), or neither. */
export type TraceSpanKind = 'internal' | 'server' | 'consumer' | 'client';

export interface SpanStart {
  kind?: TraceSpanKind;
  attributes?: TraceAttributes;
  /** Starts a new trace even inside another span (a job is not part of whatever started the worker). */
  root?: boolean;
  /** Makes no span outside a trace (the job queue's own polling queries would each be a trace of one). */
  onlyInTrace?: boolean;
}

/** A span started without a function to wrap (an HTTP request, whose start and end are separate hooks). */
export interface OpenSpan {
  /** Runs `work` with this span as the parent of every span it starts. */
  enter<T>(work: () => T): T;
  setAttributes(attributes: TraceAttributes): void;
  /** Ends the span; with an error it is marked failed, naming only the error's type. */
  end(error?: unknown): void;
}

/** The span `inSpan` runs its work in, for what the work learns as it goes (an HTTP call's answer). */
export interface ActiveSpan {
  setAttributes(attributes: TraceAttributes): void;
  /** Marks the span failed without an exception (an HTTP error status), naming only the failure's type. */
  fail(errorType: string): void;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Runs `work` as a span, a child of the span it runs in. */
  inSpan<T>(name: string, work: (span: ActiveSpan) => Promise<T>, start?: SpanStart): Promise<T>;
  start(name: string, start?: SpanStart): OpenSpan;
  /** Sends the spans finished so far. */
  flush(): Promise<void>;
  /** Sends what is left and stops; spans started afterwards are not sent. */
  shutdown(): Promise<void>;
}

const noSpan: OpenSpan = {
  enter: (work) => work(),
  setAttributes: () => undefined,
  end: () => undefined,
};

/** The active span when none is recorded (tracing off, or work outside any trace). */
export const noActiveSpan: ActiveSpan = {
  setAttributes: () => undefined,
  fail: () => undefined,
};

/** Tracing switched off: every call runs the work directly. */
export const noTracing: Tracing = {
  enabled: false,
  inSpan: (_name, work) => work(noActiveSpan),
  start: () => noSpan,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

export interface TracingConfig {
  endpoint: string;
  serviceName: string;
  serviceVersion: string;
}

/** The tracing the configuration asks for: none without an endpoint (and then no OpenTelemetry module is loaded). */
export async function openTracing(config: TracingConfig | null, log: Logger): Promise<Tracing> {
  if (!config) return noTracing;
  const { openOtelTracing } = await import('./otel-tracing.ts');
  return openOtelTracing(config, log);
}

/** What an error may tell a trace: its type or code, never its message (which can carry a lawyer's data). */
export function errorTypeOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number'
      ? `${error.name} ${String(code)}`
      : error.name;
  }
  return typeof error;
}
