import type { Migration } from '@iam/event-store';

/**
 * The credentials projection every service keeps of identity's events, so
 * it can verify signatures without calling identity. Versions 50–99 are
 * reserved for it; service migrations start at 100.
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
];
