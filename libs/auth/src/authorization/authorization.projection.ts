import {
  IdentityEventTypes as I,
  PolicyEventTypes as P,
  type EventEnvelope,
  type GroupRef,
  type IdentityEvent,
  type PolicyEvent,
  type RoleRef,
  type TagV1,
  type UserRef,
} from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

/** One principal as authorization sees it; `principal_key` is `user:<id>`, `group:<id>` or `role:<id>`. */
export interface PrincipalRecord {
  key: string;
  kind: 'user' | 'group' | 'role';
  accountId: string;
  arn: string;
  name: string;
  tags: TagV1[];
  /** Users: ids of the groups they belong to. */
  groups: string[];
  /** ARNs of attached managed policies. */
  attached: string[];
  /** Inline policies by name. */
  inline: Record<string, string>;
  boundary: string | null;
  /**
   * A boundary event of the policy service has been applied: the boundary a
   * user or role was created with (identity's event, which may arrive later
   * from the other topic) no longer counts.
   */
  boundaryChanged: boolean;
  deleted: boolean;
}

const authorizationHandled = [
  I.UserCreated,
  I.UserUpdated,
  I.UserTagged,
  I.UserUntagged,
  I.UserDeleted,
  I.UserAddedToGroup,
  I.UserRemovedFromGroup,
  I.GroupCreated,
  I.GroupUpdated,
  I.GroupDeleted,
  I.RoleCreated,
  I.RoleTagged,
  I.RoleUntagged,
  I.RoleDeleted,
  P.UserPolicyAttached,
  P.GroupPolicyAttached,
  P.RolePolicyAttached,
  P.UserPolicyDetached,
  P.GroupPolicyDetached,
  P.RolePolicyDetached,
  P.UserPolicyPut,
  P.GroupPolicyPut,
  P.RolePolicyPut,
  P.UserPolicyDeleted,
  P.GroupPolicyDeleted,
  P.RolePolicyDeleted,
  P.UserPermissionsBoundarySet,
  P.RolePermissionsBoundarySet,
  P.UserPermissionsBoundaryDeleted,
  P.RolePermissionsBoundaryDeleted,
  P.PolicyCreated,
  P.DefaultPolicyVersionSet,
  P.PolicyVersionCreated,
  P.PolicyDeleted,
] as const;
type AuthorizationEvent = EventsOf<IdentityEvent | PolicyEvent, typeof authorizationHandled>;

/**
 * The authorization read model, fed from `iam.identity.v1` and
 * `iam.policy.v1`. Events of the two topics may arrive in any order across
 * streams, so every write is an upsert that fills what it knows.
 */
export class AuthorizationProjection implements Projection<AuthorizationEvent> {
  readonly name = 'authorization';
  readonly version = 1;
  readonly handles = authorizationHandled;
  private readonly principals: string;
  private readonly policies: string;
  private readonly seq: string;

