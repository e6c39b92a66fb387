import type { Migration } from '@iam/event-store';

/**
 * The audit service's own projections for IAM's reports and findings (h-reports range 130–139):
 * what it needs of identity's and policy's state, folded from their topics (never their tables),
 * and last use, folded from the access records of `iam.access.v1`.
 */
export const reportsMigrations: Migration[] = [
  {
    version: 130,
    name: 'reports: inventory of principals, keys, MFA, password policies, policies (from identity and policy topics)',
    sql: `
      -- Root (principal_id = account id), users, roles, groups.
      CREATE TABLE {schema}.report_principals (
        principal_id text PRIMARY KEY,
        account_id text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        arn text NOT NULL,
        created_at timestamptz NOT NULL,
        password_enabled boolean NOT NULL DEFAULT false,
        password_created_at timestamptz,
        password_last_changed timestamptz,
        trust_policy text
      );
      CREATE INDEX report_principals_account ON {schema}.report_principals (account_id, kind);
      CREATE TABLE {schema}.report_access_keys (
        access_key_id text PRIMARY KEY,
        account_id text NOT NULL,
        principal_id text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX report_access_keys_principal ON {schema}.report_access_keys (principal_id);
      CREATE TABLE {schema}.report_mfa_devices (
        serial_number text PRIMARY KEY,
        account_id text NOT NULL,
        principal_id text NOT NULL
      );
      CREATE INDEX report_mfa_devices_principal ON {schema}.report_mfa_devices (principal_id);
      CREATE TABLE {schema}.report_password_policies (
        account_id text PRIMARY KEY,
        policy jsonb NOT NULL
      );
      CREATE TABLE {schema}.report_group_members (
        group_id text NOT NULL,
        user_id text NOT NULL,
        account_id text NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
      CREATE TABLE {schema}.report_attachments (
        principal_id text NOT NULL,
        policy_arn text NOT NULL,
        account_id text NOT NULL,
        PRIMARY KEY (principal_id, policy_arn)
      );
      CREATE INDEX report_attachments_policy ON {schema}.report_attachments (account_id, policy_arn);
      CREATE TABLE {schema}.report_inline_policies (
        principal_id text NOT NULL,
        policy_name text NOT NULL,
        account_id text NOT NULL,
        document text NOT NULL,
        PRIMARY KEY (principal_id, policy_name)
      );
      CREATE TABLE {schema}.report_managed_policies (
        policy_arn text PRIMARY KEY,
        account_id text NOT NULL,
        policy_name text NOT NULL,
        document text NOT NULL
      );
    `,
  },
  {
    version: 131,
    name: 'reports: last use of keys, passwords and actions (from access records)',
    sql: `
      CREATE TABLE {schema}.report_key_last_used (
        access_key_id text PRIMARY KEY,
        account_id text NOT NULL,
        last_used_at timestamptz NOT NULL,
        region text NOT NULL,
        service text NOT NULL
      );
      -- Successful console sign-ins, per principal ARN (password_last_used; the root's too).
      CREATE TABLE {schema}.report_sign_ins (
        principal_arn text PRIMARY KEY,
        account_id text NOT NULL,
        last_used_at timestamptz NOT NULL
      );
      -- Access advisor: the last use of each action by each principal (a role's sessions count for the role).
      CREATE TABLE {schema}.report_action_last_used (
        account_id text NOT NULL,
        principal_arn text NOT NULL,
        service text NOT NULL,
        action text NOT NULL,
        last_used_at timestamptz NOT NULL,
        last_used_by text NOT NULL,
        region text NOT NULL,
        PRIMARY KEY (account_id, principal_arn, service, action)
      );
    `,
  },
  {
    version: 132,
    name: 'reports: credential reports (one per account, replaced by each generation)',
    sql: `
      CREATE TABLE {schema}.credential_reports (
        account_id text PRIMARY KEY,
        state text NOT NULL,
        generated_at timestamptz NOT NULL,
        content text
      );
    `,
  },
  {
    version: 133,
    name: 'reports: open findings (inline projection of the audit event store)',
    sql: `
      CREATE TABLE {schema}.findings (
        account_id text NOT NULL,
        finding_id text NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL,
        entity_arn text NOT NULL,
        entity_type text NOT NULL,
        detail text NOT NULL,
        remediation text NOT NULL,
        detected_at timestamptz NOT NULL,
        PRIMARY KEY (account_id, finding_id)
      );
    `,
  },
  {
    version: 134,
    name: 'reports: access advisor jobs (GenerateServiceLastAccessedDetails, read by GetServiceLastAccessedDetails)',
    sql: `
      CREATE TABLE {schema}.last_accessed_jobs (
        account_id text NOT NULL,
        job_id text NOT NULL,
        job_type text NOT NULL,
        arn text NOT NULL,
        -- Who generated it: only they read it (AWS: the same user, or the same role session).
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL,
        completed_at timestamptz NOT NULL,
        services jsonb NOT NULL,
        PRIMARY KEY (account_id, job_id)
      );
      CREATE INDEX last_accessed_jobs_created ON {schema}.last_accessed_jobs (created_at);
    `,
  },
];
