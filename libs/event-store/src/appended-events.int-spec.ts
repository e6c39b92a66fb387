import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@iam/contracts';
import { dropSchemas, testInfrastructure, type TestInfrastructure } from '@iam/testing';
import { AppendedEventIds, collectAppendedEvents, withoutAppendedEvents } from './appended-events';
import { ConcurrencyError } from './concurrency-error';
import { PostgresEventStore } from './event-store';
import { eventStoreMigrations } from './event-store.migrations';
import { runMigrations } from './migrations';
import { PgDatabase } from './pg-database';

const meta: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c-1',
};
const event = (n: number) => ({ type: 'test.Happened', schemaVersion: 1, payload: { n } });

/** The ids of a stream's events as stored. */
async function idsOf(store: PostgresEventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId)).map((e) => e.eventId);
}

describe('appended events: a call learns the ids its committed appends produced (real Postgres)', () => {
  let infra: TestInfrastructure;
  let db: PgDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    infra = await testInfrastructure();
    const schema = `${infra.schemaPrefix}appended`;
    db = new PgDatabase(infra.databaseUrl);
    await runMigrations(db, schema, eventStoreMigrations);
    store = new PostgresEventStore(db, { schema, topic: 'test.topic' });
  });

  afterAll(async () => {
    await db.close();
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it('reports the events of committed transactions, never those of one rolled back', async () => {
    const [rolledBack, committed, own] = [`a-${randomUUID()}`, `b-${randomUUID()}`, `c-${randomUUID()}`];
    const sink = new AppendedEventIds();
    await collectAppendedEvents(sink, async () => {
      await expect(
        db.transaction(async (tx) => {
          await store.appendWithin(tx, rolledBack, 0, [event(1)], meta);
          throw new Error('the command failed after appending');
        }),
      ).rejects.toThrow('the command failed');
      await db.transaction(async (tx) => {
        await store.appendWithin(tx, committed, 0, [event(1), event(2)], meta);
        // Not yet: the transaction is still open.
        expect(sink.ids).toEqual([]);
      });
      await store.append(own, 0, [event(3)], meta);
    });
    expect(await idsOf(store, rolledBack)).toEqual([]);
    expect(sink.ids).toEqual([...(await idsOf(store, committed)), ...(await idsOf(store, own))]);
  });

  it('reports only the attempt that won when a command is retried after losing a race', async () => {
    const stream = `race-${randomUUID()}`;
    await store.append(stream, 0, [event(0)], meta);
    const side = `side-${randomUUID()}`;
    const sink = new AppendedEventIds();
    let attempts = 0;
    await collectAppendedEvents(sink, async () => {
      for (;;) {
        try {
          await db.transaction(async (tx) => {
            attempts++;
            // The first attempt appends to another stream, then loses on the raced one: all rolled back.
            if (attempts === 1) {
              await store.appendWithin(tx, side, 0, [event(9)], meta);
              // Another writer, not this call, wins the race meanwhile.
              await withoutAppendedEvents(() => store.append(stream, 1, [event(1)], meta));
            }
            await store.appendWithin(tx, stream, attempts === 1 ? 1 : 2, [event(2)], meta);
          });
          return;
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || attempts > 2) throw error;
        }
      }
    });
    expect(attempts).toBe(2);
    expect(await idsOf(store, side)).toEqual([]);
    const stored = await store.readStream(stream);
    // The other writer's event is not this call's; only the winning attempt's is.
    expect(sink.ids).toEqual([stored[2].eventId]);
  });

  it('keeps concurrent calls apart, and a batch tells each append its own sink', async () => {
    const sinks = [new AppendedEventIds(), new AppendedEventIds()];
    const streams = [`p-${randomUUID()}`, `q-${randomUUID()}`];
    await Promise.all(
      sinks.map((sink, i) =>
        collectAppendedEvents(sink, () => store.append(streams[i], 0, [event(i)], meta)),
      ),
    );
    expect(sinks[0].ids).toEqual(await idsOf(store, streams[0]));
    expect(sinks[1].ids).toEqual(await idsOf(store, streams[1]));

    // A batch written in one call's context: the others' appends are theirs, not that call's.
    const [starter, first, second] = [new AppendedEventIds(), new AppendedEventIds(), new AppendedEventIds()];
    const batch = [`s-${randomUUID()}`, `t-${randomUUID()}`];
    await collectAppendedEvents(starter, () =>
      store.appendToNewStreams([
        { streamId: batch[0], events: [event(1)], metadata: meta, appendedEvents: first },
        { streamId: batch[1], events: [event(2), event(3)], metadata: meta, appendedEvents: second },
      ]),
    );
    expect(starter.ids).toEqual([]);
    expect(first.ids).toEqual(await idsOf(store, batch[0]));
    expect(second.ids).toEqual(await idsOf(store, batch[1]));
    expect(second.ids).toHaveLength(2);
  });

  it('tells no call of a batch that failed', async () => {
    const existing = `x-${randomUUID()}`;
    await store.append(existing, 0, [event(1)], meta);
    const sink = new AppendedEventIds();
    await expect(
      store.appendToNewStreams([
        { streamId: `y-${randomUUID()}`, events: [event(1)], metadata: meta, appendedEvents: sink },
        { streamId: existing, events: [event(2)], metadata: meta, appendedEvents: sink },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(sink.ids).toEqual([]);
  });
});
