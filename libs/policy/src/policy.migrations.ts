import type { Migration } from '@iam/event-store';

/**
 * The policy service's read models. Policies, versions, attachments, inline
 * policies and boundaries are inline projections (same transaction as the
 * events; the unique policy-name index is also the name reservation).
 * `principals` is fed from identity's events through Kafka (eventually
 * consistent, within a second): it has no unique name index, because two
 * identity streams (a deleted alice and a new alice) may be consumed in
 * either order.
 */
export const policyMigrations: Migration[] = [
  {
    version: 100,
    name: 'managed policies, versions, attachments, inline policies, boundaries, principals',
    sql: `
      CREATE TABLE {schema}.managed_policies (
        policy_id text PRIMARY KEY,
        account_id text NOT NULL,
        policy_name text NOT NULL,
        policy_name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL UNIQUE,
        description text NOT NULL DEFAULT '',
        tags jsonb NOT NULL DEFAULT '[]',
        default_version_id text NOT NULL,
        create_date timestamptz NOT NULL,
        update_date timestamptz NOT NULL,
        CONSTRAINT managed_policies_account_name UNIQUE (account_id, policy_name_key)
      );
      CREATE TABLE {schema}.managed_policy_versions (
        policy_id text NOT NULL,
        version_id text NOT NULL,
        version_number integer NOT NULL,
        document text NOT NULL,
        create_date timestamptz NOT NULL,
        PRIMARY KEY (policy_id, version_id)
      );
      CREATE TABLE {schema}.policy_attachments (
        account_id text NOT NULL,
        principal_type text NOT NULL,
        principal_id text NOT NULL,
        principal_name text NOT NULL,
        principal_arn text NOT NULL,
        policy_arn text NOT NULL,
        policy_id text NOT NULL,
        policy_name text NOT NULL,
        PRIMARY KEY (principal_type, principal_id, policy_arn)
      );
      CREATE INDEX policy_attachments_policy ON {schema}.policy_attachments (account_id, policy_arn);
      CREATE TABLE {schema}.inline_policies (
        account_id text NOT NULL,
        principal_type text NOT NULL,
        principal_id text NOT NULL,
        policy_name text NOT NULL,
        policy_document text NOT NULL,
        PRIMARY KEY (principal_type, principal_id, policy_name)
      );
      CREATE TABLE {schema}.permissions_boundaries (
        principal_type text NOT NULL,
        principal_id text NOT NULL,
        account_id text NOT NULL,
        principal_name text NOT NULL,
        principal_arn text NOT NULL,
        policy_arn text NOT NULL,
        PRIMARY KEY (principal_type, principal_id)
      );
      CREATE INDEX permissions_boundaries_policy ON {schema}.permissions_boundaries (account_id, policy_arn);
      CREATE TABLE {schema}.principals (
        principal_id text PRIMARY KEY,
        principal_type text NOT NULL,
        account_id text NOT NULL,
        name text NOT NULL,
        name_key text NOT NULL,
        path text NOT NULL,
        arn text NOT NULL
      );
      CREATE INDEX principals_by_name ON {schema}.principals (account_id, principal_type, name_key);
    `,
  },
  {
    version: 101,
    name: 'principals: the permissions boundary a user or role was created with, and its tags',
    sql: `
      ALTER TABLE {schema}.principals ADD COLUMN permissions_boundary text;
      ALTER TABLE {schema}.principals ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 102,
    name: "principals' details for GetAccountAuthorizationDetails: creation dates, trust policies, group members",
    sql: `
      CREATE TABLE {schema}.principal_details (
        principal_id text PRIMARY KEY,
        principal_type text NOT NULL,
        account_id text NOT NULL,
        create_date timestamptz NOT NULL,
        trust_policy text
      );
      CREATE TABLE {schema}.group_members (
        group_id text NOT NULL,
        user_id text NOT NULL,
        account_id text NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user ON {schema}.group_members (user_id);
    `,
  },
];
