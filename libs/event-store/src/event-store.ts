import {
  topicUpcasters,
  type EventEnvelope,
  type EventMetadata,
  type NewEvent,
  type Upcast,
  type UpcasterRegistry,
} from '@iam/contracts';
import { traceCarrierOf, type TraceCarrier } from '@iam/messaging';
import { inAppendSpan } from './append-span';
import { UncommittedAppends } from './appended-events';
import { ConcurrencyError } from './concurrency-error';
import { newEnvelopes } from './new-envelopes';
import type { EventStore, NewStreamAppend } from './event-store.port';
import { projectionHandles, type InlineProjection } from './projection';
import { recordProjectionVersion, syncInlineProjections } from './projection-versions';
import {
  identifier,
  prepared,
  sqlErrorCode,
  UNIQUE_VIOLATION,
  type PreparedStatement,
  type Queryable,
  type SqlDatabase,
} from './sql-database';

/** `number`: the stream must be exactly at that version (0 = must not exist yet); `'any'`: no check. */
export type ExpectedVersion = number | 'any';

export interface EventStoreOptions {
  schema: string;
  /** Topic every appended event is published to through the outbox. */
  topic: string;
  /** Read models updated in the same transaction as the append (strongly consistent for their service). */
  inlineProjections?: InlineProjection[];
  /** Where the topic's upcasters are found (default: the registry of `@iam/contracts`). */
  upcasters?: UpcasterRegistry;
}

export interface AppendResult {
  nextExpectedVersion: number;
  events: EventEnvelope[];
}

interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  stream_position: number;
  event_type: string;
  schema_version: number;
  account_id: string;
  data: unknown;
  metadata: { occurredAt: string; actorArn: string; correlationId: string; causationId: string | null };
}

/**
 * Postgres event store: append with optimistic concurrency on the stream
 * version, the outbox row in the same transaction, read a stream or
 * everything in global order.
 */
