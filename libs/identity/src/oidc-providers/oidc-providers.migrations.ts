import type { Migration } from '@iam/event-store';

/** The OIDC providers view (one row per live provider; the ARN is unique, so is its URL in an account). */
export const oidcProvidersMigrations: Migration[] = [
  {
    version: 140,
    name: 'oidc providers',
    sql: `
      CREATE TABLE {schema}.oidc_providers (
        arn text PRIMARY KEY,
        account_id text NOT NULL,
        url text NOT NULL,
        client_ids jsonb NOT NULL,
        thumbprints jsonb NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        create_date timestamptz NOT NULL
      );
      CREATE INDEX oidc_providers_account ON {schema}.oidc_providers (account_id, arn);
    `,
  },
];
