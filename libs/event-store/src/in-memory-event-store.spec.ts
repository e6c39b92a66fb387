import type { EventMetadata, NewEvent } from '@iam/contracts';
import { ConcurrencyError } from './concurrency-error';
import { InMemoryEventStore } from './in-memory-event-store';

const metadata: EventMetadata = {
  accountId: '123456789012',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c1',
};
const event = (n: number): NewEvent => ({ type: 'test.Happened', schemaVersion: 1, payload: { n } });

describe('InMemoryEventStore (no SQL database)', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore({ topic: 'test.topic' });
  });

  it('appends with stream versions and reads a stream back in order', async () => {
    const first = await store.append('s-1', 0, [event(1), event(2)], metadata);
    expect(first.nextExpectedVersion).toBe(2);
    await store.append('s-1', 2, [event(3)], metadata);
    const read = await store.readStream('s-1');
    expect(read.map((e) => [e.streamVersion, e.payload])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    expect(read[0]).toMatchObject({ streamId: 's-1', accountId: '123456789012', causationId: null });
  });

  it('refuses an append at a stale version with ConcurrencyError, and writes nothing', async () => {
    await store.append('s-1', 0, [event(1)], metadata);
    await expect(store.append('s-1', 0, [event(2)], metadata)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('s-1')).toHaveLength(1);
    await expect(store.append('s-1', 'any', [event(2)], metadata)).resolves.toMatchObject({
      nextExpectedVersion: 2,
    });
  });

  it('starts many streams at once, or none of them when one exists already', async () => {
    const appended = await store.appendToNewStreams([
      { streamId: 'n-1', events: [event(1)], metadata },
      { streamId: 'n-2', events: [event(2), event(3)], metadata },
    ]);
    expect(appended.map((envelopes) => envelopes.map((e) => [e.streamId, e.streamVersion]))).toEqual([
      [['n-1', 1]],
      [
        ['n-2', 1],
        ['n-2', 2],
      ],
    ]);
    await expect(
      store.appendToNewStreams([
        { streamId: 'n-3', events: [event(4)], metadata },
        { streamId: 'n-1', events: [event(5)], metadata },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('n-3')).toHaveLength(0);
    expect(await store.readStream('n-1')).toHaveLength(1);
  });

  it('keeps a transaction’s appends to itself until it commits, and drops them when it throws', async () => {
    await expect(
      store.database.transaction(async (tx) => {
        await store.appendWithin(tx, 's-1', 0, [event(1)], metadata);
        await store.appendWithin(tx, 's-1', 1, [event(2)], metadata);
        expect(await store.readStream('s-1', tx)).toHaveLength(2);
        expect(await store.readStream('s-1')).toHaveLength(0);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.readStream('s-1')).toEqual([]);
    expect(store.position).toBe(0);
  });

  it('fails the later of two transactions that appended to one stream at the same version', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = store.database.transaction(async (tx) => {
      await store.appendWithin(tx, 's-1', 0, [event(1)], metadata);
      await held;
    });
    await store.append('s-1', 0, [event(2)], metadata);
    release();
    await expect(slow).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-1')).map((e) => e.payload)).toEqual([{ n: 2 }]);
  });

  it('reads everything in global order from a position, and tells committed events to its listeners', async () => {
    const told: string[] = [];
    store.onCommitted(async (events) => {
      told.push(...events.map((e) => `${e.streamId}@${e.streamVersion}`));
    });
    await store.append('a', 0, [event(1)], metadata);
    const mark = store.position;
    await store.append('b', 0, [event(2), event(3)], metadata);
    expect(told).toEqual(['a@1', 'b@1', 'b@2']);
    const after = await store.readAll(mark, 10);
    expect(after.events.map((e) => e.streamId)).toEqual(['b', 'b']);
    expect(after.lastPosition).toBe(3);
  });

  it('hands out copies: a reader that changes an event changes nothing stored', async () => {
    await store.append('s-1', 0, [event(1)], metadata);
    const [read] = await store.readStream('s-1');
    (read.payload as { n: number }).n = 99;
    expect((await store.readStream('s-1'))[0].payload).toEqual({ n: 1 });
  });

  it('says so when code runs SQL on a store given no database', async () => {
    await expect(store.database.query('SELECT 1')).rejects.toThrow(/no SQL database/);
  });
});
