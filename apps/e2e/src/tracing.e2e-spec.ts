import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '@iam/platform';
import { eventually } from '@iam/testing';
import { startDistributedServices, type DistributedServices } from './services';

/**
 * One trace from a request to identity, through its command, the append and
 * the outbox, over Kafka, to the consumer applying the event in the policy
 * service: the relay runs in its own loop, later, and still continues the
 * request's trace from the context the outbox stored with the event.
 */
describe('tracing across services (distributed, real Kafka)', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let s: DistributedServices;

  beforeAll(async () => {
    // Before the services boot, as a configured OTLP exporter would be; spans come out as they end.
    tracing = await startTracing({ serviceName: 'e2e', exporter, exportEach: 'immediate' });
    s = await startDistributedServices();
  });

  afterAll(async () => {
    await s?.stop();
    await tracing?.shutdown();
  });

  const spans = () => exporter.getFinishedSpans();
  const id = (span: ReadableSpan) => span.spanContext().spanId;
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('CreateUser in identity and its event applied in policy share one trace, parent by parent', async () => {
    const created = await s.rootIdentity.request('POST', '/v1/users', { userName: 'traced' });
    expect(created.status).toBe(201);

    const server = await eventually(
      async () =>
        spans().find(
          (span) =>
            span.kind === SpanKind.SERVER &&
            span.name === 'POST /v1/users' &&
            span.attributes['http.response.status_code'] === 201,
        ),
      (span) => span !== undefined,
    );
    const traceId = server!.spanContext().traceId;
    const inTrace = () => spans().filter((span) => span.spanContext().traceId === traceId);
    const policySchema = `${s.infra.schemaPrefix}policy.`;
    const consumed = await eventually(
      async () =>
        inTrace().find(
          (span) =>
            span.kind === SpanKind.CONSUMER &&
            String(span.attributes['messaging.consumer.group.name']).startsWith(policySchema),
        ),
      (span) => span !== undefined,
      { timeoutMs: 20_000 },
    );

    const all = inTrace();
    const command = all.find((span) => span.name === 'iam:CreateUser');
    expect(command && parentOf(command)).toBe(id(server!));
    const append = all.find((span) => span.name === 'event-store append' && parentOf(span) === id(command!));
    expect(append?.attributes['iam.event.types']).toEqual(['iam.identity.UserCreated']);
    const send = all.find((span) => span.kind === SpanKind.PRODUCER && id(span) === parentOf(consumed!));
    expect(send?.name).toBe('send iam.identity.v1');
    // The relay's send continues the append's span: the context crossed the outbox.
    expect(parentOf(send!)).toBe(id(append!));
    expect(consumed!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'iam.identity.v1',
      'iam.event.type': 'iam.identity.UserCreated',
      'messaging.message.id': send!.attributes['messaging.message.id'],
    });
    expect(consumed!.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
