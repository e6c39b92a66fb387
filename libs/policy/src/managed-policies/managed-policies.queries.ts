import {
  AwsManagedPolicies,
  awsManagedPolicy,
  validationError,
  type AwsManagedPolicy,
  type TagV1,
} from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { type Page, type PageRequest, readPage } from '@iam/service-kit';
import { PolicyErrors } from '../shared/policy-errors';
import {
  parsePolicyArn,
  validatePathPrefix,
  validateVersionId,
  type PrincipalKind,
} from '../shared/policy-names';
import type { AttachablePolicy } from '../principal-policies/principal-policy.commands';

export type PolicyScope = 'All' | 'AWS' | 'Local';

/** GetPolicy's answer, as AWS names it. */
export interface PolicyView {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
  isAttachable: boolean;
  description: string;
  createDate: string;
  updateDate: string;
  tags: TagV1[];
}

export interface PolicyVersionView {
  versionId: string;
  isDefaultVersion: boolean;
  createDate: string;
  /** Present on GetPolicyVersion only. */
  document?: string;
}

export interface PolicyEntitiesView {
  policyUsers: { userName: string; userId: string }[];
  policyGroups: { groupName: string; groupId: string }[];
  policyRoles: { roleName: string; roleId: string }[];
}

/** A customer managed policy row, internal to the service. */
export interface LocalPolicyRow {
  policy_id: string;
  account_id: string;
  policy_name: string;
  policy_name_key: string;
  path: string;
  arn: string;
  description: string;
  tags: TagV1[];
  default_version_id: string;
  create_date: string | Date;
  update_date: string | Date;
  attachment_count?: number;
  boundary_count?: number;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/**
 * Reads of managed policies, always within the caller's account: customer
 * managed policies of that account and the AWS managed policies every
 * account shares. A policy ARN of another account is NoSuchEntity.
 */
export class ManagedPoliciesQueries {
  private readonly policies: string;
  private readonly versions: string;
  private readonly attachments: string;
  private readonly boundaries: string;

  constructor(schema: string) {
    const s = identifier(schema);
    this.policies = `${s}.managed_policies`;
    this.versions = `${s}.managed_policy_versions`;
    this.attachments = `${s}.policy_attachments`;
    this.boundaries = `${s}.permissions_boundaries`;
  }

  private usageColumns(alias: string): string {
    return `(SELECT count(*)::int FROM ${this.attachments} a WHERE a.account_id = ${alias}.account_id AND a.policy_arn = ${alias}.arn) AS attachment_count,
            (SELECT count(*)::int FROM ${this.boundaries} b WHERE b.account_id = ${alias}.account_id AND b.policy_arn = ${alias}.arn) AS boundary_count`;
  }

  /**
   * The customer managed policy row for an ARN in the caller's account.
   * `lock`: FOR SHARE while attaching (a concurrent delete waits), FOR
   * UPDATE while deleting (so it counts every attachment committed before).
   */
  async findLocal(
    db: Queryable,
    accountId: string,
    policyArn: string,
    lock?: 'FOR SHARE' | 'FOR UPDATE',
  ): Promise<LocalPolicyRow | undefined> {
    const parsed = parsePolicyArn(policyArn);
    if (parsed.accountId !== accountId) return undefined;
    const { rows } = await db.query<LocalPolicyRow>(
      `SELECT * FROM ${this.policies} WHERE account_id = $1 AND arn = $2 ${lock ?? ''}`,
      [accountId, policyArn],
    );
    return rows[0];
  }

  async requireLocal(db: Queryable, accountId: string, policyArn: string, lock?: 'FOR SHARE' | 'FOR UPDATE') {
    const row = await this.findLocal(db, accountId, policyArn, lock);
    if (!row) throw PolicyErrors.noSuchPolicy(policyArn);
    return row;
  }

  /** A policy the caller may attach or use as a boundary: its own account's, or an AWS managed one. */
  async attachable(db: Queryable, accountId: string, policyArn: string): Promise<AttachablePolicy> {
    const parsed = parsePolicyArn(policyArn);
    if (parsed.accountId === 'aws') {
      const builtIn = awsManagedPolicy(policyArn);
      if (!builtIn) throw PolicyErrors.notAttachable(policyArn);
      return { policyArn, policyId: builtIn.policyId, policyName: builtIn.policyName };
    }
    const row = await this.findLocal(db, accountId, policyArn, 'FOR SHARE');
    if (!row) throw PolicyErrors.notAttachable(policyArn);
    return { policyArn, policyId: row.policy_id, policyName: row.policy_name };
  }

