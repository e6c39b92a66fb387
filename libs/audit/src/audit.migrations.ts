import type { Migration } from '@iam/event-store';

export const auditMigrations: Migration[] = [
  {
    version: 100,
    name: 'audit trail, hash-chained per account',
    sql: `
      CREATE TABLE {schema}.trail (
        account_id text NOT NULL,
        sequence bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        schema_version integer NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        actor_arn text NOT NULL,
        correlation_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL,
        previous_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (account_id, sequence)
      );
      CREATE INDEX trail_occurred_at ON {schema}.trail (account_id, occurred_at);
      CREATE TABLE {schema}.chain_heads (
        account_id text PRIMARY KEY,
        sequence bigint NOT NULL,
        hash text NOT NULL
      );
    `,
  },
  {
    version: 101,
    name: 'trail keeps everything its hash covers (causation id), hash format version',
    sql: `
      ALTER TABLE {schema}.trail ADD COLUMN causation_id text;
      -- Entries written before hashed the whole envelope (version 1): verifiable only against the source events.
      ALTER TABLE {schema}.trail ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
      ALTER TABLE {schema}.trail ALTER COLUMN hash_version SET DEFAULT 2;
    `,
  },
];
