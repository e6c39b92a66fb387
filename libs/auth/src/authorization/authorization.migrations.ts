import type { Migration } from '@iam/event-store';

/**
 * What every service needs to authorize a request without calling anyone:
 * principals (with tags, groups, attached and inline policies, boundary)
 * and managed policy documents, from identity's and policy's events. Every
 * write takes the next `authz_seq` and stamps its transaction (`tx`), so each
 * process's in-memory copy catches up through a ChangeFeed.
 */
export const authorizationMigrations: Migration[] = [
  {
    version: 60,
    name: 'authorization projection: principals and managed policies',
    sql: `
      CREATE SEQUENCE {schema}.authz_seq;
      CREATE TABLE {schema}.authz_principals (
        principal_key text PRIMARY KEY,
        kind text NOT NULL,
        account_id text NOT NULL DEFAULT '',
        arn text NOT NULL DEFAULT '',
        name text NOT NULL DEFAULT '',
        tags jsonb NOT NULL DEFAULT '[]',
        groups jsonb NOT NULL DEFAULT '[]',
        attached jsonb NOT NULL DEFAULT '[]',
        inline jsonb NOT NULL DEFAULT '{}',
        boundary text,
        deleted boolean NOT NULL DEFAULT false,
        seq bigint NOT NULL
      );
      CREATE INDEX authz_principals_seq ON {schema}.authz_principals (seq);
      CREATE TABLE {schema}.authz_policies (
        policy_arn text PRIMARY KEY,
        document text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        seq bigint NOT NULL
      );
      CREATE INDEX authz_policies_seq ON {schema}.authz_policies (seq);
    `,
  },
  {
    version: 61,
    name: 'authorization projection: change feed by (tx, seq)',
    sql: `
      ALTER TABLE {schema}.authz_principals ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
      ALTER TABLE {schema}.authz_policies ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
      CREATE INDEX authz_principals_feed ON {schema}.authz_principals (tx, seq);
      CREATE INDEX authz_policies_feed ON {schema}.authz_policies (tx, seq);
    `,
  },
  {
    version: 62,
    name: 'authorization projection: boundary given at creation replaced or not; managed policy tags',
    sql: `
      ALTER TABLE {schema}.authz_principals ADD COLUMN boundary_changed boolean NOT NULL DEFAULT false;
      ALTER TABLE {schema}.authz_policies ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
    `,
  },
];
