import type { Migration } from '@iam/event-store';

/**
 * Identity's OIDC providers as AssumeRoleWithWebIdentity needs them (issuer,
 * client ids), fed from `iam.identity.v1`. Versions 250–259 belong to this
 * slice. One row per provider ARN; a deleted provider's row is removed.
 */
export const webIdentityMigrations: Migration[] = [
  {
    version: 250,
    name: 'oidc providers: issuer and client ids',
    sql: `
      CREATE TABLE {schema}.oidc_providers (
        arn text PRIMARY KEY,
        account_id text NOT NULL,
        url text NOT NULL,
        client_ids jsonb NOT NULL
      );
      CREATE INDEX oidc_providers_issuer ON {schema}.oidc_providers (account_id, url);
    `,
  },
];
