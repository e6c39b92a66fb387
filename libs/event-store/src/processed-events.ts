import type { EventEnvelope } from '@iam/contracts';
import { identifier, type Queryable, type SqlDatabase } from './sql-database';

/** A read model kept by a consumer of events from any service. */
export interface Projection {
  /** Consumer name; also the key of its processed-event ids. */
  name: string;
  /** Drops the projection's rows, for a rebuild. */
  reset(tx: Queryable): Promise<void>;
  apply(tx: Queryable, event: EventEnvelope): Promise<void>;
  /**
   * Optional: several events, in order, in fewer statements than one `apply`
   * each (a consumer catching up after an outage applies whole batches).
   */
  applyBatch?(tx: Queryable, events: EventEnvelope[]): Promise<void>;
}

/**
 * Applies an event to a projection exactly once per event id: the id is
 * recorded in the same transaction as the projection's write, so a
 * redelivered event (at-least-once transport) changes nothing.
 * Returns false when the event had already been applied.
 */
export async function applyOnce(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
  event: EventEnvelope,
): Promise<boolean> {
  const table = `${identifier(schema)}.processed_events`;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [projection.name, event.eventId],
    );
    if (rows.length === 0) return false;
    await projection.apply(tx, event);
    return true;
  });
}

/**
 * Applies a batch in one transaction, each event once: the ids not yet
 * recorded are recorded and applied, in order; the others are skipped.
 */
export async function applyBatchOnce(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
  events: EventEnvelope[],
): Promise<number> {
  const table = `${identifier(schema)}.processed_events`;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ event_id: string }>(
      `INSERT INTO ${table} (consumer, event_id)
       SELECT $1, id FROM unnest($2::uuid[]) AS id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [projection.name, events.map((event) => event.eventId)],
    );
    const fresh = new Set(rows.map((row) => row.event_id));
    const unseen = events.filter((event) => fresh.delete(event.eventId));
    if (projection.applyBatch) {
      await projection.applyBatch(tx, unseen);
    } else {
      for (const event of unseen) await projection.apply(tx, event);
    }
    return unseen.length;
  });
}

/**
 * Drops a projection and replays it from an event source in one
 * transaction: its processed ids are cleared with it, so events arriving
 * afterwards are applied on top of the rebuilt state.
 */
export async function rebuildProjection(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
  source: AsyncIterable<EventEnvelope>,
): Promise<number> {
  const table = `${identifier(schema)}.processed_events`;
  return db.transaction(async (tx) => {
    await projection.reset(tx);
    await tx.query(`DELETE FROM ${table} WHERE consumer = $1`, [projection.name]);
    let count = 0;
    for await (const event of source) {
      const { rows } = await tx.query(
        `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [projection.name, event.eventId],
      );
      if (rows.length === 0) continue;
      await projection.apply(tx, event);
      count++;
    }
    return count;
  });
}
