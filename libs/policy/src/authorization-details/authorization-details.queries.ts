import { AwsManagedPolicies, type TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { decodeMarker, encodeMarker, pageSize, type PageRequest } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';

/** AWS's EntityType: what GetAccountAuthorizationDetails' Filter selects. */
export const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

interface PolicyDetail {
  policyName: string;
  policyDocument: string;
}
interface AttachedPolicy {
  policyName: string;
  policyArn: string;
}
interface Boundary {
  permissionsBoundaryType: 'PermissionsBoundaryPolicy';
  permissionsBoundaryArn: string;
}

export interface UserDetail {
  path: string;
  userName: string;
  userId: string;
  arn: string;
  createDate?: string;
  userPolicyList: PolicyDetail[];
  groupList: string[];
  attachedManagedPolicies: AttachedPolicy[];
  permissionsBoundary?: Boundary;
  tags: TagV1[];
}

export interface GroupDetail {
  path: string;
  groupName: string;
  groupId: string;
  arn: string;
  createDate?: string;
  groupPolicyList: PolicyDetail[];
  attachedManagedPolicies: AttachedPolicy[];
}

export interface RoleDetail {
  path: string;
  roleName: string;
  roleId: string;
  arn: string;
  createDate?: string;
  assumeRolePolicyDocument?: string;
  /** Instance profiles are not a feature of this product: always empty. */
  instanceProfileList: [];
  rolePolicyList: PolicyDetail[];
  attachedManagedPolicies: AttachedPolicy[];
  permissionsBoundary?: Boundary;
  tags: TagV1[];
}

export interface ManagedPolicyDetail {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  attachmentCount: number;
  permissionsBoundaryUsageCount: number;
  isAttachable: true;
  description: string;
  createDate: string;
  updateDate: string;
  policyVersionList: { document: string; versionId: string; isDefaultVersion: boolean; createDate: string }[];
}

export interface AccountAuthorizationDetails {
  userDetailList: UserDetail[];
  groupDetailList: GroupDetail[];
  roleDetailList: RoleDetail[];
  policies: ManagedPolicyDetail[];
  isTruncated: boolean;
  marker?: string;
}

/**
 * The page's sections in AWS's order; an item's sort key is its section's
 * digit, then its name (lower-cased) and id, so one marker pages across the
 * combined lists.
 */
const SECTIONS = ['user', 'group', 'role', 'policy'] as const;

interface PrincipalRow {
  principal_id: string;
  principal_type: PrincipalKind;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  tags: TagV1[];
  create_date: string | Date | null;
  trust_policy: string | null;
}

interface PolicyRow {
  policy_id: string;
  policy_name: string;
  name_key: string;
  arn: string;
  path: string;
  description: string;
  default_version_id: string;
  create_date: string | Date;
  update_date: string | Date;
  aws: boolean;
}

type Keyed = { key: string } & (
  { section: 'policy'; row: PolicyRow } | { section: PrincipalKind; row: PrincipalRow }
);

const iso = (value: string | Date) => new Date(value).toISOString();

/**
 * GetAccountAuthorizationDetails from the policy service's tables: its own
 * policies, versions, attachments, inline policies and boundaries, and its
 * projections of identity's principals (`principals`, `principal_details`,
 * `group_members`). Every read is of one account.
 */
export class AuthorizationDetailsQueries {
  private readonly t: (table: string) => string;

  constructor(schema: string) {
    this.t = (table) => `${identifier(schema)}.${table}`;
  }

  async page(
    db: Queryable,
    accountId: string,
    filter: readonly EntityType[],
    request: PageRequest,
  ): Promise<AccountAuthorizationDetails> {
    const limit = pageSize(request.maxItems);
    const after = decodeMarker(request.marker);
    const wanted = new Set<EntityType>(filter.length === 0 ? ENTITY_TYPES : filter);
    const found: Keyed[] = [];
    for (const [index, section] of SECTIONS.entries()) {
      if (found.length > limit) break;
      const prefix = `${index}|`;
      if (after !== '' && after.slice(0, 2) > prefix) continue;
      const within = after.startsWith(prefix) ? after.slice(2) : '';
      const room = limit + 1 - found.length;
      if (section === 'policy') {
        const local = wanted.has('LocalManagedPolicy');
        const aws = wanted.has('AWSManagedPolicy');
        if (local || aws) found.push(...(await this.policies(db, accountId, { local, aws }, within, room)));
      } else if (wanted.has(entityType(section))) {
        found.push(...(await this.principals(db, accountId, section, within, room)));
      }
    }
    const isTruncated = found.length > limit;
    const items = found.slice(0, limit);
    const details = await this.details(db, accountId, items);
    return isTruncated
      ? { ...details, isTruncated, marker: encodeMarker(items[items.length - 1].key) }
      : { ...details, isTruncated };
  }

  private async principals(
    db: Queryable,
    accountId: string,
    kind: PrincipalKind,
    after: string,
    limit: number,
  ): Promise<Keyed[]> {
    const [afterName = '', afterId = ''] = after === '' ? [] : after.split('|');
    const { rows } = await db.query<PrincipalRow>(
      `SELECT p.principal_id, p.principal_type, p.name, p.name_key, p.path, p.arn, p.tags, d.create_date, d.trust_policy
         FROM ${this.t('principals')} p
         LEFT JOIN ${this.t('principal_details')} d ON d.principal_id = p.principal_id
        WHERE p.account_id = $1 AND p.principal_type = $2 AND (p.name_key, p.principal_id) > ($3, $4)
        ORDER BY p.name_key, p.principal_id LIMIT $5`,
      [accountId, kind, afterName, afterId, limit],
    );
    const index = SECTIONS.indexOf(kind);
    return rows.map((row) => ({ key: `${index}|${row.name_key}|${row.principal_id}`, section: kind, row }));
  }

  /** The account's customer managed policies, and the AWS managed policies it uses (attached or as a boundary). */
  private async policies(
    db: Queryable,
    accountId: string,
    { local, aws }: { local: boolean; aws: boolean },
    after: string,
    limit: number,
  ): Promise<Keyed[]> {
    const index = SECTIONS.indexOf('policy');
    const keyed: Keyed[] = [];
    if (aws) {
      const { rows } = await db.query<{ policy_arn: string }>(
        `SELECT policy_arn FROM ${this.t('policy_attachments')} WHERE account_id = $1
         UNION SELECT policy_arn FROM ${this.t('permissions_boundaries')} WHERE account_id = $1`,
        [accountId],
      );
      const used = new Set(rows.map((r) => r.policy_arn));
      const byName = [...AwsManagedPolicies].sort((a, b) =>
        a.policyName.toLowerCase() < b.policyName.toLowerCase() ? -1 : 1,
      );
      for (const p of byName) {
        const key = `0|${p.policyName.toLowerCase()}`;
        if (!used.has(p.policyArn) || key <= after) continue;
        keyed.push({
          key: `${index}|${key}`,
          section: 'policy',
          row: {
            policy_id: p.policyId,
            policy_name: p.policyName,
            name_key: p.policyName.toLowerCase(),
            arn: p.policyArn,
            path: p.path,
            description: p.description,
            default_version_id: p.defaultVersionId,
            create_date: p.createDate,
            update_date: p.updateDate,
            aws: true,
          },
        });
      }
    }
    if (local) {
      const localAfter = after.startsWith('1|')
        ? after.slice(2)
        : after === '' || after.startsWith('0|')
          ? ''
          : '\uffff';
      const { rows } = await db.query<PolicyRow>(
        `SELECT policy_id, policy_name, policy_name_key AS name_key, arn, path, description, default_version_id,
                create_date, update_date, false AS aws
           FROM ${this.t('managed_policies')}
          WHERE account_id = $1 AND policy_name_key > $2 ORDER BY policy_name_key LIMIT $3`,
        [accountId, localAfter, limit],
      );
      keyed.push(
        ...rows.map((row) => ({ key: `${index}|1|${row.name_key}`, section: 'policy' as const, row })),
      );
    }
    // AWS managed ones (`0|`) first, by name; the account's follow in the database's order, as the marker is compared there.
    return keyed.slice(0, limit);
  }

  /** The page's entities with their policies, groups, boundaries and versions, read in a few queries. */
  private async details(
    db: Queryable,
    accountId: string,
    items: Keyed[],
  ): Promise<Omit<AccountAuthorizationDetails, 'isTruncated' | 'marker'>> {
    const principals = items.flatMap((i) => (i.section === 'policy' ? [] : [i.row]));
    const policies = items.flatMap((i) => (i.section === 'policy' ? [i.row] : []));
    const ids = principals.map((p) => p.principal_id);
    const [inline, attached, boundaries, groups] = await Promise.all([
      this.byPrincipal<{ policy_name: string; policy_document: string }>(
        db,
        `SELECT principal_id, policy_name, policy_document FROM ${this.t('inline_policies')}
          WHERE account_id = $1 AND principal_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY policy_name`,
        accountId,
        ids,
      ),
      this.byPrincipal<{ policy_name: string; policy_arn: string }>(
        db,
        `SELECT principal_id, policy_name, policy_arn FROM ${this.t('policy_attachments')}
          WHERE account_id = $1 AND principal_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY policy_arn`,
        accountId,
        ids,
      ),
      this.byPrincipal<{ policy_arn: string }>(
        db,
        `SELECT principal_id, policy_arn FROM ${this.t('permissions_boundaries')}
          WHERE account_id = $1 AND principal_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
        accountId,
        ids,
      ),
      this.byPrincipal<{ name: string }>(
        db,
        `SELECT m.user_id AS principal_id, g.name FROM ${this.t('group_members')} m
           JOIN ${this.t('principals')} g ON g.principal_id = m.group_id AND g.account_id = m.account_id
          WHERE m.account_id = $1 AND m.user_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY g.name_key`,
        accountId,
        ids,
      ),
    ]);
    const common = (p: PrincipalRow) => ({
      path: p.path,
      arn: p.arn,
      ...(p.create_date === null ? {} : { createDate: iso(p.create_date) }),
    });
    const policyList = (p: PrincipalRow) =>
      (inline.get(p.principal_id) ?? []).map((r) => ({
        policyName: r.policy_name,
        policyDocument: r.policy_document,
      }));
    const attachedList = (p: PrincipalRow) =>
      (attached.get(p.principal_id) ?? []).map((r) => ({
        policyName: r.policy_name,
        policyArn: r.policy_arn,
      }));
    const boundary = (p: PrincipalRow) => {
      const row = boundaries.get(p.principal_id)?.[0];
      return row
        ? {
            permissionsBoundary: {
              permissionsBoundaryType: 'PermissionsBoundaryPolicy' as const,
              permissionsBoundaryArn: row.policy_arn,
            },
          }
        : {};
    };
    const of = (kind: PrincipalKind) => principals.filter((p) => p.principal_type === kind);
    return {
      userDetailList: of('user').map((p) => ({
        ...common(p),
        userName: p.name,
        userId: p.principal_id,
        userPolicyList: policyList(p),
        groupList: (groups.get(p.principal_id) ?? []).map((g) => g.name),
        attachedManagedPolicies: attachedList(p),
        ...boundary(p),
        tags: p.tags ?? [],
      })),
      groupDetailList: of('group').map((p) => ({
        ...common(p),
        groupName: p.name,
        groupId: p.principal_id,
        groupPolicyList: policyList(p),
        attachedManagedPolicies: attachedList(p),
      })),
      roleDetailList: of('role').map((p) => ({
        ...common(p),
        roleName: p.name,
        roleId: p.principal_id,
        ...(p.trust_policy === null ? {} : { assumeRolePolicyDocument: p.trust_policy }),
        instanceProfileList: [] as [],
        rolePolicyList: policyList(p),
        attachedManagedPolicies: attachedList(p),
        ...boundary(p),
        tags: p.tags ?? [],
      })),
      policies: await this.policyDetails(db, accountId, policies),
    };
  }

  private async policyDetails(
    db: Queryable,
    accountId: string,
    policies: PolicyRow[],
  ): Promise<ManagedPolicyDetail[]> {
    if (policies.length === 0) return [];
    const arns = policies.map((p) => p.arn);
    const [usage, versions] = await Promise.all([
      db.query<{ policy_arn: string; attachments: number; boundaries: number }>(
        `SELECT policy_arn, sum(a)::int AS attachments, sum(b)::int AS boundaries FROM (
           SELECT policy_arn, 1 AS a, 0 AS b FROM ${this.t('policy_attachments')} WHERE account_id = $1 AND policy_arn IN (SELECT jsonb_array_elements_text($2::jsonb))
           UNION ALL
           SELECT policy_arn, 0, 1 FROM ${this.t('permissions_boundaries')} WHERE account_id = $1 AND policy_arn IN (SELECT jsonb_array_elements_text($2::jsonb))) u
         GROUP BY policy_arn`,
        [accountId, JSON.stringify(arns)],
      ),
      db.query<{ policy_id: string; version_id: string; document: string; create_date: string | Date }>(
        `SELECT v.policy_id, v.version_id, v.document, v.create_date FROM ${this.t('managed_policy_versions')} v
           JOIN ${this.t('managed_policies')} p ON p.policy_id = v.policy_id
          WHERE p.account_id = $1 AND p.arn IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY v.version_number DESC`,
        [accountId, JSON.stringify(arns)],
      ),
    ]);
    const counts = new Map(usage.rows.map((r) => [r.policy_arn, r]));
    return policies.map((p) => {
      const builtIn = p.aws ? AwsManagedPolicies.find((b) => b.policyArn === p.arn) : undefined;
      const policyVersionList = builtIn
        ? [
            {
              document: builtIn.document,
              versionId: builtIn.defaultVersionId,
              isDefaultVersion: true,
              createDate: builtIn.updateDate,
            },
          ]
        : versions.rows
            .filter((v) => v.policy_id === p.policy_id)
            .map((v) => ({
              document: v.document,
              versionId: v.version_id,
              isDefaultVersion: v.version_id === p.default_version_id,
              createDate: iso(v.create_date),
            }));
      return {
        policyName: p.policy_name,
        policyId: p.policy_id,
        arn: p.arn,
        path: p.path,
        defaultVersionId: p.default_version_id,
        attachmentCount: Number(counts.get(p.arn)?.attachments ?? 0),
        permissionsBoundaryUsageCount: Number(counts.get(p.arn)?.boundaries ?? 0),
        isAttachable: true as const,
        description: p.description,
        createDate: iso(p.create_date),
        updateDate: iso(p.update_date),
        policyVersionList,
      };
    });
  }

  private async byPrincipal<R>(
    db: Queryable,
    sql: string,
    accountId: string,
    ids: string[],
  ): Promise<Map<string, R[]>> {
    const map = new Map<string, R[]>();
    if (ids.length === 0) return map;
    const { rows } = await db.query<R & { principal_id: string }>(sql, [accountId, JSON.stringify(ids)]);
    for (const row of rows) map.set(row.principal_id, [...(map.get(row.principal_id) ?? []), row]);
    return map;
  }
}

function entityType(kind: PrincipalKind): EntityType {
  return kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role';
}
