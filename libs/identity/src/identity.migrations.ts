import { credentialsMigrations, sealedSecretsMigrations } from '@iam/auth';
import type { Migration } from '@iam/event-store';
import { oidcProvidersMigrations } from './oidc-providers/oidc-providers.migrations';

/**
 * Identity's read models, all updated in the same transaction as the events
 * (inline projections). The unique name indexes are also the name
 * reservations: a second user "Alice" in an account fails its append.
 */
export const identityMigrations: Migration[] = [
  ...credentialsMigrations,
  {
    version: 100,
    name: 'accounts, users, access keys',
    sql: `
      CREATE TABLE {schema}.accounts (
        account_id text PRIMARY KEY,
        account_name text NOT NULL,
        management boolean NOT NULL,
        alias text UNIQUE,
        password_policy jsonb,
        create_date timestamptz NOT NULL
      );
      CREATE TABLE {schema}.users (
        user_id text PRIMARY KEY,
        account_id text NOT NULL,
        user_name text NOT NULL,
        user_name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL,
        create_date timestamptz NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT users_account_name UNIQUE (account_id, user_name_key)
      );
      CREATE INDEX users_account_path ON {schema}.users (account_id, path, user_name_key);
      CREATE TABLE {schema}.access_keys (
        access_key_id text PRIMARY KEY,
        user_id text NOT NULL,
        account_id text NOT NULL,
        status text NOT NULL,
        create_date timestamptz NOT NULL
      );
      CREATE INDEX access_keys_user ON {schema}.access_keys (user_id);
    `,
  },
  {
    version: 101,
    name: 'groups, memberships, roles, login profiles, MFA devices',
    sql: `
      CREATE TABLE {schema}.groups (
        group_id text PRIMARY KEY,
        account_id text NOT NULL,
        group_name text NOT NULL,
        group_name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL,
        create_date timestamptz NOT NULL,
        CONSTRAINT groups_account_name UNIQUE (account_id, group_name_key)
      );
      CREATE TABLE {schema}.group_members (
        group_id text NOT NULL,
        user_id text NOT NULL,
        account_id text NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user ON {schema}.group_members (user_id);
      CREATE TABLE {schema}.roles (
        role_id text PRIMARY KEY,
        account_id text NOT NULL,
        role_name text NOT NULL,
        role_name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL,
        create_date timestamptz NOT NULL,
        description text NOT NULL DEFAULT '',
        max_session_duration integer NOT NULL,
        assume_role_policy_document text NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT roles_account_name UNIQUE (account_id, role_name_key)
      );
      CREATE TABLE {schema}.login_profiles (
        user_id text PRIMARY KEY,
        account_id text NOT NULL,
        create_date timestamptz NOT NULL,
        password_reset_required boolean NOT NULL
      );
      CREATE TABLE {schema}.mfa_devices (
        serial_number text PRIMARY KEY,
        account_id text NOT NULL,
        user_id text,
        create_date timestamptz NOT NULL,
        enable_date timestamptz
      );
      CREATE INDEX mfa_devices_user ON {schema}.mfa_devices (user_id);
    `,
  },
  {
    version: 110,
    name: 'SAML providers',
    sql: `
      CREATE TABLE {schema}.saml_providers (
        arn text PRIMARY KEY,
        account_id text NOT NULL,
        name text NOT NULL,
        metadata_document text NOT NULL,
        entity_id text NOT NULL,
        valid_until timestamptz,
        create_date timestamptz NOT NULL,
        tags jsonb NOT NULL DEFAULT '[]'
      );
      CREATE INDEX saml_providers_account ON {schema}.saml_providers (account_id);
    `,
  },
  ...oidcProvidersMigrations,
  ...sealedSecretsMigrations,
];
