/**
 * Does audit keep up? Identity and policy event stores written at full speed
 * together (16 writers each, 20 accounts), their relays publishing to Kafka,
 * and audit's trail consumer applying both topics, all in one run on real
 * Postgres and Kafka. Prints the write rate, the trail's apply rate and how
 * far behind the trail is when the writers stop; then an outage (events pile
 * up with the trail consumer stopped) and the catch-up rate, once with whole
 * batches (four statements a batch) and once event by event (the old way).
 * Then the reading side (audit-read.ts): access records of the
 * iam.access.v1 contract ingested from Kafka beside the domain events' write
 * rate measured here, LookupEvents p50/p99 at BENCH_LOOKUP_RECORDS (1
 * million) access records, and stream delivery latency to a signed SSE client.
 * Run: npm run infra:up && npm run bench:audit
 *   (env: DATABASE_URL, KAFKA_BROKERS, REDIS_URL, BENCH_EVENTS, BENCH_ACCESS_RECORDS, BENCH_LOOKUP_RECORDS,
 *    BENCH_LOOKUPS, BENCH_STREAM_RECORDS; BENCH_EXPLAIN=1 prints the resource-ARN lookup's plans; BENCH_SKIP_WRITES=1 skips sections 1–2, BENCH_SKIP_CATCHUP=1 section 2)
 */
import { randomUUID } from 'node:crypto';
import { auditMigrations, AuditTrailProjection } from '@iam/audit';
import type { EventEnvelope } from '@iam/contracts';
import {
  applyBatchOnce,
  applyOnce,
  PostgresEventStore,
  eventStoreMigrations,
  OutboxRelay,
  PgDatabase,
  runMigrations,
  type Projection,
} from '@iam/event-store';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { benchAccessIngest, benchLookup, benchStream } from './audit-read';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** Producer and consumers of this process share one event key, as services share IAM_EVENT_KEYS. */
const authenticator = EventAuthenticator.generate();
const perStore = Number(process.env.BENCH_EVENTS ?? 10_000);
const accounts = Array.from({ length: 20 }, (_, i) => String(100000000000 + i));
const services = ['identity', 'policy'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rate = (n: number) => Math.round(n).toLocaleString('en');

/** Two services' stores, relays and topics, and an audit schema, all new. */
async function setUp(db: PgDatabase, bus: KafkaEventBus) {
  const run = randomUUID().slice(0, 8);
  const audit = `bench_${run}_audit`;
  await runMigrations(db, audit, [...eventStoreMigrations, ...auditMigrations]);
  const parts = await Promise.all(
    services.map(async (service) => {
      const schema = `bench_${run}_${service}`;
      const topic = `bench.${run}.${service}`;
      await runMigrations(db, schema, eventStoreMigrations);
      return {
        service,
        schema,
        topic,
        store: new PostgresEventStore(db, { schema, topic }),
        relay: new OutboxRelay(db, bus, { schema, idleDelayMs: 50 }),
      };
    }),
  );
  await bus.ensureTopics(parts.map((part) => part.topic));
  let applied = 0;
  const consume = async (projection: Projection) => {
    const consumer = new KafkaEventBus({ brokers, clientId: `bench-audit-${run}`, authenticator });
    await consumer.subscribe({
      group: `bench-${run}-audit`,
      topics: parts.map((part) => part.topic),
      handle: async (event) => {
        if (await applyOnce(db, audit, projection, event)) applied++;
      },
      handleBatch: async (events: EventEnvelope[]) => {
        // Not `applied += await …`: that reads `applied` before the await, and batches run concurrently.
        const n = await applyBatchOnce(db, audit, projection, events);
        applied += n;
      },
    });
    return consumer;
  };
  /** Both services at full speed; seconds taken. */
  const write = async (count: number) => {
    const start = Date.now();
    await Promise.all(
      parts.flatMap(({ service, store }) => {
        let next = 0;
        return Array.from({ length: 16 }, async () => {
          while (next < count) {
            const i = next++;
            const accountId = accounts[i % accounts.length];
            await store.append(
              `${service}-${run}-${i}`,
              0,
              [
                {
                  type: `bench.${service}.Happened`,
                  schemaVersion: 1,
                  payload: { i, padding: 'x'.repeat(200) },
                },
              ],
              { accountId, actorArn: `arn:aws:iam::${accountId}:root`, correlationId: run },
            );
          }
        });
      }),
    );
    return (Date.now() - start) / 1000;
  };
  const until = async (total: number) => {
    while (applied < total) await sleep(10);
  };
  const tearDown = async () => {
    for (const part of parts) await part.relay.stop();
    await db.exec(
      [audit, ...parts.map((part) => part.schema)].map((s) => `DROP SCHEMA ${s} CASCADE;`).join(' '),
    );
  };
  return { parts, consume, write, until, applied: () => applied, tearDown, audit };
}

async function main() {
  const db = new PgDatabase(databaseUrl, { max: 24 });
  const bus = new KafkaEventBus({ brokers, clientId: 'bench-audit', authenticator });
  console.log(`audit benchmark: ${perStore} events per service, Postgres and Kafka on this machine`);

  // 1. Live: both services write at full speed while the trail consumes.
  let writes = 0;
  if (process.env.BENCH_SKIP_WRITES !== '1') {
    const bench = await setUp(db, bus);
    for (const part of bench.parts) part.relay.start();
    const consumer = await bench.consume(new AuditTrailProjection(bench.audit));
    const writeSeconds = await bench.write(perStore);
    const behind = 2 * perStore - bench.applied();
    const stopped = Date.now();
    await bench.until(2 * perStore);
    const drain = (Date.now() - stopped) / 1000;
    writes = (2 * perStore) / writeSeconds;
    const trail = (2 * perStore) / (writeSeconds + drain);
    console.log(`writes, identity + policy:   ${rate(writes)} events/s`);
    console.log(
      `trail, live:                 ${rate(trail)} events/s (trail/writes ${(trail / writes).toFixed(2)}); ${behind} events behind when the writers stopped, caught up ${drain.toFixed(1)} s later`,
    );
    await consumer.close();
    await bench.tearDown();
  }

  // 2. Outage: everything published while no consumer runs, then the trail catches up.
  if (process.env.BENCH_SKIP_WRITES !== '1' && process.env.BENCH_SKIP_CATCHUP !== '1') {
    const catchUp = async (batched: boolean) => {
      const bench = await setUp(db, bus);
      await bench.write(perStore);
      for (const part of bench.parts) await part.relay.drain();
      const trail = new AuditTrailProjection(bench.audit);
      const projection: Projection = batched
        ? trail
        : {
            name: trail.name,
            version: trail.version,
            handles: trail.handles,
            apply: (tx, event) => trail.apply(tx, event),
          };
      const start = Date.now();
      const consumer = await bench.consume(projection);
      await bench.until(2 * perStore);
      const seconds = (Date.now() - start) / 1000;
      await consumer.close();
      await bench.tearDown();
      return (2 * perStore) / seconds;
    };
    const batched = await catchUp(true);
    const single = await catchUp(false);
    console.log(`trail, catch-up, batched:    ${rate(batched)} events/s`);
    console.log(
      `trail, catch-up, per event:  ${rate(single)} events/s (batched/per event ${(batched / single).toFixed(2)})`,
    );
  }

  // 3–5. The reading side: access records in, lookups, the live stream.
  await benchAccessIngest(db, bus, brokers, authenticator, writes);
  await benchLookup(db);
  await benchStream(databaseUrl);

  await bus.close();
  await db.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