  constructor(schema: string) {
    this.principals = `${identifier(schema)}.authz_principals`;
    this.policies = `${identifier(schema)}.authz_policies`;
    this.seq = `${identifier(schema)}.authz_seq`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.principals}`);
    await tx.query(`DELETE FROM ${this.policies}`);
  }

  async apply(tx: Queryable, event: AuthorizationEvent): Promise<void> {
    switch (event.type) {
      case I.UserCreated: {
        const p = event.payload;
        return this.upsert(tx, `user:${p.userId}`, 'user', event, (r) => {
          Object.assign(r, { arn: p.arn, name: p.userName, tags: p.tags ?? [], deleted: false });
          createdWithBoundary(r, p.permissionsBoundary);
        });
      }
      case I.UserUpdated: {
        const p = event.payload;
        return this.upsert(tx, `user:${p.userId}`, 'user', event, (r) =>
          Object.assign(r, { arn: p.arn, name: p.userName }),
        );
      }
      case I.UserTagged: {
        const p = event.payload;
        return this.upsert(
          tx,
          `user:${p.userId}`,
          'user',
          event,
          (r) => (r.tags = withTags(r.tags, p.tags ?? [])),
        );
      }
      case I.UserUntagged: {
        const p = event.payload;
        return this.upsert(
          tx,
          `user:${p.userId}`,
          'user',
          event,
          (r) => (r.tags = withoutTags(r.tags, p.tagKeys ?? [])),
        );
      }
      case I.UserDeleted:
        return this.upsert(tx, `user:${event.payload.userId}`, 'user', event, (r) => (r.deleted = true));
      case I.UserAddedToGroup: {
        const p = event.payload;
        return this.upsert(
          tx,
          `user:${p.userId}`,
          'user',
          event,
          (r) => (r.groups = [...new Set([...r.groups, String(p.groupId)])]),
        );
      }
      case I.UserRemovedFromGroup: {
        const p = event.payload;
        return this.upsert(
          tx,
          `user:${p.userId}`,
          'user',
          event,
          (r) => (r.groups = r.groups.filter((g) => g !== p.groupId)),
        );
      }
      case I.GroupCreated:
      case I.GroupUpdated: {
        const p = event.payload;
        return this.upsert(tx, `group:${p.groupId}`, 'group', event, (r) =>
          Object.assign(r, { arn: p.arn, name: p.groupName, deleted: false }),
        );
      }
      case I.GroupDeleted:
        return this.upsert(tx, `group:${event.payload.groupId}`, 'group', event, (r) => (r.deleted = true));
      case I.RoleCreated: {
        const p = event.payload;
        return this.upsert(tx, `role:${p.roleId}`, 'role', event, (r) => {
          Object.assign(r, { arn: p.arn, name: p.roleName, tags: p.tags ?? [], deleted: false });
          createdWithBoundary(r, p.permissionsBoundary);
        });
      }
      case I.RoleTagged: {
        const p = event.payload;
        return this.upsert(
          tx,
          `role:${p.roleId}`,
          'role',
          event,
          (r) => (r.tags = withTags(r.tags, p.tags ?? [])),
        );
      }
      case I.RoleUntagged: {
        const p = event.payload;
        return this.upsert(
          tx,
          `role:${p.roleId}`,
          'role',
          event,
          (r) => (r.tags = withoutTags(r.tags, p.tagKeys ?? [])),
        );
      }
      case I.RoleDeleted:
        return this.upsert(tx, `role:${event.payload.roleId}`, 'role', event, (r) => (r.deleted = true));

      case P.UserPolicyAttached:
      case P.GroupPolicyAttached:
      case P.RolePolicyAttached: {
        const p = event.payload;
        return this.upsert(
          tx,
          principalKey(p),
          kindOf(p),
          event,
          (r) => (r.attached = [...new Set([...r.attached, String(p.policyArn)])]),
        );
      }
      case P.UserPolicyDetached:
      case P.GroupPolicyDetached:
      case P.RolePolicyDetached: {
        const p = event.payload;
        return this.upsert(
          tx,
          principalKey(p),
          kindOf(p),
          event,
          (r) => (r.attached = r.attached.filter((a) => a !== p.policyArn)),
        );
      }
      case P.UserPolicyPut:
      case P.GroupPolicyPut:
      case P.RolePolicyPut: {
        const p = event.payload;
        return this.upsert(
          tx,
          principalKey(p),
          kindOf(p),
          event,
          (r) => (r.inline = { ...r.inline, [String(p.policyName)]: String(p.policyDocument) }),
        );
      }
      case P.UserPolicyDeleted:
      case P.GroupPolicyDeleted:
      case P.RolePolicyDeleted: {
        const p = event.payload;
        return this.upsert(tx, principalKey(p), kindOf(p), event, (r) => {
          const inline = { ...r.inline };
          delete inline[String(p.policyName)];
          r.inline = inline;
        });
      }
      case P.UserPermissionsBoundarySet:
      case P.RolePermissionsBoundarySet: {
        const p = event.payload;
        return this.upsert(tx, principalKey(p), kindOf(p), event, (r) =>
          Object.assign(r, { boundary: String(p.policyArn), boundaryChanged: true }),
        );
      }
      case P.UserPermissionsBoundaryDeleted:
      case P.RolePermissionsBoundaryDeleted: {
        const p = event.payload;
        return this.upsert(tx, principalKey(p), kindOf(p), event, (r) =>
          Object.assign(r, { boundary: null, boundaryChanged: true }),
        );
      }

      case P.PolicyCreated: {
        const p = event.payload;
        return this.setPolicy(tx, String(p.policyArn), String(p.document), false, p.tags ?? []);
      }
      case P.DefaultPolicyVersionSet: {
        const p = event.payload;
        return this.setPolicy(tx, String(p.policyArn), String(p.document), false);
      }
      case P.PolicyVersionCreated: {
        const p = event.payload;
        if (p.setAsDefault) return this.setPolicy(tx, String(p.policyArn), String(p.document), false);
        return;
      }
      case P.PolicyDeleted:
        return this.setPolicy(tx, String(event.payload.policyArn), '', true);
    }
  }

  /** Tags (for `aws:ResourceTag/…` on the policy) come with its creation only; other writes keep them. */
  private async setPolicy(
    tx: Queryable,
    policyArn: string,
    document: string,
    deleted: boolean,
    tags?: TagV1[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.policies} (policy_arn, document, deleted, tags, seq)
       VALUES ($1, $2, $3, COALESCE($4::jsonb, '[]'), nextval('${this.seq}'))
       ON CONFLICT (policy_arn) DO UPDATE SET document = EXCLUDED.document, deleted = EXCLUDED.deleted,
         tags = COALESCE($4::jsonb, ${this.policies}.tags), seq = EXCLUDED.seq, tx = EXCLUDED.tx`,
      [policyArn, document, deleted, tags === undefined ? null : JSON.stringify(tags)],
    );
  }

  private async upsert(
    tx: Queryable,
    key: string,
    kind: PrincipalRecord['kind'],
    event: EventEnvelope,
    change: (record: PrincipalRecord) => void,
  ): Promise<void> {
    // Batches of several partitions (and of both topics) are applied concurrently, and a
    // principal's events come from both topics: create the row first, so that two
    // transactions meeting on a new principal serialize on its lock instead of each
    // building it from nothing and the later one overwriting the earlier (a lost attachment).
    await tx.query(
      `INSERT INTO ${this.principals} (principal_key, kind, account_id, seq) VALUES ($1, $2, $3, nextval('${this.seq}'))
       ON CONFLICT (principal_key) DO NOTHING`,
      [key, kind, event.accountId],
    );
    const { rows } = await tx.query<Record<string, unknown>>(
      `SELECT * FROM ${this.principals} WHERE principal_key = $1 FOR UPDATE`,
      [key],
    );
    const record: PrincipalRecord = rows[0]
      ? toRecord(rows[0])
      : {
          key,
          kind,
          accountId: event.accountId,
          arn: '',
          name: '',
          tags: [],
          groups: [],
          attached: [],
          inline: {},
          boundary: null,
          boundaryChanged: false,
          deleted: false,
        };
    change(record);
    await tx.query(
      `INSERT INTO ${this.principals} (principal_key, kind, account_id, arn, name, tags, groups, attached, inline, boundary, boundary_changed, deleted, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, nextval('${this.seq}'))
       ON CONFLICT (principal_key) DO UPDATE SET account_id = EXCLUDED.account_id, arn = EXCLUDED.arn, name = EXCLUDED.name,
         tags = EXCLUDED.tags, groups = EXCLUDED.groups, attached = EXCLUDED.attached, inline = EXCLUDED.inline,
         boundary = EXCLUDED.boundary, boundary_changed = EXCLUDED.boundary_changed, deleted = EXCLUDED.deleted,
         seq = EXCLUDED.seq, tx = EXCLUDED.tx`,
      [
        key,
        record.kind,
        record.accountId || event.accountId,
        record.arn ?? '',
        record.name ?? '',
        JSON.stringify(record.tags),
        JSON.stringify(record.groups),
        JSON.stringify(record.attached),
        JSON.stringify(record.inline),
        record.boundary,
        record.boundaryChanged,
        record.deleted,
      ],
    );
  }
}

