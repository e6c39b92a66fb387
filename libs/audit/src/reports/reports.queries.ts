import type { PasswordPolicyV1 } from '@iam/contracts';
import { identifier, type SqlDatabase } from '@iam/event-store';
import type {
  AccountSnapshot,
  SnapshotGroup,
  SnapshotKey,
  SnapshotPrincipal,
  SnapshotRole,
  SnapshotUser,
} from './account-snapshot';

type Row = Record<string, unknown>;
const date = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(value as string);

/** One action's last use, for the access advisor. */
export interface ActionUse {
  principalArn: string;
  service: string;
  action: string;
  lastUsedAt: Date;
  lastUsedBy: string;
  region: string;
}

/** Reads of the audit service's report projections, always within one account. */
export class ReportsQueries {
  private readonly t: (table: string) => string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.t = (table) => `${identifier(schema)}.${table}`;
  }

  get database(): SqlDatabase {
    return this.db;
  }

  /** The account's principals, credentials, policies and last uses, as the reports and rules read them. */
  async snapshot(accountId: string): Promise<AccountSnapshot> {
    const q = async (sql: string) => (await this.db.query<Row>(sql, [accountId])).rows;
    const [principals, keys, mfa, policy, members, attachments, inline, managed, signIns, usage] =
      await Promise.all([
        q(`SELECT * FROM ${this.t('report_principals')} WHERE account_id = $1 ORDER BY created_at, name`),
        q(
          `SELECT k.*, u.last_used_at, u.region, u.service FROM ${this.t('report_access_keys')} k
           LEFT JOIN ${this.t('report_key_last_used')} u USING (access_key_id)
          WHERE k.account_id = $1 ORDER BY k.created_at, k.access_key_id`,
        ),
        q(`SELECT principal_id FROM ${this.t('report_mfa_devices')} WHERE account_id = $1`),
        q(`SELECT policy FROM ${this.t('report_password_policies')} WHERE account_id = $1`),
        q(`SELECT group_id, user_id FROM ${this.t('report_group_members')} WHERE account_id = $1`),
        q(
          `SELECT principal_id, policy_arn FROM ${this.t('report_attachments')} WHERE account_id = $1 ORDER BY policy_arn`,
        ),
        q(
          `SELECT principal_id, policy_name, document FROM ${this.t('report_inline_policies')}
          WHERE account_id = $1 ORDER BY policy_name`,
        ),
        q(
          `SELECT policy_arn, policy_name, document FROM ${this.t('report_managed_policies')} WHERE account_id = $1`,
        ),
        q(`SELECT principal_arn, last_used_at FROM ${this.t('report_sign_ins')} WHERE account_id = $1`),
        q(
          `SELECT principal_arn, max(last_used_at) AS last_used_at FROM ${this.t('report_action_last_used')}
          WHERE account_id = $1 GROUP BY principal_arn`,
        ),
      ]);
    const group = <T>(rows: Row[], key: string, value: (row: Row) => T) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(String(row[key]), [...(map.get(String(row[key])) ?? []), value(row)]);
      return map;
    };
    const keysOf = group(keys, 'principal_id', (row): SnapshotKey => ({
      accessKeyId: String(row.access_key_id),
      status: row.status === 'Active' ? 'Active' : 'Inactive',
      createdAt: new Date(row.created_at as string),
      lastUsed:
        row.last_used_at === null
          ? null
          : {
              at: new Date(row.last_used_at as string),
              region: String(row.region),
              service: String(row.service),
            },
    }));
    const mfaOf = new Set(mfa.map((row) => String(row.principal_id)));
    const groupsOf = group(members, 'user_id', (row) => String(row.group_id));
    const attachedTo = group(attachments, 'principal_id', (row) => String(row.policy_arn));
    const inlineOf = group(inline, 'principal_id', (row) => ({
      name: String(row.policy_name),
      document: String(row.document),
    }));
    const signedIn = new Map(
      signIns.map((row) => [String(row.principal_arn), new Date(row.last_used_at as string)]),
    );
    const usedBy = new Map(
      usage.map((row) => [String(row.principal_arn), new Date(row.last_used_at as string)]),
    );

    const base = (row: Row): SnapshotPrincipal => ({
      id: String(row.principal_id),
      kind: row.kind as SnapshotPrincipal['kind'],
      name: String(row.name),
      arn: String(row.arn),
      createdAt: new Date(row.created_at as string),
    });
    const policiesOf = (id: string) => ({
      attachedPolicyArns: attachedTo.get(id) ?? [],
      inlinePolicies: inlineOf.get(id) ?? [],
    });
    const user = (row: Row): SnapshotUser => {
      const principal = base(row);
      return {
        ...principal,
        passwordEnabled: row.password_enabled === true,
        passwordLastChanged: date(row.password_last_changed),
        passwordLastUsed: signedIn.get(principal.arn) ?? null,
        mfaActive: mfaOf.has(principal.id),
        keys: keysOf.get(principal.id) ?? [],
        groupIds: groupsOf.get(principal.id) ?? [],
        ...policiesOf(principal.id),
      };
    };
    const rootRow = principals.find((row) => row.kind === 'root');
    const root = rootRow ? user(rootRow) : undefined;
    const latest = (...dates: (Date | null | undefined)[]) =>
      dates.reduce<Date | null>((a, b) => (b && (!a || b > a) ? b : a), null);
    return {
      accountId,
      root,
      users: principals.filter((row) => row.kind === 'user').map(user),
      roles: principals
        .filter((row) => row.kind === 'role')
        .map((row): SnapshotRole => {
          const principal = base(row);
          return {
            ...principal,
            trustPolicy: String(row.trust_policy ?? '{}'),
            lastUsed: usedBy.get(principal.arn) ?? null,
            ...policiesOf(principal.id),
          };
        }),
      groups: principals
        .filter((row) => row.kind === 'group')
        .map((row): SnapshotGroup => ({ ...base(row), ...policiesOf(String(row.principal_id)) })),
      passwordPolicy: policy[0] ? (policy[0].policy as PasswordPolicyV1) : null,
      managedPolicies: new Map(
        managed.map((row) => [
          String(row.policy_arn),
          { name: String(row.policy_name), document: String(row.document) },
        ]),
      ),
      rootLastUsed: root
        ? latest(root.passwordLastUsed, usedBy.get(root.arn), ...root.keys.map((k) => k.lastUsed?.at))
        : null,
    };
  }

  /** Each action's last use by any of these principals (ARNs) of the account. */
  async actionUses(accountId: string, principalArns: string[]): Promise<ActionUse[]> {
    if (principalArns.length === 0) return [];
    const { rows } = await this.db.query<Row>(
      `SELECT principal_arn, service, action, last_used_at, last_used_by, region FROM ${this.t('report_action_last_used')}
        WHERE account_id = $1 AND principal_arn IN (SELECT jsonb_array_elements_text($2::jsonb))`,
      [accountId, JSON.stringify(principalArns)],
    );
    return rows.map((row) => ({
      principalArn: String(row.principal_arn),
      service: String(row.service),
      action: String(row.action),
      lastUsedAt: new Date(row.last_used_at as string),
      lastUsedBy: String(row.last_used_by),
      region: String(row.region),
    }));
  }
}
