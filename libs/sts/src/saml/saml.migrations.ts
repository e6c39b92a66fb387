import type { Migration } from '@iam/event-store';

/**
 * SAML providers as AssumeRoleWithSAML needs them, fed from identity's
 * events: the IdP's entity id and signing certificates. A deleted provider
 * is kept, marked, so a late event of it changes nothing visible.
 */
export const samlMigrations: Migration[] = [
  {
    version: 240,
    name: 'SAML providers as AssumeRoleWithSAML needs them',
    sql: `
      CREATE TABLE {schema}.saml_providers (
        arn text PRIMARY KEY,
        account_id text NOT NULL,
        entity_id text NOT NULL,
        signing_certificates jsonb NOT NULL,
        valid_until timestamptz,
        deleted boolean NOT NULL DEFAULT false
      );
    `,
  },
];
