import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';
import type { PrincipalKind } from '../shared/policy-names';

const detailsHandled = [
  T.UserCreated,
  T.GroupCreated,
  T.RoleCreated,
  T.RoleTrustPolicyUpdated,
  T.UserAddedToGroup,
  T.UserRemovedFromGroup,
  T.UserDeleted,
  T.GroupDeleted,
  T.RoleDeleted,
] as const;
type DetailsEvent = EventsOf<IdentityEvent, typeof detailsHandled>;

/**
 * What GetAccountAuthorizationDetails tells of identity's principals beyond
 * the `principals` projection (names, paths, ARNs, tags): when each was
 * created, a role's trust policy, and which groups a user is in. From
 * identity's events (`iam.identity.v1`), a consumer of its own: a new
 * consumer reads the topic from its start, so the rows built before it
 * existed need no rebuild.
 */
export class PrincipalDetailsProjection implements Projection<DetailsEvent> {
  readonly name = 'principal-details';
  readonly version = 1;
  readonly handles = detailsHandled;
  private readonly details: string;
  private readonly members: string;

  constructor(schema: string) {
    this.details = `${identifier(schema)}.principal_details`;
    this.members = `${identifier(schema)}.group_members`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.details}`);
    await tx.query(`DELETE FROM ${this.members}`);
  }

  async apply(tx: Queryable, event: DetailsEvent): Promise<void> {
    switch (event.type) {
      case T.UserCreated:
        return this.created(tx, 'user', event.payload.userId, event, event.payload.createDate, null);
      case T.GroupCreated:
        return this.created(tx, 'group', event.payload.groupId, event, event.payload.createDate, null);
      case T.RoleCreated: {
        const p = event.payload;
        return this.created(tx, 'role', p.roleId, event, p.createDate, p.assumeRolePolicyDocument);
      }
      case T.RoleTrustPolicyUpdated:
        await tx.query(`UPDATE ${this.details} SET trust_policy = $2 WHERE principal_id = $1`, [
          event.payload.roleId,
          event.payload.assumeRolePolicyDocument,
        ]);
        return;
      case T.UserAddedToGroup:
        await tx.query(
          `INSERT INTO ${this.members} (group_id, user_id, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [event.payload.groupId, event.payload.userId, event.accountId],
        );
        return;
      case T.UserRemovedFromGroup:
        await tx.query(`DELETE FROM ${this.members} WHERE group_id = $1 AND user_id = $2`, [
          event.payload.groupId,
          event.payload.userId,
        ]);
        return;
      case T.UserDeleted:
        return this.deleted(tx, event.payload.userId, 'user_id');
      case T.GroupDeleted:
        return this.deleted(tx, event.payload.groupId, 'group_id');
      case T.RoleDeleted:
        return this.deleted(tx, event.payload.roleId);
    }
  }

  private async created(
    tx: Queryable,
    kind: PrincipalKind,
    id: string,
    event: DetailsEvent,
    createDate: string | undefined,
    trustPolicy: string | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.details} (principal_id, principal_type, account_id, create_date, trust_policy)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (principal_id) DO NOTHING`,
      [id, kind, event.accountId, createDate ?? event.occurredAt, trustPolicy],
    );
  }

  private async deleted(tx: Queryable, id: string, membership?: 'user_id' | 'group_id'): Promise<void> {
    await tx.query(`DELETE FROM ${this.details} WHERE principal_id = $1`, [id]);
    if (membership) await tx.query(`DELETE FROM ${this.members} WHERE ${membership} = $1`, [id]);
  }
}
