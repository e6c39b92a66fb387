import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { Topics, type EventEnvelope } from '@iam/contracts';
import { EventAuthenticator } from './event-authenticator';
import { InProcessEventBus } from './in-process-event-bus';
import { carrierOfKafkaHeaders, traceCarrierOf } from './trace-context';

const envelope: EventEnvelope = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'iam.identity.UserCreated',
  schemaVersion: 1,
  streamId: 'user-alice',
  streamVersion: 1,
  accountId: '123456789012',
  occurredAt: '2026-12-02T20:00:00.000Z',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
  causationId: null,
  payload: { userName: 'alice' },
};

describe('trace context while tracing is off', () => {
  it('is nothing to carry: the no-op API writes no header', () => {
    expect(traceCarrierOf()).toBeUndefined();
    expect(carrierOfKafkaHeaders({ traceparent: Buffer.from('00-abc') })).toBeUndefined();
  });
});

describe('trace context across a transport', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = trace.getTracer('test');

  beforeAll(() => provider.register({ propagator: new W3CTraceContextPropagator() }));
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('reads the W3C fields of Kafka headers, which arrive as Buffers', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(carrierOfKafkaHeaders({ traceparent: Buffer.from(traceparent), 'event-id': 'x' })).toEqual({
      traceparent,
    });
  });

  it('continues the stored context: append span -> send span -> process span, active in the handler', async () => {
    const bus = new InProcessEventBus(EventAuthenticator.generate());
    await bus.ensureTopics([Topics.identity]);
    let handlerSpanId: string | undefined;
    await bus.subscribe({
      group: 'policy.authorization',
      topics: [Topics.identity],
      handle: async () => {
        handlerSpanId = trace.getActiveSpan()?.spanContext().spanId;
      },
    });
    // As the event store does: the context of the append span, stored with the event for later.
    const append = tracer.startSpan('append');
    const stored = traceCarrierOf(trace.setSpan(context.active(), append));
    append.end();
    expect(stored?.traceparent).toContain(append.spanContext().traceId);

    // Published later, from no span at all (the relay's own loop).
    await bus.publish([{ topic: Topics.identity, key: 'user-alice', envelope, traceContext: stored }]);

    const spans = exporter.getFinishedSpans();
    const byKind = (kind: SpanKind) => spans.find((span) => span.kind === kind) as ReadableSpan;
    const send = byKind(SpanKind.PRODUCER);
    const processing = byKind(SpanKind.CONSUMER);
    expect(send.parentSpanContext?.spanId).toBe(append.spanContext().spanId);
    expect(processing.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(processing.spanContext().traceId).toBe(append.spanContext().traceId);
    expect(processing.attributes['messaging.consumer.group.name']).toBe('policy.authorization');
    expect(handlerSpanId).toBe(processing.spanContext().spanId);
  });
});