export class PostgresEventStore implements EventStore {
  private readonly events: string;
  private readonly outbox: string;
  /** Every read (streams, global order, rebuilds) brings old events to their current schema version. */
  private readonly upcast: Upcast;
  /** Appends of open transactions, reported to their call's sink on commit (appended-events.ts). */
  private readonly uncommitted = new UncommittedAppends();
  /** The statements of every append: prepared once per connection. */
  private readonly appendSql: AppendStatements;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: EventStoreOptions,
  ) {
    const schema = identifier(options.schema);
    this.events = `${schema}.events`;
    this.outbox = `${schema}.outbox`;
    this.appendSql = appendStatements(this.events, this.outbox);
    this.upcast = (options.upcasters ?? topicUpcasters).forTopic(options.topic);
    db.onCommit((tx) => this.uncommitted.committed(tx));
  }

  get topic(): string {
    return this.options.topic;
  }

  get database(): SqlDatabase {
    return this.db;
  }

  get schema(): string {
    return this.options.schema;
  }

  /** Appends in a transaction of its own. */
  async append(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    return this.db.transaction((tx) => this.appendWithin(tx, streamId, expected, events, metadata));
  }

  /**
   * Appends within the caller's transaction, so the caller can write more in
   * the same commit (a name reservation, a second stream).
   */
  async appendWithin(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const result = await inAppendSpan(streamId, expected, events, () =>
      this.insertEvents(tx, streamId, expected, events, metadata),
    );
    this.uncommitted.noteAppended(tx, result.events);
    return result;
  }

  async appendToNewStreams(appends: readonly NewStreamAppend[]): Promise<EventEnvelope[][]> {
    if (appends.length === 0) return [];
    const batches = appends.map(({ streamId, events, metadata }) =>
      newEnvelopes(streamId, 0, events, metadata),
    );
    const rows = batches.flatMap((envelopes, index) =>
      envelopes.map((envelope) => ({ envelope, trace_context: appends[index].traceContext ?? null })),
    );
    const label = `${appends.length} new streams`;
    const statement = this.appendSql.newStreams;
    const params = [JSON.stringify(rows), this.options.topic];
    await inAppendSpan(label, 0, batches.flat(), async () => {
      try {
        if (this.inlineProjections.length === 0) {
          await this.db.commitStatement(statement, params);
          return;
        }
        await this.db.transaction(async (tx) => {
          await tx.query(statement, params);
          for (const envelope of batches.flat()) await this.project(tx, envelope);
        });
      } catch (error) {
        if (
          sqlErrorCode(error) === UNIQUE_VIOLATION &&
          String((error as Error).message).includes('events_stream_position')
        ) {
          throw new ConcurrencyError(existingStream(error) ?? label, 0, undefined);
        }
        throw error;
      }
    });
    // Committed: each call of the batch learns its own events.
    appends.forEach((append, index) => append.appendedEvents?.add(batches[index].map((e) => e.eventId)));
    return batches;
  }

  private async insertEvents(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const { rows } = await tx.query<{ version: number }>(this.appendSql.streamVersion, [streamId]);
    const current = Number(rows[0].version);
    if (expected !== 'any' && current !== expected) {
      throw new ConcurrencyError(streamId, expected, current);
    }
    const envelopes = newEnvelopes(streamId, current, events, metadata);
    const traceContext = traceCarrierOf();
    try {
      for (const envelope of envelopes) {
        await this.insertRows(tx, envelope, traceContext);
        await this.project(tx, envelope);
      }
    } catch (error) {
      // Two writers passed the version check together; the unique
      // (stream_id, stream_position) constraint lets only one commit.
      if (
        sqlErrorCode(error) === UNIQUE_VIOLATION &&
        String((error as Error).message).includes('events_stream_position')
      ) {
        throw new ConcurrencyError(streamId, typeof expected === 'number' ? expected : current, undefined);
      }
      throw error;
    }
    return { nextExpectedVersion: current + envelopes.length, events: envelopes };
  }

  /**
   * One stream's events, upcast. `TEvent` is what the caller knows the
   * stream holds (its aggregate's event union): a stream id names one
   * aggregate, whose events only its decider raises (as emmett's readStream).
   */
  async readStream<TEvent extends NewEvent = EventEnvelope>(
    streamId: string,
    tx: Queryable = this.db,
  ): Promise<(TEvent & EventEnvelope)[]> {
    const { rows } = await tx.query<EventRow>(
      `SELECT * FROM ${this.events} WHERE stream_id = $1 ORDER BY stream_position`,
      [streamId],
    );
    return rows.map((row) => this.upcast(toEnvelope(row)) as TEvent & EventEnvelope);
  }

  /** Events after `afterPosition` in global order, for rebuilds and catch-up readers. */
  async readAll(
    afterPosition: number,
    limit: number,
  ): Promise<{ events: EventEnvelope[]; lastPosition: number }> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT * FROM ${this.events} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [afterPosition, limit],
    );
    const lastPosition = rows.length > 0 ? Number(rows[rows.length - 1].global_position) : afterPosition;
    return { events: rows.map((row) => this.upcast(toEnvelope(row))), lastPosition };
  }

  /**
   * One account's events exactly as stored (not upcast: a backup keeps each
   * event at the schema version it was written in), in global order, a page
   * after `afterPosition`.
   */
  async readAccountAsStored(
    accountId: string,
    afterPosition: number,
    limit: number,
  ): Promise<{ events: EventEnvelope[]; lastPosition: number }> {
    const { rows } = await this.db.query<EventRow>(
      `SELECT * FROM ${this.events} WHERE account_id = $1 AND global_position > $2
        ORDER BY global_position LIMIT $3`,
      [accountId, afterPosition, limit],
    );
    const lastPosition = rows.length > 0 ? Number(rows[rows.length - 1].global_position) : afterPosition;
    return { events: rows.map(toEnvelope), lastPosition };
  }

  /** An event's row and its outbox row (the envelope as published, with the trace it was appended in). */
  private async insertRows(tx: Queryable, envelope: EventEnvelope, traceContext: TraceCarrier | undefined) {
    await tx.query(this.appendSql.insertEvent, [
      envelope.eventId,
      envelope.streamId,
      envelope.streamVersion,
      envelope.type,
      envelope.schemaVersion,
      envelope.accountId,
      JSON.stringify(envelope.payload),
      JSON.stringify({
        occurredAt: envelope.occurredAt,
        actorArn: envelope.actorArn,
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
      }),
    ]);
    await tx.query(this.appendSql.insertOutbox, [
      this.options.topic,
      envelope.streamId,
      envelope.eventId,
      JSON.stringify(envelope),
      traceContext ? JSON.stringify(traceContext) : null,
    ]);
  }

  /**
   * Restores exported events in the caller's transaction as if appended now
   * (a restore replays through the store): each keeps its id, stream,
   * position, time and metadata; each gets its outbox row (other services
   * and the audit trail receive it) and runs through the inline projections,
   * upcast. A stream position that exists already fails the whole restore.
   */
  async importWithin(tx: Queryable, envelopes: readonly EventEnvelope[]): Promise<void> {
    for (const envelope of envelopes) {
      await this.insertRows(tx, envelope, undefined);
      await this.project(tx, this.upcast(envelope));
    }
  }

  /**
   * Drops an inline projection and replays every event into it, in one
   * transaction, so readers see the old rows or the new ones, never half.
   * Records the projection's version with it.
   */
  async rebuild(projectionName: string): Promise<number> {
    return this.db.transaction((tx) => this.rebuildWithin(tx, projectionName));
  }

  /** `rebuild` within the caller's transaction; returns how many events the projection handled. */
  async rebuildWithin(tx: Queryable, projectionName: string): Promise<number> {
    const projection = this.inlineProjections.find((p) => p.name === projectionName);
    if (!projection) throw new Error(`no inline projection named ${projectionName}`);
    await projection.reset(tx);
    let after = 0;
    let count = 0;
    for (;;) {
      const { rows } = await tx.query<EventRow>(
        `SELECT * FROM ${this.events} WHERE global_position > $1 ORDER BY global_position LIMIT 1000`,
        [after],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const event = this.upcast(toEnvelope(row));
        if (!projectionHandles(projection, event.type)) continue;
        await projection.apply(tx, event);
        count++;
      }
      after = Number(rows[rows.length - 1].global_position);
    }
    await recordProjectionVersion(tx, this.options.schema, projection);
    return count;
  }

  rebuildOutdatedProjections(): Promise<string[]> {
    return syncInlineProjections(this);
  }

  get inlineProjections(): readonly InlineProjection[] {
    return this.options.inlineProjections ?? [];
  }

  get inlineProjectionNames(): string[] {
    return this.inlineProjections.map((p) => p.name);
  }

  /** Runs a new event through the inline projections that handle its type. */
  private async project(tx: Queryable, event: EventEnvelope): Promise<void> {
    for (const projection of this.inlineProjections) {
      if (projectionHandles(projection, event.type)) await projection.apply(tx, event);
    }
  }
}