  /** Users, groups and roles in the account that use the policy (attached or as boundary). */
  async usageCount(db: Queryable, accountId: string, policyArn: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM ${this.attachments} WHERE account_id = $1 AND policy_arn = $2)
            + (SELECT count(*) FROM ${this.boundaries} WHERE account_id = $1 AND policy_arn = $2) AS n`,
      [accountId, policyArn],
    );
    return Number(rows[0].n);
  }

  async get(db: Queryable, accountId: string, policyArn: string): Promise<PolicyView> {
    const parsed = parsePolicyArn(policyArn);
    if (parsed.accountId === 'aws') {
      const builtIn = awsManagedPolicy(policyArn);
      if (!builtIn) throw PolicyErrors.noSuchPolicy(policyArn);
      return this.awsView(db, accountId, builtIn);
    }
    if (parsed.accountId !== accountId) throw PolicyErrors.noSuchPolicy(policyArn);
    const { rows } = await db.query<LocalPolicyRow>(
      `SELECT p.*, ${this.usageColumns('p')} FROM ${this.policies} p WHERE p.account_id = $1 AND p.arn = $2`,
      [accountId, policyArn],
    );
    if (!rows[0]) throw PolicyErrors.noSuchPolicy(policyArn);
    return localView(rows[0]);
  }

  async list(
    db: Queryable,
    accountId: string,
    request: PageRequest & { scope?: string; onlyAttached?: boolean; pathPrefix?: string },
  ): Promise<Page<PolicyView>> {
    const scope = request.scope ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) {
      throw validationError('scope', scope, 'Member must satisfy enum value set: [All, AWS, Local]');
    }
    const pathPrefix = request.pathPrefix ?? '/';
    validatePathPrefix(pathPrefix);
    return readPage(
      request,
      async (after, limit) => ({
        rows: await this.keyedPolicies(
          db,
          accountId,
          { scope, pathPrefix, onlyAttached: request.onlyAttached === true },
          after,
          limit,
        ),
      }),
      (k) => k.key,
      (k) => k.view,
    );
  }

  /** Sort key: AWS managed policies first (`0|name`), then the account's (`1|name`); `limit` of the account's. */
  private async keyedPolicies(
    db: Queryable,
    accountId: string,
    { scope, pathPrefix, onlyAttached }: { scope: string; pathPrefix: string; onlyAttached: boolean },
    after: string,
    limit: number,
  ): Promise<{ key: string; view: PolicyView }[]> {
    const keyed: { key: string; view: PolicyView }[] = [];
    if (scope !== 'Local') {
      for (const builtIn of AwsManagedPolicies) {
        const key = `0|${builtIn.policyName.toLowerCase()}`;
        if (key <= after || !builtIn.path.startsWith(pathPrefix)) continue;
        const view = await this.awsView(db, accountId, builtIn);
        if (onlyAttached && view.attachmentCount === 0) continue;
        keyed.push({ key, view });
      }
    }
    if (scope !== 'AWS') {
      const localAfter = after.startsWith('1|')
        ? after.slice(2)
        : after.startsWith('0|') || after === ''
          ? ''
          : '\uffff';
      const { rows } = await db.query<LocalPolicyRow>(
        `SELECT * FROM (
           SELECT p.*, ${this.usageColumns('p')} FROM ${this.policies} p
            WHERE p.account_id = $1 AND starts_with(p.path, $2) AND p.policy_name_key > $3) x
          WHERE NOT $4 OR x.attachment_count > 0
          ORDER BY x.policy_name_key LIMIT $5`,
        [accountId, pathPrefix, localAfter, onlyAttached, limit],
      );
      keyed.push(...rows.map((row) => ({ key: `1|${row.policy_name_key}`, view: localView(row) })));
    }
    return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async listVersions(db: Queryable, accountId: string, policyArn: string): Promise<PolicyVersionView[]> {
    const builtIn = this.builtIn(policyArn);
    if (builtIn)
      return [
        { versionId: builtIn.defaultVersionId, isDefaultVersion: true, createDate: builtIn.updateDate },
      ];
    const policy = await this.requireLocal(db, accountId, policyArn);
    const { rows } = await db.query<{ version_id: string; create_date: string | Date }>(
      `SELECT version_id, create_date FROM ${this.versions} WHERE policy_id = $1 ORDER BY version_number DESC`,
      [policy.policy_id],
    );
    return rows.map((r) => ({
      versionId: r.version_id,
      isDefaultVersion: r.version_id === policy.default_version_id,
      createDate: iso(r.create_date),
    }));
  }

  async getVersion(
    db: Queryable,
    accountId: string,
    policyArn: string,
    versionId: string,
  ): Promise<PolicyVersionView> {
    validateVersionId(versionId);
    const builtIn = this.builtIn(policyArn);
    if (builtIn) {
      if (versionId !== builtIn.defaultVersionId)
        throw PolicyErrors.noSuchPolicyVersion(policyArn, versionId);
      return {
        versionId,
        isDefaultVersion: true,
        createDate: builtIn.updateDate,
        document: builtIn.document,
      };
    }
    const policy = await this.requireLocal(db, accountId, policyArn);
    const { rows } = await db.query<{ version_id: string; create_date: string | Date; document: string }>(
      `SELECT version_id, create_date, document FROM ${this.versions} WHERE policy_id = $1 AND version_id = $2`,
      [policy.policy_id, versionId],
    );
    if (!rows[0]) throw PolicyErrors.noSuchPolicyVersion(policyArn, versionId);
    return {
      versionId,
      isDefaultVersion: versionId === policy.default_version_id,
      createDate: iso(rows[0].create_date),
      document: rows[0].document,
    };
  }

  /** ListEntitiesForPolicy: who in the account has the policy attached (or as boundary, with `policyUsageFilter`). */
  async entities(
    db: Queryable,
    accountId: string,
    policyArn: string,
    filter: { entityFilter?: string; policyUsageFilter?: string },
  ): Promise<PolicyEntitiesView> {
    await this.get(db, accountId, policyArn);
    const entity = filter.entityFilter;
    if (entity !== undefined && !['User', 'Group', 'Role'].includes(entity)) {
      throw validationError(
        'entityFilter',
        entity,
        'Member must satisfy enum value set: [User, Group, Role]',
      );
    }
    const usage = filter.policyUsageFilter;
    if (usage !== undefined && !['PermissionsPolicy', 'PermissionsBoundary'].includes(usage)) {
      throw validationError(
        'policyUsageFilter',
        usage,
        'Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]',
      );
    }
    const sources = [
      usage !== 'PermissionsBoundary'
        ? `SELECT principal_type, principal_id, principal_name FROM ${this.attachments} WHERE account_id = $1 AND policy_arn = $2`
        : undefined,
      usage !== 'PermissionsPolicy'
        ? `SELECT principal_type, principal_id, principal_name FROM ${this.boundaries} WHERE account_id = $1 AND policy_arn = $2`
        : undefined,
    ].filter((s): s is string => s !== undefined);
    const { rows } = await db.query<{
      principal_type: PrincipalKind;
      principal_id: string;
      principal_name: string;
    }>(`SELECT DISTINCT * FROM (${sources.join(' UNION ')}) u ORDER BY principal_name`, [
      accountId,
      policyArn,
    ]);
    const of = (kind: PrincipalKind) =>
      entity === undefined || entity.toLowerCase() === kind
        ? rows.filter((r) => r.principal_type === kind)
        : [];
    return {
      policyUsers: of('user').map((r) => ({ userName: r.principal_name, userId: r.principal_id })),
      policyGroups: of('group').map((r) => ({ groupName: r.principal_name, groupId: r.principal_id })),
      policyRoles: of('role').map((r) => ({ roleName: r.principal_name, roleId: r.principal_id })),
    };
  }

  private builtIn(policyArn: string): AwsManagedPolicy | undefined {
    const parsed = parsePolicyArn(policyArn);
    if (parsed.accountId !== 'aws') return undefined;
    const builtIn = awsManagedPolicy(policyArn);
    if (!builtIn) throw PolicyErrors.noSuchPolicy(policyArn);
    return builtIn;
  }

  private async awsView(db: Queryable, accountId: string, p: AwsManagedPolicy): Promise<PolicyView> {
    const { rows } = await db.query<{ a: number; b: number }>(
      `SELECT (SELECT count(*)::int FROM ${this.attachments} WHERE account_id = $1 AND policy_arn = $2) AS a,
              (SELECT count(*)::int FROM ${this.boundaries} WHERE account_id = $1 AND policy_arn = $2) AS b`,
      [accountId, p.policyArn],
    );
    return {
      policyName: p.policyName,
      policyId: p.policyId,
      arn: p.policyArn,
      path: p.path,
      defaultVersionId: p.defaultVersionId,
      attachmentCount: Number(rows[0].a),
      permissionsBoundaryUsageCount: Number(rows[0].b),
      isAttachable: true,
      description: p.description,
      createDate: p.createDate,
      updateDate: p.updateDate,
      tags: [],
    };
  }
}

function localView(row: LocalPolicyRow): PolicyView {
  return {
    policyName: row.policy_name,
    policyId: row.policy_id,
    arn: row.arn,
    path: row.path,
    defaultVersionId: row.default_version_id,
    attachmentCount: Number(row.attachment_count ?? 0),
    permissionsBoundaryUsageCount: Number(row.boundary_count ?? 0),
    isAttachable: true,
    description: row.description,
    createDate: iso(row.create_date),
    updateDate: iso(row.update_date),
    tags: row.tags,
  };
}
