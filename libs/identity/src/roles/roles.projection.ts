import { IdentityEventTypes as T, type TagV1, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { nameReservationKey } from '../shared/iam-names';
import { applyTags, removeTags } from '../shared/tags';

const rolesHandled = [
  T.RoleCreated,
  T.RoleUpdated,
  T.RoleTrustPolicyUpdated,
  T.RoleTagged,
  T.RoleUntagged,
  T.RoleDeleted,
] as const;
type RolesEvent = EventsOf<IdentityEvent, typeof rolesHandled>;

/** The roles view: what GetRole and ListRoles read, and the roles' name reservations. */
export class RolesProjection implements InlineProjection<RolesEvent> {
  readonly name = 'roles';
  readonly version = 1;
  readonly handles = rolesHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.roles`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: RolesEvent): Promise<void> {
    switch (event.type) {
      case T.RoleCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (role_id, account_id, role_name, role_name_key, path, arn, create_date,
                                      description, max_session_duration, assume_role_policy_document, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            p.roleId,
            p.accountId,
            p.roleName,
            nameReservationKey(p.roleName),
            p.path,
            p.arn,
            p.createDate,
            p.description,
            p.maxSessionDuration,
            p.assumeRolePolicyDocument,
            JSON.stringify(p.tags),
          ],
        );
        return;
      }
      case T.RoleUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET description = $2, max_session_duration = $3 WHERE role_id = $1`,
          [p.roleId, p.description, p.maxSessionDuration],
        );
        return;
      }
      case T.RoleTrustPolicyUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET assume_role_policy_document = $2 WHERE role_id = $1`, [
          p.roleId,
          p.assumeRolePolicyDocument,
        ]);
        return;
      }
      case T.RoleTagged:
      case T.RoleUntagged: {
        const p = event.payload;
        const { rows } = await tx.query<{ tags: TagV1[] }>(
          `SELECT tags FROM ${this.table} WHERE role_id = $1`,
          [p.roleId],
        );
        if (rows.length === 0) return;
        const tags = 'tags' in p ? applyTags(rows[0].tags, p.tags) : removeTags(rows[0].tags, p.tagKeys);
        await tx.query(`UPDATE ${this.table} SET tags = $2 WHERE role_id = $1`, [
          p.roleId,
          JSON.stringify(tags),
        ]);
        return;
      }
      case T.RoleDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE role_id = $1`, [p.roleId]);
        return;
      }
    }
  }
}
