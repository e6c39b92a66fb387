import type { Migration } from '@iam/event-store';

/**
 * The sts service's read models. Sessions themselves live in the session
 * store (Redis), not here. `roles` is fed from identity's events (through
 * Kafka in distributed mode): what AssumeRole needs of a role. Its name
 * index is not unique: a deleted role and a new one of the same name may
 * be consumed in either order (`deleted` tells them apart).
 */
export const stsMigrations: Migration[] = [
  {
    version: 100,
    name: 'roles as AssumeRole needs them',
    sql: `
      CREATE TABLE {schema}.roles (
        role_id text PRIMARY KEY,
        account_id text NOT NULL,
        role_name text NOT NULL,
        name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL,
        trust_policy text NOT NULL,
        max_session_duration integer NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        deleted boolean NOT NULL DEFAULT false
      );
      CREATE INDEX roles_account_name ON {schema}.roles (account_id, name_key) WHERE NOT deleted;
    `,
  },
];
