import { randomUUID } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { OutboundMessage } from '@iam/messaging';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { OutboxRelay } from './outbox-relay';
import { PgDatabase } from './pg-database';

const meta = { accountId: '123456789012', actorArn: 'arn:aws:iam::123456789012:root', correlationId: 'c-1' };

describe('the outbox keeps the trace context of an append for the relay', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;

  beforeAll(async () => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}traced`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('hands the publisher, in a later drain outside any span, the context of the append span', async () => {
    const store = new PostgresEventStore(db, { schema, topic: 'test.topic' });
    const command = trace.getTracer('test').startSpan('command');
    await context.with(trace.setSpan(context.active(), command), () =>
      store.append(
        `user-${randomUUID()}`,
        0,
        [{ type: 'test.Happened', schemaVersion: 1, payload: {} }],
        meta,
      ),
    );
    command.end();

    const published: OutboundMessage[] = [];
    const relay = new OutboxRelay(
      db,
      { publish: async (messages) => void published.push(...messages) },
      { schema },
    );
    await relay.drain();
    await relay.stop();

    const append = exporter.getFinishedSpans().find((span) => span.name === 'event-store append');
    expect(append?.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
    const { traceId, spanId } = append!.spanContext();
    expect(published).toHaveLength(1);
    expect(published[0].traceContext).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
  });
});
