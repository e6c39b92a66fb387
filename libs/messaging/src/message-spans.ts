import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { DeliveryOutcome } from './deliver-with-retry';
import type { OutboundMessage } from './event-bus';
import { contextOfCarrier, traceCarrierOf, type TraceCarrier } from './trace-context';

// Manual spans at the transport's seams; attribute names from the OpenTelemetry
// messaging conventions (still "development", so written out rather than imported).
const tracer = trace.getTracer('@iam/messaging');

/** `kafka`, or this code's name for standalone mode's in-process transport. */
export type MessagingSystem = 'kafka' | 'iam_in_process';

export interface SendSpan {
  span: Span;
  /** The span's context as message headers: consumers continue the trace from it. */
  headers: TraceCarrier;
}

/**
 * A producer span for one message, child of the span its event was appended
 * in (the carrier the outbox stored with the event), so the trace goes on
 * although the relay publishes later, in another tick or process.
 */
export function startSendSpan(system: MessagingSystem, message: OutboundMessage): SendSpan {
  const span = tracer.startSpan(
    `send ${message.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'send',
        'messaging.destination.name': message.topic,
        'messaging.message.id': message.envelope.eventId,
        'messaging.kafka.message.key': message.key,
        'iam.event.type': message.envelope.type,
      },
    },
    contextOfCarrier(message.traceContext),
  );
  return { span, headers: traceCarrierOf(trace.setSpan(ROOT_CONTEXT, span)) ?? {} };
}

/**
 * A consumer span for one message of a consumer group, child of the
 * producer span whose context came with the message. It covers the
 * handler's work: the projection's apply in the consuming service.
 */
export function startProcessSpan(
  system: MessagingSystem,
  topic: string,
  group: string,
  carrier: TraceCarrier | undefined,
  ids: { eventId?: string; eventType?: string } = {},
): Span {
  return tracer.startSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': system,
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': group,
        ...(ids.eventId !== undefined ? { 'messaging.message.id': ids.eventId } : {}),
        ...(ids.eventType !== undefined ? { 'iam.event.type': ids.eventType } : {}),
      },
    },
    contextOfCarrier(carrier),
  );
}

/** Runs `work` with `span` active, so spans it starts belong to the span's trace. */
export function runInSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(ROOT_CONTEXT, span), work);
}

/** Runs one delivery in its consumer span, and ends the span failed if the event was dead-lettered. */
export async function deliverInSpan(
  span: Span,
  deliver: () => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  let outcome: DeliveryOutcome;
  try {
    outcome = await runInSpan(span, deliver);
  } catch (error) {
    endSpans([span], error);
    throw error;
  }
  endSpans([span], outcome.ok ? undefined : outcome.error);
  return outcome;
}

/** Ends spans, marking them failed when there is an error. */
export function endSpans(spans: Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) {
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    span.end();
  }
}
