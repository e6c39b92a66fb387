import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopic, Topics, type EventEnvelope, type EventMetadata } from '@iam/contracts';
import {
  EventStore,
  PostgresEventStore,
  eventStoreMigrations,
  OutboxRelay,
  PgDatabase,
  runMigrations,
} from '@iam/event-store';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { bootstrapService, type RunningApp } from '@iam/platform';
import {
  dropSchemas,
  eventually,
  testInfrastructure,
  type TestInfrastructure,
  TEST_EVENT_KEYS,
} from '@iam/testing';
import { AuditModule } from '../audit.module';
import { AuditTrailQueries } from './audit-trail.queries';

/**
 * The walking skeleton across real Postgres and real Kafka: an event appended
 * to identity's store is relayed to Kafka and lands once in audit's trail,
 * through a restart of the audit consumer and past a poison message.
 */
describe('identity event -> outbox -> Kafka -> audit trail', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let identityStore: EventStore;
  let relay: OutboxRelay;
  let producerBus: KafkaEventBus;
  let audit: RunningApp | undefined;
  const accountId = String(Math.floor(1e11 + Math.random() * 8e11));
  const meta: EventMetadata = {
    accountId,
    actorArn: `arn:aws:iam::${accountId}:root`,
    correlationId: randomUUID(),
  };

  const startAudit = () =>
    bootstrapService({
      name: 'audit',
      modules: [AuditModule],
      env: {
        IAM_MODE: 'distributed',
        DATABASE_URL: infra.databaseUrl,
        REDIS_URL: infra.redisUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
        IAM_SCHEMA_PREFIX: infra.schemaPrefix,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        IAM_KEY_ENCRYPTION_KEYS: 'test:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
        IAM_EVENT_KEYS: TEST_EVENT_KEYS,
      },
    });

  const userCreated = (userName: string) => ({
    type: 'iam.identity.UserCreated',
    schemaVersion: 1,
    payload: {
      userName,
      userId: `AIDA${randomUUID().slice(0, 8)}`,
      path: '/',
      arn: `arn:aws:iam::${accountId}:user/${userName}`,
      tags: [],
    },
  });

  const trailFor = async (eventId: string) => audit!.app.get(AuditTrailQueries).countByEventId(eventId);

  beforeAll(async () => {
    infra = await testInfrastructure();
    db = new PgDatabase(infra.databaseUrl);
    const schema = `${infra.schemaPrefix}identity`;
    await runMigrations(db, schema, eventStoreMigrations);
    identityStore = new PostgresEventStore(db, { schema, topic: Topics.identity });
    producerBus = new KafkaEventBus({
      brokers: infra.kafkaBrokers.split(','),
      clientId: 'skeleton-test',
      authenticator: EventAuthenticator.fromConfig(TEST_EVENT_KEYS),
    });
    await producerBus.ensureTopics([Topics.identity]);
    relay = new OutboxRelay(db, producerBus, { schema });
    relay.start();
    audit = await startAudit();
  });

  afterAll(async () => {
    await audit?.close();
    await relay.stop();
    await producerBus.close();
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('is ready against real Postgres, Redis and Kafka', async () => {
    const response = await fetch(`${audit!.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, ttlStore: { status: 'up' }, eventBus: { status: 'up' } },
    });
  });

  it('carries an appended event into the audit trail exactly once', async () => {
    const { events } = await identityStore.append(`user-${randomUUID()}`, 0, [userCreated('alice')], meta);
    await eventually(
      () => trailFor(events[0].eventId),
      (n) => n === 1,
    );
    const [entry] = await audit!.app.get(AuditTrailQueries).list(accountId, 0, 10);
    expect(entry).toMatchObject({
      eventId: events[0].eventId,
      eventType: 'iam.identity.UserCreated',
      actorArn: meta.actorArn,
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('loses nothing and duplicates nothing across a restart of the consumer, even when Kafka redelivers', async () => {
    await audit!.close();
    audit = undefined;
    const { events } = await identityStore.append(`user-${randomUUID()}`, 0, [userCreated('bob')], meta);
    await relay.drain();
    // Redeliver an event the trail already holds, as at-least-once transport may.
    const [first] = await identityStore.readAll(0, 1).then((page) => page.events);
    await producerBus.publish([{ topic: Topics.identity, key: first.streamId, envelope: first }]);

    audit = await startAudit();
    await eventually(
      () => trailFor(events[0].eventId),
      (n) => n === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await trailFor(first.eventId)).toBe(1);
    const entries = await audit.app.get(AuditTrailQueries).list(accountId, 0, 100);
    expect(entries.map((e) => e.sequence)).toEqual(entries.map((_, i) => i + 1));
  });

  /** Dead letters of the audit consumer group on identity's topic, as they arrive. */
  const readDeadLetters = async () => {
    const kafka = new Kafka({
      brokers: infra.kafkaBrokers.split(','),
      clientId: 'dlq-reader',
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const letters: { value: string; error: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic(Topics.identity), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.['dead-letter-group']?.toString() !== `${infra.schemaPrefix}audit.audit_trail`)
          return;
        letters.push({
          value: message.value?.toString() ?? '',
          error: message.headers?.['dead-letter-error']?.toString() ?? '',
        });
      },
    });
    return { letters, stop: () => consumer.disconnect() };
  };

  it('dead-letters a poison message with its error and goes on with the next event', async () => {
    const poison = `not an event ${randomUUID()}`;
    await producerBus.publishRaw(Topics.identity, 'poison', poison);
    const { events } = await identityStore.append(`user-${randomUUID()}`, 0, [userCreated('carol')], meta);
    await eventually(
      () => trailFor(events[0].eventId),
      (n) => n === 1,
    );

    const dlq = await readDeadLetters();
    try {
      const found = await eventually(
        async () => dlq.letters.find((l) => l.value === poison),
        (l) => l !== undefined,
      );
      expect(found!.error).toContain('not an event envelope');
    } finally {
      await dlq.stop();
    }
  });

  it('refuses a forged event published straight to the topic: dead-lettered with why, never chained', async () => {
    // A UserCreated for an account that has no source event anywhere.
    const forgedAccount = String(Math.floor(1e11 + Math.random() * 8e11));
    const forged = (): EventEnvelope => ({
      ...userCreated('mallory'),
      eventId: randomUUID(),
      streamId: `user-${randomUUID()}`,
      streamVersion: 1,
      accountId: forgedAccount,
      occurredAt: new Date().toISOString(),
      actorArn: `arn:aws:iam::${forgedAccount}:root`,
      correlationId: randomUUID(),
      causationId: null,
    });
    const unsigned = forged();
    // Same key id as the services' ring, another key: the MAC does not match.
    const wrongKey = EventAuthenticator.fromConfig(`test:${randomBytes(32).toString('base64')}`).sign(
      Topics.identity,
      forged(),
    );
    const unknownKey = EventAuthenticator.fromConfig(`forger:${randomBytes(32).toString('base64')}`).sign(
      Topics.identity,
      forged(),
    );
    for (const envelope of [unsigned, wrongKey, unknownKey])
      await producerBus.publishRaw(Topics.identity, envelope.streamId, JSON.stringify(envelope));
    const { events } = await identityStore.append(`user-${randomUUID()}`, 0, [userCreated('frank')], meta);
    await eventually(
      () => trailFor(events[0].eventId),
      (n) => n === 1,
    );

    const dlq = await readDeadLetters();
    try {
      const errorOf = async (envelope: EventEnvelope) =>
        (await eventually(
          async () => dlq.letters.find((l) => l.value.includes(envelope.eventId)),
          (l) => l !== undefined,
        ))!.error;
      expect(await errorOf(unsigned)).toBe('event authentication failed: the event carries no MAC');
      expect(await errorOf(wrongKey)).toBe(
        `event authentication failed: the MAC does not match (key id test, topic ${Topics.identity})`,
      );
      expect(await errorOf(unknownKey)).toBe('event authentication failed: unknown key id "forger"');
    } finally {
      await dlq.stop();
    }
    for (const envelope of [unsigned, wrongKey, unknownKey]) expect(await trailFor(envelope.eventId)).toBe(0);
    expect(await audit!.app.get(AuditTrailQueries).list(forgedAccount, 0, 10)).toEqual([]);
  });

  it('verifies from the trail alone, causation ids included, and names the first entry rewritten', async () => {
    const stream = `user-${randomUUID()}`;
    const caused = { ...meta, causationId: randomUUID() };
    await identityStore.append(stream, 0, [userCreated('dave'), userCreated('erin')], caused);
    const queries = audit!.app.get(AuditTrailQueries);
    const all = await eventually(
      () => queries.list(accountId, 0, 1000),
      (entries) => entries.filter((e) => e.streamId === stream).length === 2,
    );
    const verified = await queries.verify(accountId);
    expect(verified).toEqual({ checked: all.length });

    const target = all.find((e) => e.streamId === stream)!;
    const trail = `"${infra.schemaPrefix}audit".trail`;
    await db.query(
      `UPDATE ${trail} SET payload = jsonb_set(payload, '{userName}', '"mallory"') WHERE account_id = $1 AND sequence = $2`,
      [accountId, target.sequence],
    );
    expect(await queries.verify(accountId)).toEqual({
      checked: target.sequence - 1,
      brokenAt: target.sequence,
    });
  });
});
