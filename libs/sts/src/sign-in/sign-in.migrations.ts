import type { Migration } from '@iam/event-store';

/**
 * What sign-in reads, fed from `iam.identity.v1`: IAM users with their login
 * profile (the id of the sealed argon2id hash), account aliases and password
 * policies. Versions 220–229 belong to this slice.
 */
export const signInMigrations: Migration[] = [
  {
    version: 220,
    name: 'sign-in: users and login profiles, account aliases, password policies',
    sql: `
      CREATE TABLE {schema}.sign_in_users (
        user_id text PRIMARY KEY,
        account_id text NOT NULL,
        user_name text NOT NULL,
        user_name_key text NOT NULL,
        arn text NOT NULL,
        sealed_password_hash text,
        password_reset_required boolean NOT NULL DEFAULT false,
        password_last_changed timestamptz
      );
      CREATE INDEX sign_in_users_by_name ON {schema}.sign_in_users (account_id, user_name_key);
      CREATE TABLE {schema}.sign_in_account_aliases (
        account_alias text PRIMARY KEY,
        account_id text NOT NULL
      );
      CREATE TABLE {schema}.sign_in_password_policies (
        account_id text PRIMARY KEY,
        policy jsonb NOT NULL
      );
    `,
  },
  {
    version: 229,
    name: 'sign-in: login profiles name their sealed hash by id (in identity), the sealed copies are dropped',
    // The id identity's migration 161 stored the blob under (legacySecretId in @iam/contracts).
    sql: `
      ALTER TABLE {schema}.sign_in_users RENAME COLUMN sealed_password_hash TO password_hash_id;
      UPDATE {schema}.sign_in_users
         SET password_hash_id = 'legacy-' || encode(sha256(convert_to(password_hash_id, 'UTF8')), 'hex')
       WHERE password_hash_id IS NOT NULL;
    `,
  },
];
