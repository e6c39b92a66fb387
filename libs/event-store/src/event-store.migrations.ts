import type { Migration } from './migrations';

/**
 * Tables every service schema gets: the event store, the outbox, the relay
 * checkpoint and the processed-event ids of its consumers. Service migrations
 * start at version 100.
 */
export const eventStoreMigrations: Migration[] = [
  {
    version: 1,
    name: 'event store, outbox, relay checkpoint, processed events',
    sql: `
      CREATE TABLE {schema}.events (
        global_position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        stream_position integer NOT NULL,
        event_type text NOT NULL,
        schema_version integer NOT NULL,
        account_id text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_position UNIQUE (stream_id, stream_position)
      );
      CREATE TABLE {schema}.outbox (
        position bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        topic text NOT NULL,
        message_key text NOT NULL,
        event_id uuid NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX outbox_transaction_position ON {schema}.outbox (transaction_id, position);
      CREATE TABLE {schema}.relay_checkpoints (
        relay text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {schema}.processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );
    `,
  },
  {
    version: 2,
    name: 'outbox commit notification',
    // One NOTIFY per inserting statement, delivered at commit (and folded into
    // one per transaction by Postgres): the relay leader LISTENs instead of
    // polling often. The payload is the schema, as all services share the channel.
    sql: `
      CREATE FUNCTION {schema}.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN PERFORM pg_notify('iam_outbox', TG_TABLE_SCHEMA); RETURN NULL; END $fn$;
      CREATE TRIGGER outbox_notify AFTER INSERT ON {schema}.outbox
        FOR EACH STATEMENT EXECUTE FUNCTION {schema}.notify_outbox();
    `,
  },
  {
    version: 3,
    name: 'outbox trace context',
    // The W3C trace context of the append (null while tracing is off): the
    // relay, running later and maybe elsewhere, sends the event in that trace.
    sql: `ALTER TABLE {schema}.outbox ADD COLUMN trace_context jsonb;`,
  },
  {
    version: 4,
    name: 'projection versions',
    // The version of the code that built each projection's rows (projection-versions.ts).
    sql: `
      CREATE TABLE {schema}.projection_versions (
        projection text PRIMARY KEY,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
