// Tracing over the OpenTelemetry SDK, loaded only when a collector is configured (see tracing.ts). Nothing
// is registered globally: the provider and the context (AsyncLocalStorage) belong to this App, so two
// Apps in one process keep their traces apart and the rest of the code never touches the SDK.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import {
  errorTypeOf,
  noActiveSpan,
  type ActiveSpan,
  type OpenSpan,
  type SpanStart,
  type TraceSpanKind,
  type Tracing,
  type TracingConfig,
} from './tracing.ts';

const SPAN_KINDS: Record<TraceSpanKind, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  consumer: SpanKind.CONSUMER,
  client: SpanKind.CLIENT,
};

type ExportCallback = Parameters<SpanExporter['export']>[1];
/** ExportResultCode.SUCCESS of @opentelemetry/core. */
const EXPORT_SUCCEEDED = 0;

/**
 * The exporter, telling the log when the collector stops taking spans and when it takes them again (once
 * each, not once per batch): without it lost traces would go unnoticed.
 */
function reportingExporter(
  exporter: SpanExporter,
  endpoint: string,
  log: Logger,
  onTaken: (spans: number) => void,
): SpanExporter & { readonly failing: boolean } {
  let failing = false;
  return {
    get failing() {
      return failing;
    },
    export(spans: ReadableSpan[], done: ExportCallback) {
      onTaken(spans.length);
      exporter.export(spans, (result) => {
        const failed = (result.code as number) !== EXPORT_SUCCEEDED;
        if (failed && !failing)
          log.warn({ err: result.error, endpoint, spans: spans.length }, 'the trace collector refused spans');
        else if (!failed && failing) log.info({ endpoint }, 'the trace collector takes spans again');
        failing = failed;
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** Spans waiting for the exporter at most; more are dropped (memory stays bounded when the collector lags). */
export const MAX_QUEUED_SPANS = 2048;

/**
 * The batch processor, with its drops told to the log: the first span dropped when the queue is full, and
 * how many were dropped once spans fit again (or at shutdown). The count mirrors the batch's own queue:
 * spans handed to it minus spans it handed to the exporter.
 */
function visiblyBounded(batch: SpanProcessor, log: Logger): SpanProcessor & { taken(spans: number): void } {
  let queued = 0;
  let dropped = 0;
  const reportDropped = (): void => {
    if (dropped === 0) return;
    log.warn({ dropped }, 'trace spans were dropped while the queue to the collector was full');
    dropped = 0;
  };
  return {
    taken: (spans) => {
      queued = Math.max(0, queued - spans);
    },
    onStart: (span, parent) => batch.onStart(span, parent),
    onEnd(span) {
      if (queued >= MAX_QUEUED_SPANS) {
        if (dropped === 0)
          log.warn(
            { queued },
            'the queue of trace spans is full (the collector is slower than the work); dropping spans',
          );
        dropped++;
        return;
      }
      reportDropped();
      queued++;
      batch.onEnd(span);
    },
    forceFlush: () => batch.forceFlush(),
    async shutdown() {
      reportDropped();
      await batch.shutdown();
    },
  };
}

/** OTEL_EXPORTER_OTLP_ENDPOINT is the collector's root; traces go to its /v1/traces, as every SDK does. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

export function openOtelTracing(config: TracingConfig, log: Logger): Tracing {
  const url = tracesUrl(config.endpoint);
  // A collector that is down must not hold a shutdown for long: each export gives up after a few seconds.
  const exporter = reportingExporter(
    new OTLPTraceExporter({ url, timeoutMillis: 5_000 }),
    url,
    log,
    (spans) => processor.taken(spans),
  );
  const processor = visiblyBounded(new BatchSpanProcessor({ exporter, maxQueueSize: MAX_QUEUED_SPANS }), log);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.serviceName,
      [ATTR_SERVICE_VERSION]: config.serviceVersion,
    }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('megaagent', config.serviceVersion);
  const contexts = new AsyncLocalStorageContextManager();
  contexts.enable();
  log.info({ endpoint: url, serviceName: config.serviceName }, 'sending traces');

  // Traces are lost, the work they describe is not: a flush that could not send is logged (once, if the
  // exporter has not just said so) rather than failing the shutdown or the caller.
  function unsent(err: unknown): void {
    if (!exporter.failing) log.warn({ err, endpoint: url }, 'the trace collector refused spans');
  }

  function parentOf(start: SpanStart): Context | null {
    if (start.root) return ROOT_CONTEXT;
    const active = contexts.active();
    if (start.onlyInTrace && !trace.getSpan(active)) return null;
    return active;
  }

  function open(name: string, start: SpanStart, parent: Context): { span: Span; context: Context } {
    const span = tracer.startSpan(
      name,
      {
        kind: SPAN_KINDS[start.kind ?? 'internal'],
        ...(start.attributes && { attributes: start.attributes }),
      },
      parent,
    );
    return { span, context: trace.setSpan(parent, span) };
  }

  function markFailed(span: Span, type: string): void {
    span.setAttribute('error.type', type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }

  function finish(span: Span, error?: unknown): void {
    if (error !== undefined) markFailed(span, errorTypeOf(error));
    span.end();
  }

  return {
    enabled: true,

    async inSpan(name, work, start = {}) {
      const parent = parentOf(start);
      if (!parent) return work(noActiveSpan);
      const { span, context } = open(name, start, parent);
      const active: ActiveSpan = {
        setAttributes: (attributes) => span.setAttributes(attributes),
        fail: (type) => markFailed(span, type),
      };
      try {
        const result = await contexts.with(context, () => work(active));
        finish(span);
        return result;
      } catch (err) {
        finish(span, err);
        throw err;
      }
    },

    start(name, start = {}): OpenSpan {
      const parent = parentOf(start) ?? ROOT_CONTEXT;
      const { span, context } = open(name, start, parent);
      return {
        enter: (work) => contexts.with(context, work),
        setAttributes: (attributes) => span.setAttributes(attributes),
        end: (error) => finish(span, error),
      };
    },

    flush: () => provider.forceFlush().catch(unsent),

    async shutdown() {
      await provider.shutdown().catch(unsent);
      contexts.disable();
    },
  };
}
