import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { OPERATIONAL_PATHS } from '../http/operational-paths';

const tracer = trace.getTracer('@iam/platform');

const requestSpans = new WeakMap<object, Span>();

/**
 * A server span per HTTP request, from its first hook to its response
 * (authentication, validation and errors included). A caller's W3C
 * `traceparent` is continued, so a platform calling the decision API sees
 * this service inside its own trace.
 */
export function traceHttpRequests(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request) => {
    // Probes and scrapes would flood traces with nothing to learn.
    if (OPERATIONAL_PATHS.test(request.url)) return;
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split('?')[0],
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
          'iam.request_id': String(request.id),
        },
      },
      propagation.extract(ROOT_CONTEXT, request.headers),
    );
    requestSpans.set(request, span);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const span = requestSpans.get(request);
    if (!span) return;
    requestSpans.delete(request);
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    // A 4xx is the caller's mistake, not this server's failure (OpenTelemetry's HTTP rule).
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}

/** The server span of a request (the Fastify request Nest hands to interceptors), if it is traced. */
export function httpSpanOf(request: object): Span | undefined {
  return requestSpans.get(request);
}
