import {
  topicUpcasters,
  type EventEnvelope,
  type EventMetadata,
  type NewEvent,
  type Upcast,
  type UpcasterRegistry,
} from '@iam/contracts';
import { UncommittedAppends, withoutAppendedEvents } from './appended-events';
import { ConcurrencyError } from './concurrency-error';
import { newEnvelopes } from './new-envelopes';
import type { AppendResult, ExpectedVersion } from './event-store';
import { projectionHandles, type InlineProjection } from './projection';
import { EventStore, type NewStreamAppend } from './event-store.port';
import { NoSqlDatabase } from './no-sql-database';
import type { Queryable, SessionLock, Sql, SqlDatabase } from './sql-database';

export interface InMemoryEventStoreOptions {
  topic: string;
  /**
   * Where inline projections write and the service's queries read (an
   * in-process PGlite in slice tests). Without one, transactions run no SQL:
   * enough for code that only reads and appends streams.
   */
  database?: SqlDatabase;
  inlineProjections?: InlineProjection[];
  /** Where the topic's upcasters are found (default: the registry of `@iam/contracts`). */
  upcasters?: UpcasterRegistry;
}

/** Appends of one open transaction: invisible to others until it commits. */
interface OpenTransaction {
  events: EventEnvelope[];
  /** Each stream's committed version when this transaction first appended to it. */
  baseVersions: Map<string, number>;
}

/**
 * The event store behind the same port as Postgres's, with events held in
 * memory: per-stream versions and the same ConcurrencyError, appends
 * visible only once their transaction commits, inline projections applied
 * in that transaction of `database`. For slice tests (no Postgres server)
 * and unit tests.
 */
export class InMemoryEventStore extends EventStore {
  /** Committed events in global order: an event's position is its index + 1. */
  private readonly log: EventEnvelope[] = [];
  private readonly streams = new Map<string, EventEnvelope[]>();
  private readonly open = new Map<Queryable, OpenTransaction>();
  private readonly committedListeners: ((events: EventEnvelope[]) => Promise<void>)[] = [];
  private readonly tracked: SqlDatabase;
  private readonly upcast: Upcast;
  /** Appends of open transactions, reported to their call's sink on commit (appended-events.ts). */
  private readonly uncommitted = new UncommittedAppends();

  constructor(private readonly options: InMemoryEventStoreOptions) {
    super();
    this.upcast = (options.upcasters ?? topicUpcasters).forTopic(options.topic);
    const database = options.database ?? new NoSqlDatabase();
    database.onCommit((tx) => this.uncommitted.committed(tx));
    this.tracked = new TrackedDatabase(database, {
      begin: (tx) => this.open.set(tx, { events: [], baseVersions: new Map() }),
      beforeCommit: (tx) => this.commit(tx),
      end: (tx) => this.open.delete(tx),
      afterCommit: (events) => this.notify(events),
      undo: (events) => this.uncommit(events),
    });
  }

  get topic(): string {
    return this.options.topic;
  }

  get database(): SqlDatabase {
    return this.tracked;
  }

  get inlineProjectionNames(): string[] {
    return (this.options.inlineProjections ?? []).map((p) => p.name);
  }

