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
  {
    version: 110,
    name: 'access records: lookup columns derived from the payload, resources',
    // Lookup (LookupEvents, the stream) and the reports read these columns.
    sql: `
      ALTER TABLE {schema}.trail ADD COLUMN kind text NOT NULL DEFAULT 'event';
      ALTER TABLE {schema}.trail ADD COLUMN event_name text;
      ALTER TABLE {schema}.trail ADD COLUMN event_source text;
      ALTER TABLE {schema}.trail ADD COLUMN principal_arn text;
      ALTER TABLE {schema}.trail ADD COLUMN user_name text;
      ALTER TABLE {schema}.trail ADD COLUMN access_key_id text;
      ALTER TABLE {schema}.trail ADD COLUMN read_only boolean;
      ALTER TABLE {schema}.trail ADD COLUMN error_code text;
      CREATE TABLE {schema}.trail_resources (
        account_id text NOT NULL, sequence bigint NOT NULL, resource_arn text NOT NULL, resource_type text,
        PRIMARY KEY (account_id, sequence, resource_arn)
      );
    `,
  },
  {
    version: 111,
    name: 'signed digests of the chain heads',
    // One row per digest: the head (sequence, hash) of an account's chain at a time, signed with
    // Ed25519 over the canonical JSON of the other fields, the previous digest's signature included.
    sql: `
      CREATE TABLE {schema}.trail_digests (
        account_id text NOT NULL,
        digest_sequence bigint NOT NULL,
        chain_sequence bigint NOT NULL,
        chain_hash text NOT NULL,
        digest_time timestamptz NOT NULL,
        previous_signature text,
        key_id text NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (account_id, digest_sequence)
      );
    `,
  },
  {
    version: 120,
    name: 'lookup indexes: access records newest first, by each filter LookupEvents takes',
    // Newest first is (occurred_at DESC, sequence DESC); one index per filter keeps a page an
    // index range scan at any trail size. read_only is too coarse to index on its own.
    sql: `
      CREATE INDEX trail_access_by_time ON {schema}.trail (account_id, occurred_at DESC, sequence DESC)
        WHERE kind = 'access';
      CREATE INDEX trail_access_by_event_name ON {schema}.trail
        (account_id, event_name, occurred_at DESC, sequence DESC) WHERE kind = 'access';
      CREATE INDEX trail_access_by_user_name ON {schema}.trail
        (account_id, user_name, occurred_at DESC, sequence DESC) WHERE kind = 'access';
      CREATE INDEX trail_access_by_principal ON {schema}.trail
        (account_id, principal_arn, occurred_at DESC, sequence DESC) WHERE kind = 'access';
      CREATE INDEX trail_access_by_access_key ON {schema}.trail
        (account_id, access_key_id, occurred_at DESC, sequence DESC) WHERE kind = 'access';
      CREATE INDEX trail_access_by_event_source ON {schema}.trail
        (account_id, event_source, occurred_at DESC, sequence DESC) WHERE kind = 'access';
      CREATE INDEX trail_access_by_error_code ON {schema}.trail
        (account_id, error_code, occurred_at DESC, sequence DESC) WHERE kind = 'access' AND error_code IS NOT NULL;
      CREATE INDEX trail_resources_by_arn ON {schema}.trail_resources (account_id, resource_arn, sequence DESC);
      CREATE INDEX trail_resources_by_type ON {schema}.trail_resources (account_id, resource_type, sequence DESC);
      -- Who created an account (its trail trusts that management account).
      CREATE INDEX trail_accounts_created ON {schema}.trail (account_id)
        WHERE event_type = 'iam.identity.AccountCreated';
    `,
  },
  {
    version: 121,
    name: "resource rows carry their record's event time (LookupEvents by resource, newest first)",
    // The lookup's order is (occurred_at DESC, sequence DESC); with the time on the resource row,
    // a resource's page is a range of one index (migration 122), not a sort of all its rows.
    // A trail row never changes, so the copy cannot drift (audit:verify checks it against the trail).
    sql: `
      ALTER TABLE {schema}.trail_resources ADD COLUMN occurred_at timestamptz;
      UPDATE {schema}.trail_resources r SET occurred_at = t.occurred_at
        FROM {schema}.trail t WHERE t.account_id = r.account_id AND t.sequence = r.sequence;
      ALTER TABLE {schema}.trail_resources ALTER COLUMN occurred_at SET NOT NULL;
    `,
  },
  {
    version: 122,
    name: 'lookup index: a resource ARN newest first',
    // Replaces trail_resources_by_arn (its prefix), which only LookupEvents read.
    sql: `
      CREATE INDEX trail_resources_by_arn_time ON {schema}.trail_resources
        (account_id, resource_arn, occurred_at DESC, sequence DESC);
      DROP INDEX {schema}.trail_resources_by_arn;
    `,
  },
];
