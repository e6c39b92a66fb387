import { randomUUID } from 'node:crypto';
import { UpcasterRegistry, type EventEnvelope } from '@iam/contracts';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { dropSchemas, testInfrastructure, untilPasses, type TestInfrastructure } from '@iam/testing';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { OutboxRelay } from './outbox-relay';
import { PgDatabase } from './pg-database';
import type { InlineProjection } from './projection';
import type { Queryable } from './sql-database';

/**
 * A producer at schema version 1 stored (and published) `NameGiven` as
 * `{ first, last }`; version 2 is `{ fullName }`. Once the v1→v2 upcaster is
 * registered for the topic, every reader sees version 2: the store's
 * readStream and readAll, a rebuild of an inline projection, and a Kafka
 * consumer of what the old producer published.
 */
type NameGivenV2 = EventEnvelope<'test.NameGiven', { fullName: string }>;

describe('Upcasting on every read path (real Postgres and Kafka)', () => {
  const topic = `test.upcast.${randomUUID().slice(0, 8)}`;
  const upcasters = new UpcasterRegistry({
    [topic]: [
      {
        type: 'test.NameGiven',
        fromVersion: 1,
        upcast: (payload) => {
          const { first, last } = payload as { first: string; last: string };
          return { fullName: `${first} ${last}` };
        },
      },
    ],
  });
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let store: PostgresEventStore;
  let bus: KafkaEventBus;
  const stream = `person-${randomUUID()}`;
  const oldEventId = randomUUID();

  const names: InlineProjection<NameGivenV2> = {
    name: 'names',
    version: 1,
    handles: ['test.NameGiven'],
    reset: async (tx: Queryable) => void (await tx.query(`DELETE FROM "${schema}".names`)),
    apply: async (tx: Queryable, event: NameGivenV2) =>
      void (await tx.query(`INSERT INTO "${schema}".names (event_id, full_name) VALUES ($1, $2)`, [
        event.eventId,
        event.payload.fullName,
      ])),
  };

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}upcast`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    await db.query(`CREATE TABLE "${schema}".names (event_id uuid PRIMARY KEY, full_name text NOT NULL)`);
    store = new PostgresEventStore(db, { schema, topic, inlineProjections: [names], upcasters });
    bus = new KafkaEventBus({
      brokers: infra.kafkaBrokers.split(','),
      clientId: 'upcast-test',
      authenticator: EventAuthenticator.generate(),
      upcasters,
    });
    await bus.ensureTopics([topic]);

    // What the version-1 producer left behind: its event row and its outbox row, never rewritten.
    const v1: EventEnvelope = {
      eventId: oldEventId,
      type: 'test.NameGiven',
      schemaVersion: 1,
      streamId: stream,
      streamVersion: 1,
      accountId: '123456789012',
      occurredAt: new Date().toISOString(),
      actorArn: 'arn:aws:iam::123456789012:root',
      correlationId: 'c-1',
      causationId: null,
      payload: { first: 'Ada', last: 'Lovelace' },
    };
    await db.query(
      `INSERT INTO "${schema}".events
         (event_id, stream_id, stream_position, event_type, schema_version, account_id, data, metadata)
       VALUES ($1, $2, 1, $3, 1, $4, $5, $6)`,
      [
        v1.eventId,
        stream,
        v1.type,
        v1.accountId,
        JSON.stringify(v1.payload),
        JSON.stringify({
          occurredAt: v1.occurredAt,
          actorArn: v1.actorArn,
          correlationId: v1.correlationId,
          causationId: null,
        }),
      ],
    );
    await db.query(
      `INSERT INTO "${schema}".outbox (topic, message_key, event_id, envelope) VALUES ($1, $2, $3, $4)`,
      [topic, stream, v1.eventId, JSON.stringify(v1)],
    );
    // The version-2 producer appends after it.
    await store.append(
      stream,
      1,
      [{ type: 'test.NameGiven', schemaVersion: 2, payload: { fullName: 'Alan Turing' } }],
      {
        accountId: '123456789012',
        actorArn: 'arn:aws:iam::123456789012:root',
        correlationId: 'c-2',
      },
    );
  }, 60_000);

  afterAll(async () => {
    await bus?.close();
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  const current = [
    { schemaVersion: 2, payload: { fullName: 'Ada Lovelace' } },
    { schemaVersion: 2, payload: { fullName: 'Alan Turing' } },
  ];

  it('readStream and readAll give the old event at the current version', async () => {
    expect(
      (await store.readStream(stream)).map(({ schemaVersion, payload }) => ({ schemaVersion, payload })),
    ).toEqual(current);
    const { events } = await store.readAll(0, 10);
    expect(events.map(({ schemaVersion, payload }) => ({ schemaVersion, payload }))).toEqual(current);
    expect(events[0].eventId).toBe(oldEventId);
  });

  it('a rebuilt inline projection reads the old event at the current version', async () => {
    expect(await store.rebuild('names')).toBe(2);
    const { rows } = await db.query<{ full_name: string }>(
      `SELECT full_name FROM "${schema}".names ORDER BY full_name`,
    );
    expect(rows.map((row) => row.full_name)).toEqual(['Ada Lovelace', 'Alan Turing']);
  });

  it('a Kafka consumer gets what the old producer published at the current version; one asking for events as published gets it as it was', async () => {
    const upcast: EventEnvelope[] = [];
    const asPublished: EventEnvelope[] = [];
    await bus.subscribe({
      group: `upcast-${randomUUID().slice(0, 8)}`,
      topics: [topic],
      handle: async (event) => void upcast.push(event),
    });
    await bus.subscribe({
      group: `as-published-${randomUUID().slice(0, 8)}`,
      topics: [topic],
      asPublished: true,
      handle: async (event) => void asPublished.push(event),
    });
    const relay = new OutboxRelay(db, bus, { schema });
    await relay.drain();
    await relay.stop();
    await untilPasses(() => {
      expect(upcast.map(({ schemaVersion, payload }) => ({ schemaVersion, payload }))).toEqual(current);
      expect(asPublished.map(({ schemaVersion, payload }) => ({ schemaVersion, payload }))).toEqual([
        { schemaVersion: 1, payload: { first: 'Ada', last: 'Lovelace' } },
        current[1],
      ]);
    }, 30_000);
  }, 60_000);
});
