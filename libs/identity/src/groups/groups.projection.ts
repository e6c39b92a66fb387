import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { nameReservationKey } from '../shared/iam-names';

const groupsHandled = [T.GroupCreated, T.GroupUpdated, T.GroupDeleted] as const;
type GroupsEvent = EventsOf<IdentityEvent, typeof groupsHandled>;

/** The groups view: what GetGroup and ListGroups read, and the groups' name reservations. */
export class GroupsProjection implements InlineProjection<GroupsEvent> {
  readonly name = 'groups';
  readonly version = 1;
  readonly handles = groupsHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.groups`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: GroupsEvent): Promise<void> {
    switch (event.type) {
      case T.GroupCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (group_id, account_id, group_name, group_name_key, path, arn, create_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [p.groupId, p.accountId, p.groupName, nameReservationKey(p.groupName), p.path, p.arn, p.createDate],
        );
        return;
      }
      case T.GroupUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET group_name = $2, group_name_key = $3, path = $4, arn = $5 WHERE group_id = $1`,
          [p.groupId, p.groupName, nameReservationKey(p.groupName), p.path, p.arn],
        );
        return;
      }
      case T.GroupDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE group_id = $1`, [p.groupId]);
        return;
      }
    }
  }
}

const groupMembersHandled = [
  T.UserAddedToGroup,
  T.UserRemovedFromGroup,
  T.UserDeleted,
  T.GroupDeleted,
] as const;
type GroupMembersEvent = EventsOf<IdentityEvent, typeof groupMembersHandled>;

/**
 * Who is in which group. Membership is decided on the user stream; this view
 * answers GetGroup's users, ListGroupsForUser and DeleteGroup's member count.
 */
export class GroupMembersProjection implements InlineProjection<GroupMembersEvent> {
  readonly name = 'group_members';
  readonly version = 1;
  readonly handles = groupMembersHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.group_members`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: GroupMembersEvent): Promise<void> {
    switch (event.type) {
      case T.UserAddedToGroup: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (group_id, user_id, account_id) VALUES ($1, $2, $3)
           ON CONFLICT (group_id, user_id) DO NOTHING`,
          [p.groupId, p.userId, event.accountId],
        );
        return;
      }
      case T.UserRemovedFromGroup: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE group_id = $1 AND user_id = $2`, [
          p.groupId,
          p.userId,
        ]);
        return;
      }
      // Both deciders refuse to delete while memberships remain; the cleanup
      // keeps a replay of older histories from leaving orphans.
      case T.UserDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
      case T.GroupDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE group_id = $1`, [p.groupId]);
        return;
      }
    }
  }
}
