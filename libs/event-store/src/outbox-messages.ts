import type { EventEnvelope } from '@iam/contracts';
import { identifier, prepared, type PreparedStatement, type SqlDatabase } from './sql-database';

/**
 * Messages that are no stream's events (access records) written straight
 * into a schema's outbox, in one statement and its own commit: the relay
 * publishes them as it publishes events, in the order given, keyed by
 * account. The outbox is the event store's table; this is its one writer
 * besides the append.
 */
export async function commitOutboxMessages(
  db: SqlDatabase,
  schema: string,
  topic: string,
  envelopes: readonly EventEnvelope[],
): Promise<void> {
  await db.commitStatement(insertStatement(schema), [topic, JSON.stringify(envelopes)]);
}

/** One prepared statement per schema (a process writes into one or a few outboxes). */
const statements = new Map<string, PreparedStatement>();

function insertStatement(schema: string): PreparedStatement {
  let statement = statements.get(schema);
  if (!statement) {
    statement = prepared(
      `INSERT INTO ${identifier(schema)}.outbox (topic, message_key, event_id, envelope)
       SELECT $1, e->>'accountId', (e->>'eventId')::uuid, e
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(e, n) ORDER BY n`,
    );
    statements.set(schema, statement);
  }
  return statement;
}
