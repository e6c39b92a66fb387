import type { EventEnvelope, EventMetadata, NewEvent } from '@iam/contracts';
import type { TraceCarrier } from '@iam/messaging';
import type { AppendResult, ExpectedVersion } from './event-store';
import type { AppendedEvents } from './appended-events';
import type { Queryable, SqlDatabase } from './sql-database';

/** The first events of a stream that must not exist yet (expected version 0), for `appendToNewStreams`. */
export interface NewStreamAppend {
  streamId: string;
  events: NewEvent[];
  metadata: EventMetadata;
  /**
   * The W3C trace context of the request that asked for this append: a
   * batch is written outside that request's context, so it is passed along
   * (the outbox row keeps it, and the relay's send span joins that trace).
   */
  traceContext?: TraceCarrier;
  /** The sink of the call that asked for this append (`appendedEventsSink()`), told its ids once committed. */
  appendedEvents?: AppendedEvents;
}

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
   * Starts many streams in one transaction of its own, in as few statements
   * as the store can (one on Postgres, when no inline projection needs its
   * rows: group commit for a writer whose every command creates a stream,
   * such as an issued session). All or none: a stream that exists already
   * fails the lot with `ConcurrencyError`. Answers each append's envelopes,
   * in the order of `appends`.
   */
  abstract appendToNewStreams(appends: readonly NewStreamAppend[]): Promise<EventEnvelope[][]>;

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
