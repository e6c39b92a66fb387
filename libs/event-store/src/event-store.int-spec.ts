import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata, NewEvent } from '@iam/contracts';
import { EventAuthenticator, InProcessEventBus } from '@iam/messaging';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { ConcurrencyError } from './concurrency-error';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { OutboxRelay } from './outbox-relay';
import { PgDatabase } from './pg-database';
import { applyOnce, rebuildProjection } from './processed-events';
import { EveryEvent, type InlineProjection } from './projection';
import type { Queryable } from './sql-database';

const meta: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c-1',
};
const event = (n: number) => ({ type: 'test.Happened', schemaVersion: 1, payload: { n } });

describe('PostgresEventStore on real Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}store`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    store = new PostgresEventStore(db, { schema, topic: 'test.topic' });
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('appends with an expected version and reads the stream back in order', async () => {
    const stream = `user-${randomUUID()}`;
    const first = await store.append(stream, 0, [event(1), event(2)], meta);
    expect(first.nextExpectedVersion).toBe(2);
    await store.append(stream, 2, [event(3)], meta);
    const read = await store.readStream<NewEvent<'test.Happened', { n: number }>>(stream);
    expect(read.map((e) => [e.streamVersion, e.payload.n])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(read[0]).toMatchObject({
      accountId: meta.accountId,
      actorArn: meta.actorArn,
      type: 'test.Happened',
    });
  });

  it('rejects an append at a stale version with a ConcurrencyError', async () => {
    const stream = `user-${randomUUID()}`;
    await store.append(stream, 0, [event(1)], meta);
    await expect(store.append(stream, 0, [event(2)], meta)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('lets exactly one of many concurrent appends at the same version win', async () => {
    const stream = `user-${randomUUID()}`;
    await store.append(stream, 0, [event(0)], meta);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append(stream, 1, [event(i)], meta)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    }
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('starts many streams in one statement, each with its events and outbox rows in order', async () => {
    const streams = Array.from({ length: 5 }, () => `session-${randomUUID()}`);
    const appended = await store.appendToNewStreams(
      streams.map((streamId, i) => ({
        streamId,
        events: [event(i), event(i + 100)],
        metadata: { ...meta, correlationId: `c-${i}` },
        traceContext: { traceparent: `00-${'a'.repeat(31)}${i}-${'b'.repeat(16)}-01` },
      })),
    );
    expect(appended.map((envelopes) => envelopes.map((e) => [e.streamId, e.streamVersion]))).toEqual(
      streams.map((s) => [
        [s, 1],
        [s, 2],
      ]),
    );
    for (const [i, streamId] of streams.entries()) {
      const read = await store.readStream<NewEvent<'test.Happened', { n: number }>>(streamId);
      expect(read.map((e) => [e.streamVersion, e.payload.n, e.correlationId])).toEqual([
        [1, i, `c-${i}`],
        [2, i + 100, `c-${i}`],
      ]);
      expect(read[0].eventId).toBe(appended[i][0].eventId);
    }
    const { rows } = await db.query<{ message_key: string; envelope: EventEnvelope; trace_context: unknown }>(
      `SELECT message_key, envelope, trace_context FROM "${schema}".outbox
       WHERE message_key = ANY($1) ORDER BY position`,
      [streams],
    );
    expect(rows.map((r) => [r.message_key, r.envelope.streamVersion])).toEqual(
      streams.flatMap((s) => [
        [s, 1],
        [s, 2],
      ]),
    );
    expect(rows[0].trace_context).toEqual({ traceparent: `00-${'a'.repeat(31)}0-${'b'.repeat(16)}-01` });
  });

  it('starts no stream of a batch when one of them exists already (ConcurrencyError naming it)', async () => {
    const existing = `session-${randomUUID()}`;
    await store.append(existing, 0, [event(1)], meta);
    const fresh = `session-${randomUUID()}`;
    const failed = store.appendToNewStreams([
      { streamId: fresh, events: [event(1)], metadata: meta },
      { streamId: existing, events: [event(2)], metadata: meta },
    ]);
    await expect(failed).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(failed).rejects.toMatchObject({ streamId: existing });
    expect(await store.readStream(fresh)).toHaveLength(0);
    expect(await store.readStream(existing)).toHaveLength(1);
  });

  it('writes the outbox row in the same transaction as the event, or neither', async () => {
    const stream = `user-${randomUUID()}`;
    await expect(
      db.transaction(async (tx) => {
        await store.appendWithin(tx, stream, 0, [event(1)], meta);
        throw new Error('the command failed after appending');
      }),
    ).rejects.toThrow('the command failed');
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM "${schema}".events WHERE stream_id = $1)::int
            + (SELECT count(*) FROM "${schema}".outbox WHERE message_key = $1)::int AS n`,
      [stream],
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('runs migrations from several replicas at once, applying each exactly once', async () => {
    const replicaSchema = `${infra.schemaPrefix}replicas`;
    const replicas = Array.from({ length: 4 }, () => new PgDatabase(infra.databaseUrl));
    const applied = await Promise.all(
      replicas.map((replica) => runMigrations(replica, replicaSchema, eventStoreMigrations)),
    );
    await Promise.all(replicas.map((replica) => replica.close()));
    expect(applied.flat().sort()).toEqual(eventStoreMigrations.map((m) => m.version));
  });
});

describe('OutboxRelay on real Postgres', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let schema: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    infra = await testInfrastructure();
    schema = `${infra.schemaPrefix}relay`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    store = new PostgresEventStore(db, { schema, topic: 'test.topic' });
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
  });

  function collectingBus() {
    const bus = new InProcessEventBus(EventAuthenticator.generate());
    const seen: EventEnvelope[] = [];
    void bus.ensureTopics(['test.topic']);
    void bus.subscribe({ group: 'g', topics: ['test.topic'], handle: async (e) => void seen.push(e) });
    return { bus, seen };
  }

  it('never skips a transaction that was in flight when a later one committed', async () => {
    const { bus, seen } = collectingBus();
    const relay = new OutboxRelay(db, bus, { schema, name: 'xmin-test' });
    await relay.drain();
    seen.length = 0;

    // T1 appends first but commits last; T2 commits in between.
    let commitT1!: () => void;
    const t1Committed = new Promise<void>((resolve) => (commitT1 = resolve));
    let t1Appended!: () => void;
    const t1HasAppended = new Promise<void>((resolve) => (t1Appended = resolve));
    const t1 = db.transaction(async (tx) => {
      await store.appendWithin(tx, 'stream-t1', 'any', [event(1)], meta);
      t1Appended();
      await t1Committed;
    });
    await t1HasAppended;
    await store.append('stream-t2', 'any', [event(2)], meta);

    // T2 is committed but T1 is not: a position-only reader would publish T2
    // and move its checkpoint past T1 for ever.
    await relay.drain();
    expect(seen.map((e) => e.streamId)).toEqual([]);

    commitT1();
    await t1;
    await relay.drain();
    expect(seen.map((e) => e.streamId)).toEqual(['stream-t1', 'stream-t2']);
    await relay.stop();
  });

  it('resumes from its checkpoint after a restart without republishing', async () => {
    const first = collectingBus();
    const relayA = new OutboxRelay(db, first.bus, { schema, name: 'restart-test' });
    await store.append(`s-${randomUUID()}`, 0, [event(1)], meta);
    await relayA.drain();
    const before = first.seen.length;
    expect(before).toBeGreaterThan(0);
    await relayA.stop();

    const second = collectingBus();
    const relayB = new OutboxRelay(db, second.bus, { schema, name: 'restart-test' });
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 0, [event(2)], meta);
    await relayB.drain();
    expect(second.seen.map((e) => e.streamId)).toEqual([stream]);
    await relayB.stop();
  });

  it('publishes in transaction order where the ids differ in digits (9 before 10), skipping none', async () => {
    // Ordered as text, "10" sorts before "9": the relay would publish the
    // later transaction first and checkpoint past the earlier one for ever.
    const digits = `${infra.schemaPrefix}digits`;
    await runMigrations(db, digits, eventStoreMigrations);
    const digitsStore = new PostgresEventStore(db, { schema: digits, topic: 'test.topic' });
    await digitsStore.append('stream-earlier', 0, [event(1)], meta);
    await digitsStore.append('stream-later', 0, [event(2)], meta);
    await db.query(
      `UPDATE "${digits}".outbox SET transaction_id = (CASE message_key WHEN 'stream-earlier' THEN '9' ELSE '10' END)::xid8`,
    );
    const { bus, seen } = collectingBus();
    const relay = new OutboxRelay(db, bus, { schema: digits, name: 'digits-test', batchSize: 1 });
    try {
      await relay.drain();
      expect(seen.map((e) => e.streamId)).toEqual(['stream-earlier', 'stream-later']);
    } finally {
      await relay.stop();
    }
  });

  it('lets one replica relay at a time and hands over when the leader stops', async () => {
    const leader = collectingBus();
    const standby = collectingBus();
    const relayA = new OutboxRelay(db, leader.bus, { schema, name: 'leader-test' });
    const relayB = new OutboxRelay(db, standby.bus, { schema, name: 'leader-test' });
    await store.append(`s-${randomUUID()}`, 0, [event(1)], meta);
    expect(await relayA.relayBatch()).toBeGreaterThan(0);
    expect(await relayB.relayBatch()).toBe(-1);
    await relayA.stop();
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 0, [event(2)], meta);
    await relayB.drain();
    expect(standby.seen.map((e) => e.streamId)).toEqual([stream]);
    await relayB.stop();
  });

  it('applies a redelivered event to a projection once, and rebuilds a projection from the store', async () => {
    await db.exec(`CREATE TABLE "${schema}".counter (stream_id text PRIMARY KEY, n int NOT NULL)`);
    const projection: InlineProjection = {
      name: 'counter',
      version: 1,
      handles: EveryEvent,
      reset: async (tx: Queryable) => void (await tx.query(`DELETE FROM "${schema}".counter`)),
      apply: async (tx: Queryable, e: EventEnvelope) =>
        void (await tx.query(
          `INSERT INTO "${schema}".counter VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = counter.n + 1`,
          [e.streamId],
        )),
    };
    const stream = `s-${randomUUID()}`;
    const { events } = await store.append(stream, 0, [event(1), event(2)], meta);
    expect(await applyOnce(db, schema, projection, events[0])).toBe(true);
    expect(await applyOnce(db, schema, projection, events[0])).toBe(false);
    expect(await applyOnce(db, schema, projection, events[1])).toBe(true);
    const count = async () =>
      Number(
        (await db.query<{ n: number }>(`SELECT n FROM "${schema}".counter WHERE stream_id = $1`, [stream]))
          .rows[0]?.n,
      );
    expect(await count()).toBe(2);

    await db.query(`UPDATE "${schema}".counter SET n = 99`);
    async function* everything() {
      let after = 0;
      for (;;) {
        const page = await store.readAll(after, 100);
        if (page.events.length === 0) return;
        yield* page.events;
        after = page.lastPosition;
      }
    }
    await rebuildProjection(db, schema, projection, everything());
    expect(await count()).toBe(2);
  });
});
