import {
  IdentityEventTypes as T,
  PolicyEventTypes as P,
  type IdentityEvent,
  type TagV1,
} from '@iam/contracts';
import {
  identifier,
  type EventStore,
  type EventsOf,
  type Projection,
  type Queryable,
} from '@iam/event-store';
import { nameKey, PolicyStreamIds, type PrincipalKind } from '../shared/policy-names';

const principalsHandled = [
  T.UserCreated,
  T.GroupCreated,
  T.RoleCreated,
  T.UserUpdated,
  T.GroupUpdated,
  T.UserTagged,
  T.RoleTagged,
  T.UserUntagged,
  T.RoleUntagged,
  T.UserDeleted,
  T.GroupDeleted,
  T.RoleDeleted,
] as const;
type PrincipalsEvent = EventsOf<IdentityEvent, typeof principalsHandled>;

/** A principal as its creation event describes it. */
interface CreatedPrincipal {
  kind: PrincipalKind;
  id: string;
  name: string;
  accountId: string;
  path: string;
  arn: string;
  permissionsBoundary?: string;
  tags?: TagV1[];
}

/** The events of a principal's policies stream that set or remove its boundary (groups have none). */
const BoundaryEvents: Partial<Record<PrincipalKind, [string, string]>> = {
  user: [P.UserPermissionsBoundarySet, P.UserPermissionsBoundaryDeleted],
  role: [P.RolePermissionsBoundarySet, P.RolePermissionsBoundaryDeleted],
};

/**
 * IAM users, groups and roles by account and name, from identity's events
 * (consumed from `iam.identity.v1`): whom a policy can be attached to. A
 * rename is carried into the attachment and boundary rows; a deleted
 * principal's policy rows go with it, so attachment counts stay honest. A
 * user or role created with a permissions boundary has it recorded (and in
 * the boundary rows, unless a boundary event of its policies stream has
 * already replaced it: a replay does not bring a removed boundary back).
 * Tags are kept for the guard (`aws:ResourceTag/…` of a principal the
 * in-memory authorization projection does not know yet).
 */
export class PrincipalsProjection implements Projection<PrincipalsEvent> {
  readonly name = 'principals';
  readonly version = 1;
  readonly handles = principalsHandled;
  private readonly principals: string;
  private readonly attachments: string;
  private readonly inline: string;
  private readonly boundaries: string;

  /** `store`: this service's own, asked whether a principal's policies stream has replaced its boundary. */
  constructor(
    schema: string,
    private readonly store: Pick<EventStore, 'readStream'>,
  ) {
    this.principals = `${identifier(schema)}.principals`;
    this.attachments = `${identifier(schema)}.policy_attachments`;
    this.inline = `${identifier(schema)}.inline_policies`;
    this.boundaries = `${identifier(schema)}.permissions_boundaries`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.principals}`);
  }

  async apply(tx: Queryable, event: PrincipalsEvent): Promise<void> {
    switch (event.type) {
      case T.UserCreated: {
        const p = event.payload;
        return this.created(tx, { kind: 'user', id: p.userId, name: p.userName, ...p }, event);
      }
      case T.GroupCreated: {
        const p = event.payload;
        return this.created(tx, { kind: 'group', id: p.groupId, name: p.groupName, ...p }, event);
      }
      case T.RoleCreated: {
        const p = event.payload;
        return this.created(tx, { kind: 'role', id: p.roleId, name: p.roleName, ...p }, event);
      }
      case T.UserUpdated: {
        const p = event.payload;
        return this.updated(tx, p.userId, p.userName, p.path, p.arn);
      }
      case T.GroupUpdated: {
        const p = event.payload;
        return this.updated(tx, p.groupId, p.groupName, p.path, p.arn);
      }
      case T.UserTagged:
      case T.RoleTagged: {
        const p = event.payload;
        return this.retag(tx, 'userId' in p ? p.userId : p.roleId, (tags) => withTags(tags, p.tags ?? []));
      }
      case T.UserUntagged:
      case T.RoleUntagged: {
        const p = event.payload;
        return this.retag(tx, 'userId' in p ? p.userId : p.roleId, (tags) =>
          withoutTags(tags, p.tagKeys ?? []),
        );
      }
      case T.UserDeleted:
        return this.deleted(tx, event.payload.userId);
      case T.GroupDeleted:
        return this.deleted(tx, event.payload.groupId);
      case T.RoleDeleted:
        return this.deleted(tx, event.payload.roleId);
    }
  }

  private async created(tx: Queryable, p: CreatedPrincipal, event: PrincipalsEvent): Promise<void> {
    const { kind, id, name } = p;
    // The payload's shape is a contract, not a check (events arrive as JSON): fall back to the envelope's.
    const accountId = p.accountId ?? event.accountId;
    const boundary = typeof p.permissionsBoundary === 'string' ? p.permissionsBoundary : null;
    await tx.query(
      `INSERT INTO ${this.principals} (principal_id, principal_type, account_id, name, name_key, path, arn, permissions_boundary, tags)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (principal_id) DO NOTHING`,
      [id, kind, accountId, name, nameKey(name), p.path, p.arn, boundary, JSON.stringify(p.tags ?? [])],
    );
    const boundaryEvents = BoundaryEvents[kind];
    if (boundary !== null && boundaryEvents) {
      // A boundary event of its policies stream has replaced this one already (a replay).
      const stream = await this.store.readStream(PolicyStreamIds.principalPolicies(kind, id), tx);
      if (!stream.some((e) => (boundaryEvents as readonly string[]).includes(e.type))) {
        await tx.query(
          `INSERT INTO ${this.boundaries} (principal_type, principal_id, account_id, principal_name, principal_arn, policy_arn)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (principal_type, principal_id) DO NOTHING`,
          [kind, id, accountId, name, p.arn, boundary],
        );
      }
    }
  }

  private async updated(tx: Queryable, id: string, name: string, path: string, arn: string): Promise<void> {
    await tx.query(
      `UPDATE ${this.principals} SET name = $2, name_key = $3, path = $4, arn = $5 WHERE principal_id = $1`,
      [id, name, nameKey(name), path, arn],
    );
    for (const table of [this.attachments, this.boundaries]) {
      await tx.query(`UPDATE ${table} SET principal_name = $2, principal_arn = $3 WHERE principal_id = $1`, [
        id,
        name,
        arn,
      ]);
    }
  }

  private async retag(tx: Queryable, id: string, change: (tags: TagV1[]) => TagV1[]): Promise<void> {
    const { rows } = await tx.query<{ tags: TagV1[] }>(
      `SELECT tags FROM ${this.principals} WHERE principal_id = $1 FOR UPDATE`,
      [id],
    );
    if (!rows[0]) return;
    await tx.query(`UPDATE ${this.principals} SET tags = $2 WHERE principal_id = $1`, [
      id,
      JSON.stringify(change(rows[0].tags)),
    ]);
  }

  private async deleted(tx: Queryable, id: string): Promise<void> {
    for (const table of [this.principals, this.attachments, this.inline, this.boundaries]) {
      await tx.query(`DELETE FROM ${table} WHERE principal_id = $1`, [id]);
    }
  }
}

/** A tag key already present, in any case, is replaced (as identity's TagUser does). */
function withTags(existing: TagV1[], added: TagV1[]): TagV1[] {
  const keys = new Set(added.map((t) => t.key.toLowerCase()));
  return [...existing.filter((t) => !keys.has(t.key.toLowerCase())), ...added];
}

function withoutTags(existing: TagV1[], keys: string[]): TagV1[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !removed.has(t.key.toLowerCase()));
}
