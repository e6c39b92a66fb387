import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata, NewEvent } from '@iam/contracts';
import { traceCarrierOf } from '@iam/messaging';
import { inAppendSpan } from './append-span';
import { ConcurrencyError } from './concurrency-error';
import type { EventStore } from './event-store.port';
import { identifier, sqlErrorCode, UNIQUE_VIOLATION, type Queryable, type SqlDatabase } from './sql-database';

/** `number`: the stream must be exactly at that version (0 = must not exist yet); `'any'`: no check. */
export type ExpectedVersion = number | 'any';

/** A read model updated in the same transaction as the append (strongly consistent for its service). */
export interface InlineProjection {
  name: string;
  /** Drops the projection's rows, for a rebuild. */
  reset(tx: Queryable): Promise<void>;
  apply(tx: Queryable, event: EventEnvelope): Promise<void>;
}

export interface EventStoreOptions {
  schema: string;
  /** Topic every appended event is published to through the outbox. */
  topic: string;
  inlineProjections?: InlineProjection[];
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

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: EventStoreOptions,
  ) {
    const schema = identifier(options.schema);
    this.events = `${schema}.events`;
    this.outbox = `${schema}.outbox`;
  }

  get topic(): string {
    return this.options.topic;
  }

  get database(): SqlDatabase {
    return this.db;
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
    return inAppendSpan(streamId, expected, events, () =>
      this.insertEvents(tx, streamId, expected, events, metadata),
    );
  }

  private async insertEvents(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const { rows } = await tx.query<{ version: number }>(
      `SELECT COALESCE(MAX(stream_position), 0)::int AS version FROM ${this.events} WHERE stream_id = $1`,
      [streamId],
    );
    const current = Number(rows[0].version);
    if (expected !== 'any' && current !== expected) {
      throw new ConcurrencyError(streamId, expected, current);
    }
    const occurredAt = new Date().toISOString();
    const envelopes: EventEnvelope[] = events.map((event, index) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId,
      streamVersion: current + index + 1,
      accountId: metadata.accountId,
      occurredAt,
      actorArn: metadata.actorArn,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId ?? null,
      payload: event.payload,
    }));
    const traceContext = traceCarrierOf();
    try {
      for (const envelope of envelopes) {
        await tx.query(
          `INSERT INTO ${this.events}
             (event_id, stream_id, stream_position, event_type, schema_version, account_id, data, metadata)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            envelope.eventId,
            streamId,
            envelope.streamVersion,
            envelope.type,
            envelope.schemaVersion,
            envelope.accountId,
            JSON.stringify(envelope.payload),
            JSON.stringify({
              occurredAt,
              actorArn: envelope.actorArn,
              correlationId: envelope.correlationId,
              causationId: envelope.causationId,
            }),
          ],
        );
        await tx.query(
          `INSERT INTO ${this.outbox} (topic, message_key, event_id, envelope, trace_context)
           VALUES ($1, $2, $3, $4, $5)`,
          [
            this.options.topic,
            streamId,
            envelope.eventId,
            JSON.stringify(envelope),
            traceContext ? JSON.stringify(traceContext) : null,
          ],
        );
        for (const projection of this.options.inlineProjections ?? []) {
          await projection.apply(tx, envelope);
        }
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

  async readStream(streamId: string, tx: Queryable = this.db): Promise<EventEnvelope[]> {
    const { rows } = await tx.query<EventRow>(
      `SELECT * FROM ${this.events} WHERE stream_id = $1 ORDER BY stream_position`,
      [streamId],
    );
    return rows.map(toEnvelope);
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
    return { events: rows.map(toEnvelope), lastPosition };
  }

  /**
   * Drops an inline projection and replays every event into it, in one
   * transaction, so readers see the old rows or the new ones, never half.
   */
  async rebuild(projectionName: string): Promise<number> {
    const projection = (this.options.inlineProjections ?? []).find((p) => p.name === projectionName);
    if (!projection) throw new Error(`no inline projection named ${projectionName}`);
    return this.db.transaction(async (tx) => {
      await projection.reset(tx);
      let after = 0;
      let count = 0;
      for (;;) {
        const { rows } = await tx.query<EventRow>(
          `SELECT * FROM ${this.events} WHERE global_position > $1 ORDER BY global_position LIMIT 1000`,
          [after],
        );
        if (rows.length === 0) return count;
        for (const row of rows) await projection.apply(tx, toEnvelope(row));
        count += rows.length;
        after = Number(rows[rows.length - 1].global_position);
      }
    });
  }

  get inlineProjectionNames(): string[] {
    return (this.options.inlineProjections ?? []).map((p) => p.name);
  }
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
