/**
 * Event backbone figures in distributed mode, on real Postgres and Kafka:
 *   - appends per second, one stream and many streams;
 *   - outbox relay throughput to Kafka;
 *   - latency from append (commit) to visible in another service's projection,
 *     p50/p99, at a steady 1,000 events/s.
 * Run: npm run infra:up && npm run bench:events   (env: DATABASE_URL, KAFKA_BROKERS)
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata } from '@iam/contracts';
import {
  applyBatchOnce,
  applyOnce,
  PostgresEventStore,
  eventStoreMigrations,
  OutboxRelay,
  PgDatabase,
  runMigrations,
  EveryEvent,
  type Projection,
} from '@iam/event-store';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** Producer and consumer of this process share one event key, as services share IAM_EVENT_KEYS. */
const authenticator = EventAuthenticator.generate();
const run = randomUUID().slice(0, 8);
const meta: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: run,
};
const event = (n: number) => ({
  type: 'bench.Happened',
  schemaVersion: 1,
  payload: { n, padding: 'x'.repeat(200) },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const db = new PgDatabase(databaseUrl, { max: 20 });
  const producerSchema = `bench_${run}_producer`;
  const consumerSchema = `bench_${run}_consumer`;
  await runMigrations(db, producerSchema, eventStoreMigrations);
  await runMigrations(db, consumerSchema, eventStoreMigrations);
  await db.exec(`CREATE TABLE ${consumerSchema}.seen (event_id uuid PRIMARY KEY)`);
  const topic = `bench.${run}`;
  const store = new PostgresEventStore(db, { schema: producerSchema, topic });
  const bus = new KafkaEventBus({ brokers, clientId: 'bench', partitions: 3, authenticator });
  await bus.ensureTopics([topic]);
  console.log(
    `event backbone benchmark (run ${run}); Postgres ${new URL(databaseUrl).host}, Kafka ${brokers.join(',')}`,
  );

  // 1. Appends, one stream: each waits for the previous (expected version).
  {
    const n = 2000;
    const stream = `bench-${randomUUID()}`;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await store.append(stream, i, [event(i)], meta);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `append, one stream:        ${Math.round(n / seconds).toLocaleString('en')} events/s (${n} sequential appends)`,
    );
  }
  // 2. Appends, many streams, 16 concurrent writers.
  {
    const n = 10_000;
    const writers = 16;
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < n) {
          const i = next++;
          await store.append(`bench-${run}-${i}`, 0, [event(i)], meta);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `append, many streams:      ${Math.round(n / seconds).toLocaleString('en')} events/s (${n} streams, ${writers} writers)`,
    );
  }
  // 3. Relay throughput: everything above, from the outbox to Kafka.
  {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${producerSchema}.outbox`);
    const relay = new OutboxRelay(db, bus, { schema: producerSchema, batchSize: 2000 });
    const start = process.hrtime.bigint();
    const published = await relay.drain();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await relay.stop();
    console.log(
      `relay to Kafka:            ${Math.round(published / seconds).toLocaleString('en')} events/s (${published} of ${rows[0].n} outbox rows, batches of 2000, acks=all, idempotent)`,
    );
  }
  // 4. Append -> projection in another service, at 1,000 events/s.
  {
    const appendedAt = new Map<string, bigint>();
    const latencies: number[] = [];
    const projection: Projection = {
      name: 'seen',
      version: 1,
      handles: EveryEvent,
      apply: async (tx, e) =>
        void (await tx.query(`INSERT INTO ${consumerSchema}.seen VALUES ($1)`, [e.eventId])),
    };
    // The consuming service has its own connections, as it would in production.
    const consumerDb = new PgDatabase(databaseUrl, { max: 10 });
    const consumerBus = new KafkaEventBus({
      brokers,
      clientId: 'bench-consumer',
      partitions: 3,
      authenticator,
    });
    const rate = 1000;
    const seconds = 10;
    const total = rate * seconds;
    const seen = (events: EventEnvelope[]) => {
      const now = process.hrtime.bigint();
      for (const e of events) {
        const t0 = appendedAt.get(e.eventId);
        if (t0 === undefined) continue;
        appendedAt.delete(e.eventId);
        latencies.push(Number(now - t0) / 1e6);
        if (latencies.length === total) done();
      }
    };
    let done!: () => void;
    const allSeen = new Promise<void>((resolve) => (done = resolve));
    await consumerBus.subscribe({
      group: `bench-${run}`,
      topics: [topic],
      handle: async (e: EventEnvelope) => {
        if (await applyOnce(consumerDb, consumerSchema, projection, e)) seen([e]);
      },
      handleBatch: async (events: EventEnvelope[]) => {
        await applyBatchOnce(consumerDb, consumerSchema, projection, events);
        seen(events);
      },
    });
    const publishedAt = new Map<string, bigint>();
    const relayLag: number[] = [];
    const timedBus = {
      publish: async (messages: { topic: string; key: string; envelope: EventEnvelope }[]) => {
        await bus.publish(messages);
        const now = process.hrtime.bigint();
        for (const m of messages) {
          const t0 = appendedAt.get(m.envelope.eventId);
          if (t0 !== undefined) relayLag.push(Number(now - t0) / 1e6);
        }
      },
    };
    void publishedAt;
    const relay = new OutboxRelay(db, timedBus, { schema: producerSchema, batchSize: 500 });
    await relay.drain(); // earlier phases' events go out before the clock starts
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // consumer joins and catches up
    // Requests as a service would send them: at most 16 appends in flight.
    let inFlight = 0;
    const waiting: (() => void)[] = [];
    const start = Date.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight >= 16) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight++;
      void store.append(`latency-${run}-${i}`, 0, [event(i)], meta).then((r) => {
        inFlight--;
        waiting.shift()?.();
        appendedAt.set(r.events[0].eventId, process.hrtime.bigint());
      });
    }
    const timeout = setTimeout(() => done(), 30_000);
    await allSeen;
    clearTimeout(timeout);
    latencies.sort((a, b) => a - b);
    relayLag.sort((a, b) => a - b);
    if (process.env.BENCH_DETAIL)
      console.log(
        `  of which append -> published to Kafka: p50 ${percentile(relayLag, 50).toFixed(1)} ms, p99 ${percentile(relayLag, 99).toFixed(1)} ms (${relayLag.length})`,
      );
    console.log(
      `append -> projection:      p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms (${latencies.length}/${total} events at ${rate}/s for ${seconds} s; relay woken by NOTIFY, consumer idle fetch wait 250 ms)`,
    );
    await relay.stop();
    await consumerBus.close();
    await consumerDb.close();
  }
  await bus.close();
  await db.exec(`DROP SCHEMA ${producerSchema} CASCADE; DROP SCHEMA ${consumerSchema} CASCADE`);
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
