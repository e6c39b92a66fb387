import { IdentityEventTypes as T, type IdentityEvent, type TagV1 } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const rolesHandled = [
  T.RoleCreated,
  T.RoleUpdated,
  T.RoleTrustPolicyUpdated,
  T.RoleTagged,
  T.RoleUntagged,
  T.RoleDeleted,
] as const;
type RolesEvent = EventsOf<IdentityEvent, typeof rolesHandled>;

/**
 * Roles as AssumeRole needs them (trust policy, maximum session duration,
 * tags, ARN), from identity's events on `iam.identity.v1`. The role's
 * identity policies and boundary are not here: every service's
 * authorization cache has them. A deleted role is kept, marked, so a late
 * event of it changes nothing visible.
 */
export class RolesProjection implements Projection<RolesEvent> {
  readonly name = 'roles';
  readonly version = 1;
  readonly handles = rolesHandled;
  private readonly roles: string;

  constructor(
    schema: string,
    /** Told of every change applied (the in-memory copies of roles are then dropped). */
    private readonly changed: () => void = () => undefined,
  ) {
    this.roles = `${identifier(schema)}.roles`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.roles}`);
  }

  async apply(tx: Queryable, event: RolesEvent): Promise<void> {
    this.changed();
    switch (event.type) {
      case T.RoleCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.roles} (role_id, account_id, role_name, name_key, path, arn, trust_policy, max_session_duration, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (role_id) DO NOTHING`,
          [
            p.roleId,
            // Events arrive as JSON: a payload without its account id takes the envelope's.
            p.accountId ?? event.accountId,
            p.roleName,
            p.roleName.toLowerCase(),
            p.path,
            p.arn,
            p.assumeRolePolicyDocument,
            p.maxSessionDuration ?? 3600,
            JSON.stringify(p.tags ?? []),
          ],
        );
        return;
      }
      case T.RoleUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.roles} SET max_session_duration = $2 WHERE role_id = $1`, [
          p.roleId,
          p.maxSessionDuration,
        ]);
        return;
      }
      case T.RoleTrustPolicyUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.roles} SET trust_policy = $2 WHERE role_id = $1`, [
          p.roleId,
          p.assumeRolePolicyDocument,
        ]);
        return;
      }
      case T.RoleTagged: {
        const p = event.payload;
        return this.retag(tx, p.roleId, (tags) => withTags(tags, p.tags ?? []));
      }
      case T.RoleUntagged: {
        const p = event.payload;
        return this.retag(tx, p.roleId, (tags) => withoutTags(tags, p.tagKeys ?? []));
      }
      case T.RoleDeleted:
        await tx.query(`UPDATE ${this.roles} SET deleted = true WHERE role_id = $1`, [event.payload.roleId]);
        return;
    }
  }

  private async retag(tx: Queryable, roleId: string, change: (tags: TagV1[]) => TagV1[]): Promise<void> {
    const { rows } = await tx.query<{ tags: TagV1[] }>(
      `SELECT tags FROM ${this.roles} WHERE role_id = $1 FOR UPDATE`,
      [roleId],
    );
    if (!rows[0]) return;
    await tx.query(`UPDATE ${this.roles} SET tags = $2 WHERE role_id = $1`, [
      roleId,
      JSON.stringify(change(rows[0].tags)),
    ]);
  }
}

/** A tag key already present, in any case, is replaced (as identity's TagRole does). */
function withTags(existing: TagV1[], added: TagV1[]): TagV1[] {
  const keys = new Set(added.map((t) => t.key.toLowerCase()));
  return [...existing.filter((t) => !keys.has(t.key.toLowerCase())), ...added];
}

function withoutTags(existing: TagV1[], keys: string[]): TagV1[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !removed.has(t.key.toLowerCase()));
}