/** The stream a unique violation names (Postgres's detail: `Key (stream_id, stream_position)=(s, 1) already exists.`). */
function existingStream(error: unknown): string | undefined {
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' ? /=\((.*), \d+\) already exists/.exec(detail)?.[1] : undefined;
}

function toEnvelope(row: EventRow): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: Number(row.schema_version),
    streamId: row.stream_id,
    streamVersion: Number(row.stream_position),
    accountId: row.account_id,
    occurredAt: row.metadata.occurredAt,
    actorArn: row.metadata.actorArn,
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId,
    payload: row.data,
  };
}

interface AppendStatements {
  streamVersion: PreparedStatement;
  insertEvent: PreparedStatement;
  insertOutbox: PreparedStatement;
  /** Every event of a batch of new streams and its outbox row, the rows travelling as one JSON array, in order. */
  newStreams: PreparedStatement;
}

function appendStatements(events: string, outbox: string): AppendStatements {
  return {
    streamVersion: prepared(
      `SELECT COALESCE(MAX(stream_position), 0)::int AS version FROM ${events} WHERE stream_id = $1`,
    ),
    insertEvent: prepared(
      `INSERT INTO ${events}
         (event_id, stream_id, stream_position, event_type, schema_version, account_id, data, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    ),
    insertOutbox: prepared(
      `INSERT INTO ${outbox} (topic, message_key, event_id, envelope, trace_context) VALUES ($1, $2, $3, $4, $5)`,
    ),
    // Each row travels once, as its envelope: the event's columns are read from it.
    newStreams: prepared(`WITH input AS (
         SELECT r.value->'envelope' AS e, r.value->'trace_context' AS trace_context, r.ordinality
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS r
       ), events AS (
         INSERT INTO ${events}
           (event_id, stream_id, stream_position, event_type, schema_version, account_id, data, metadata)
         SELECT (e->>'eventId')::uuid, e->>'streamId', (e->>'streamVersion')::int,
                e->>'type', (e->>'schemaVersion')::int, e->>'accountId', e->'payload',
                jsonb_build_object('occurredAt', e->'occurredAt', 'actorArn', e->'actorArn',
                                   'correlationId', e->'correlationId', 'causationId', e->'causationId')
         FROM input ORDER BY ordinality
       )
       INSERT INTO ${outbox} (topic, message_key, event_id, envelope, trace_context)
       SELECT $2, e->>'streamId', (e->>'eventId')::uuid, e, NULLIF(trace_context, 'null'::jsonb)
       FROM input ORDER BY ordinality`),
  };
}