export function toRecord(row: Record<string, unknown>): PrincipalRecord {
  return {
    key: String(row.principal_key),
    kind: row.kind as PrincipalRecord['kind'],
    accountId: String(row.account_id),
    arn: String(row.arn),
    name: String(row.name),
    tags: row.tags as TagV1[],
    groups: row.groups as string[],
    attached: row.attached as string[],
    inline: row.inline as Record<string, string>,
    boundary: (row.boundary as string | null) ?? null,
    boundaryChanged: Boolean(row.boundary_changed),
    deleted: Boolean(row.deleted),
  };
}

/** The boundary given at creation holds unless a boundary event, applied first, has replaced it. */
function createdWithBoundary(record: PrincipalRecord, permissionsBoundary: string | undefined): void {
  if (permissionsBoundary !== undefined && !record.boundaryChanged) record.boundary = permissionsBoundary;
}

type PrincipalRef = UserRef | GroupRef | RoleRef;

function principalKey(p: PrincipalRef): string {
  if ('userId' in p) return `user:${p.userId}`;
  if ('groupId' in p) return `group:${p.groupId}`;
  return `role:${p.roleId}`;
}

function kindOf(p: PrincipalRef): PrincipalRecord['kind'] {
  return 'userId' in p ? 'user' : 'groupId' in p ? 'group' : 'role';
}

function withTags(existing: TagV1[], added: TagV1[]): TagV1[] {
  const keys = new Set(added.map((t) => t.key.toLowerCase()));
  return [...existing.filter((t) => !keys.has(t.key.toLowerCase())), ...added];
}

function withoutTags(existing: TagV1[], keys: string[]): TagV1[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !removed.has(t.key.toLowerCase()));
}
