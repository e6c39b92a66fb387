import type { Migration } from '@iam/event-store';

/**
 * The credentials projection every service keeps of identity's events, so
 * it can verify signatures without calling identity. Versions 50–59 are
 * reserved for it (60–99 for authorization); service migrations start at 100.
 * Every write stamps `tx` and `seq` and deletes leave tombstones, so each
 * process's in-memory copy catches up through a ChangeFeed.
 */
export const credentialsMigrations: Migration[] = [
  {
    version: 50,
    name: 'credentials projection: principals and access keys',
    sql: `
      CREATE TABLE {schema}.auth_principals (
        user_id text PRIMARY KEY,
        account_id text NOT NULL,
        principal_type text NOT NULL,
        arn text NOT NULL,
        user_name text
      );
      CREATE TABLE {schema}.auth_access_keys (
        access_key_id text PRIMARY KEY,
        user_id text NOT NULL,
        status text NOT NULL,
        encrypted_secret text NOT NULL
      );
      CREATE INDEX auth_access_keys_user ON {schema}.auth_access_keys (user_id);
    `,
  },
  {
    version: 51,
    name: 'credentials projection: change feed (tx, seq) and tombstones, for the in-memory copy',
    sql: `
      CREATE SEQUENCE {schema}.auth_seq;
      ALTER TABLE {schema}.auth_principals
        ADD COLUMN deleted boolean NOT NULL DEFAULT false,
        ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        ADD COLUMN seq bigint NOT NULL DEFAULT 0;
      ALTER TABLE {schema}.auth_access_keys
        ADD COLUMN deleted boolean NOT NULL DEFAULT false,
        ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
        ADD COLUMN seq bigint NOT NULL DEFAULT 0;
      ALTER TABLE {schema}.auth_principals ALTER COLUMN seq SET DEFAULT nextval('{schema}.auth_seq');
      ALTER TABLE {schema}.auth_access_keys ALTER COLUMN seq SET DEFAULT nextval('{schema}.auth_seq');
      CREATE INDEX auth_principals_feed ON {schema}.auth_principals (tx, seq);
      CREATE INDEX auth_access_keys_feed ON {schema}.auth_access_keys (tx, seq);
    `,
  },
  {
    version: 165,
    name: 'credentials projection: access keys name their sealed secret by id; the sealed copies are dropped',
    // The id is the one identity's migration 161 stored the blob under (legacySecretId in @iam/contracts).
    sql: `
      ALTER TABLE {schema}.auth_access_keys RENAME COLUMN encrypted_secret TO secret_id;
      UPDATE {schema}.auth_access_keys
         SET secret_id = 'legacy-' || encode(sha256(convert_to(secret_id, 'UTF8')), 'hex')
       WHERE secret_id <> '';
    `,
  },
];
