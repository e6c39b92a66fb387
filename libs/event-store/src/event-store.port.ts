import type { EventEnvelope, EventMetadata, NewEvent } from '@iam/contracts';
import type { AppendResult, ExpectedVersion } from './event-store';
import type { Queryable, SqlDatabase } from './sql-database';

/**
 * The event store as services see it: what they inject and type against.
 * `PostgresEventStore` implements it in both deployment modes;
 * `InMemoryEventStore` in slice and unit tests. An abstract class rather
 * than an interface so that Nest can inject it by its type.
 */
export abstract class EventStore {
  /** Topic every appended event is published to. */
  abstract get topic(): string;

  /** Where the store's transactions run: inline projections and name reservations commit with the events. */
  abstract get database(): SqlDatabase;

  /** Names of the read models updated in the same transaction as an append. */
  abstract get inlineProjectionNames(): string[];

  /** Appends in a transaction of its own; `ConcurrencyError` if the stream is not at `expected`. */
  abstract append(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult>;

  /** Appends within a transaction of `database`, so the caller can write more in the same commit. */
  abstract appendWithin(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult>;

  /**
   * A stream's events in order, upcast to their current schema versions;
   * inside `tx`, with what `tx` appended so far. `TEvent` is the union of
   * the stream's aggregate (a stream id names one aggregate, whose events
   * only its decider raises).
   */
  abstract readStream<TEvent extends NewEvent = EventEnvelope>(
    streamId: string,
    tx?: Queryable,
  ): Promise<(TEvent & EventEnvelope)[]>;

  /** Events after `afterPosition` in global order, for rebuilds and catch-up readers. */
  abstract readAll(
    afterPosition: number,
    limit: number,
  ): Promise<{ events: EventEnvelope[]; lastPosition: number }>;

  /** Drops an inline projection and replays every event into it, in one transaction. */
  abstract rebuild(projectionName: string): Promise<number>;

  /**
   * At start: rebuilds every inline projection whose recorded version is not
   * the code's (projection-versions.ts); returns the names rebuilt.
   */
  abstract rebuildOutdatedProjections(): Promise<string[]>;
}
