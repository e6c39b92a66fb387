import type { EventEnvelope } from '@iam/contracts';
import { projectionHandles, type InlineProjection, type Projection } from './projection';
import { recordProjectionVersion } from './projection-versions';
import { identifier, type SqlDatabase } from './sql-database';

/**
 * Applies an event to a projection exactly once per event id: the id is
 * recorded in the same transaction as the projection's write, so a
 * redelivered event (at-least-once transport) changes nothing.
 * Returns false when the event had already been applied, or is of a type
 * the projection does not handle (then nothing is written).
 */
export async function applyOnce(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
  event: EventEnvelope,
): Promise<boolean> {
  if (!projectionHandles(projection, event.type)) return false;
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
 * recorded are recorded and applied, in order; the others, and those of
 * types the projection does not handle, are skipped.
 */
export async function applyBatchOnce(
  db: SqlDatabase,
  schema: string,
  projection: Projection,
  batch: EventEnvelope[],
): Promise<number> {
  const events = batch.filter((event) => projectionHandles(projection, event.type));
  if (events.length === 0) return 0;
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
 * Drops a projection and replays it from an event source (upcast events, as
 * `EventStore.readAll` gives them) in one transaction: its processed ids are
 * cleared with it, so events arriving afterwards are applied on top of the
 * rebuilt state; its version is recorded with it.
 */
export async function rebuildProjection(
  db: SqlDatabase,
  schema: string,
  projection: InlineProjection,
  source: AsyncIterable<EventEnvelope>,
): Promise<number> {
  const table = `${identifier(schema)}.processed_events`;
  return db.transaction(async (tx) => {
    await projection.reset(tx);
    await tx.query(`DELETE FROM ${table} WHERE consumer = $1`, [projection.name]);
    let count = 0;
    for await (const event of source) {
      if (!projectionHandles(projection, event.type)) continue;
      const { rows } = await tx.query(
        `INSERT INTO ${table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [projection.name, event.eventId],
      );
      if (rows.length === 0) continue;
      await projection.apply(tx, event);
      count++;
    }
    await recordProjectionVersion(tx, schema, projection);
    return count;
  });
}
