import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { ServiceEnvironment } from '../config/service-config';

// The SDK packages are loaded only when tracing starts: a process with
// tracing off never loads them (about 100 ms and their memory saved), and
// its spans are @opentelemetry/api's no-ops.

/** The tracing SDK of this process, once started. */
export interface Tracing {
  /** Exports what is still buffered and stops. */
  shutdown(): Promise<void>;
}

let started: Tracing | undefined;

/**
 * Starts the OpenTelemetry SDK for the whole process: spans of every
 * library's tracer go to `exporter`, context follows async calls, and W3C
 * trace context (`traceparent`, `tracestate`, no baggage) is what the
 * propagation helpers read and write. Until this runs, @opentelemetry/api
 * hands out no-op spans: tracing off costs next to nothing.
 * `immediate` exports each span as it ends (tests); the default batches.
 */
export async function startTracing(options: {
  serviceName: string;
  exporter: SpanExporter;
  exportEach?: 'batched' | 'immediate';
}): Promise<Tracing> {
  const [{ W3CTraceContextPropagator }, { resourceFromAttributes }, sdk, { ATTR_SERVICE_NAME }] =
    await Promise.all([
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  const { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor } = sdk;
  if (started) throw new Error('tracing is already started in this process');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: [
      options.exportEach === 'immediate'
        ? new SimpleSpanProcessor(options.exporter)
        : new BatchSpanProcessor(options.exporter),
    ],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracing: Tracing = {
    shutdown: async () => {
      if (started !== tracing) return;
      started = undefined;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  started = tracing;
  return tracing;
}

/**
 * Where spans are exported, by the standard OpenTelemetry settings; undefined
 * (tracing off) unless an endpoint is set or OTEL_TRACES_EXPORTER is `otlp`.
 */
export function otlpTracesUrl(
  config: Pick<
    ServiceEnvironment,
    'OTEL_TRACES_EXPORTER' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
  >,
): string | undefined {
  if (config.OTEL_TRACES_EXPORTER === 'none') return undefined;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  }
  // The specification's default collector address.
  if (config.OTEL_TRACES_EXPORTER === 'otlp') return 'http://localhost:4318/v1/traces';
  return undefined;
}

/**
 * Starts OTLP/HTTP export when the configuration asks for it. Several
 * services booted in one process (tests) share the first one's SDK.
 */
export async function startConfiguredTracing(
  config: ServiceEnvironment,
  serviceName: string,
  logger: Logger,
): Promise<Tracing | undefined> {
  const url = otlpTracesUrl(config);
  if (url === undefined || started) return undefined;
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  // Headers (OTEL_EXPORTER_OTLP_HEADERS), timeout and compression come from the environment, as the exporter reads them.
  const tracing = await startTracing({ serviceName, exporter: new OTLPTraceExporter({ url }) });
  // The origin only: a URL may carry credentials.
  logger.info({ collector: new URL(url).origin }, 'tracing: spans are exported by OTLP');
  return tracing;
}