  /**
   * Called with every transaction's events once it committed, in commit
   * order, before that transaction's caller goes on (a test publishes them
   * as the outbox relay would).
   */
  onCommitted(listener: (events: EventEnvelope[]) => Promise<void>): void {
    this.committedListeners.push(listener);
  }

  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    return this.tracked.transaction((tx) => this.appendWithin(tx, streamId, expected, events, metadata));
  }

  async appendWithin(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const open = this.open.get(tx);
    if (!open) throw new Error('appendWithin needs a transaction opened with this store’s `database`');
    const committed = this.committedVersion(streamId);
    if (!open.baseVersions.has(streamId)) open.baseVersions.set(streamId, committed);
    const current = committed + open.events.filter((event) => event.streamId === streamId).length;
    if (expected !== 'any' && current !== expected) {
      throw new ConcurrencyError(streamId, expected, current);
    }
    // Stored as JSON, as JSONB would: what does not survive that does not survive here either.
    const envelopes = newEnvelopes(streamId, current, events, metadata).map((envelope) => ({
      ...envelope,
      payload: JSON.parse(JSON.stringify(envelope.payload)) as unknown,
    }));
    for (const envelope of envelopes) {
      open.events.push(envelope);
      for (const projection of this.options.inlineProjections ?? []) {
        if (projectionHandles(projection, envelope.type))
          await projection.apply(tx, this.fromStore(envelope));
      }
    }
    this.uncommitted.noteAppended(tx, envelopes);
    return {
      nextExpectedVersion: current + envelopes.length,
      events: envelopes.map((event) => this.fromStore(event)),
    };
  }

  async appendToNewStreams(appends: readonly NewStreamAppend[]): Promise<EventEnvelope[][]> {
    // Not the sink of whichever call started the batch: each append names its own.
    const batches = await withoutAppendedEvents(() =>
      this.tracked.transaction(async (tx) => {
        const appended: EventEnvelope[][] = [];
        // A failure rolls the transaction back: no stream of the batch is started.
        for (const { streamId, events, metadata } of appends)
          appended.push((await this.appendWithin(tx, streamId, 0, events, metadata)).events);
        return appended;
      }),
    );
    appends.forEach((append, index) => append.appendedEvents?.add(batches[index].map((e) => e.eventId)));
    return batches;
  }

  async readStream<TEvent extends NewEvent = EventEnvelope>(
    streamId: string,
    tx?: Queryable,
  ): Promise<(TEvent & EventEnvelope)[]> {
    const committed = this.streams.get(streamId) ?? [];
    const own = (tx && this.open.get(tx)?.events.filter((event) => event.streamId === streamId)) ?? [];
    return [...committed, ...own].map((event) => this.fromStore(event) as TEvent & EventEnvelope);
  }

  async readAll(
    afterPosition: number,
    limit: number,
  ): Promise<{ events: EventEnvelope[]; lastPosition: number }> {
    const events = this.log.slice(afterPosition, afterPosition + limit);
    return {
      events: events.map((event) => this.fromStore(event)),
      lastPosition: afterPosition + events.length,
    };
  }

  /** Position of the last committed event (0 when none): `readAll(position)` then gives what came after. */
  get position(): number {
    return this.log.length;
  }

  /** Nothing outdated: the store starts empty with every projection at the code's version. */
  async rebuildOutdatedProjections(): Promise<string[]> {
    return [];
  }

  async rebuild(projectionName: string): Promise<number> {
    const projection = (this.options.inlineProjections ?? []).find((p) => p.name === projectionName);
    if (!projection) throw new Error(`no inline projection named ${projectionName}`);
    return this.tracked.transaction(async (tx) => {
      await projection.reset(tx);
      let count = 0;
      for (const envelope of this.log) {
        if (!projectionHandles(projection, envelope.type)) continue;
        await projection.apply(tx, this.fromStore(envelope));
        count++;
      }
      return count;
    });
  }

  private committedVersion(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }

  /**
   * Makes a transaction's events visible, just before its SQL commits. A
   * stream another transaction moved on meanwhile fails it, as Postgres's
   * unique (stream, position) does.
   */
  private commit(tx: Queryable): EventEnvelope[] {
    const open = this.open.get(tx);
    if (!open || open.events.length === 0) return [];
    for (const [streamId, base] of open.baseVersions) {
      if (this.committedVersion(streamId) !== base) throw new ConcurrencyError(streamId, base, undefined);
    }
    for (const envelope of open.events) {
      this.log.push(envelope);
      const stream = this.streams.get(envelope.streamId) ?? [];
      stream.push(envelope);
      this.streams.set(envelope.streamId, stream);
    }
    return open.events;
  }

  /** The SQL commit failed after `commit`: its events were never there. */
  private uncommit(events: EventEnvelope[]): void {
    const ids = new Set(events.map((event) => event.eventId));
    const kept = this.log.filter((event) => !ids.has(event.eventId));
    this.log.splice(0, this.log.length, ...kept);
    for (const event of events) {
      const stream = this.streams.get(event.streamId) ?? [];
      this.streams.set(
        event.streamId,
        stream.filter((e) => !ids.has(e.eventId)),
      );
    }
  }

  /**
   * The one read path of stored events: every read returns its own copy (a
   * caller that changes it changes nothing stored), upcast to the current schema version.
   */
  private fromStore(envelope: EventEnvelope): EventEnvelope {
    return this.upcast(structuredClone(envelope));
  }

  private async notify(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    for (const listener of this.committedListeners)
      await listener(events.map((event) => this.fromStore(event)));
  }
}

interface TransactionHooks {
  begin(tx: Queryable): void;
  beforeCommit(tx: Queryable): EventEnvelope[];
  end(tx: Queryable): void;
  afterCommit(events: EventEnvelope[]): Promise<void>;
  undo(events: EventEnvelope[]): void;
}

/** The store's database: the given one, whose transactions also commit (or drop) the store's events. */
class TrackedDatabase implements SqlDatabase {
  constructor(
    private readonly inner: SqlDatabase,
    private readonly hooks: TransactionHooks,
  ) {}

  get sharedByProcesses(): boolean {
    return this.inner.sharedByProcesses;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let committed: EventEnvelope[] = [];
    let value: T;
    try {
      value = await this.inner.transaction(async (tx) => {
        this.hooks.begin(tx);
        try {
          const result = await work(tx);
          committed = this.hooks.beforeCommit(tx);
          return result;
        } finally {
          this.hooks.end(tx);
        }
      });
    } catch (error) {
      this.hooks.undo(committed);
      throw error;
    }
    await this.hooks.afterCommit(committed);
    return value;
  }

  query<Row = Record<string, unknown>>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    return this.inner.query<Row>(sql, params);
  }

  commitStatement<Row = Record<string, unknown>>(sql: Sql, params?: unknown[]): Promise<{ rows: Row[] }> {
    return this.transaction((tx) => tx.query<Row>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  tryLock(key: string): Promise<SessionLock | null> {
    return this.inner.tryLock(key);
  }

  onCommit(listener: (tx: Queryable) => void): void {
    this.inner.onCommit(listener);
  }
}
