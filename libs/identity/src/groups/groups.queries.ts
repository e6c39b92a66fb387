import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';
import { nameReservationKey } from '../shared/iam-names';
import { listByPath } from '../shared/path-listing';
import { readPage, type Page, type PageRequest } from '@iam/service-kit';

export interface GroupView {
  groupName: string;
  groupId: string;
  arn: string;
  path: string;
  createDate: string;
}

/** A member as GetGroup lists it (AWS leaves tags out there). */
export interface GroupMemberView {
  userName: string;
  userId: string;
  arn: string;
  path: string;
  createDate: string;
}

/**
 * `share` keeps a group from being deleted or renamed until the transaction
 * ends (adding a member); `update` waits for those and excludes them
 * (deleting it), so a member count read afterwards is final.
 */
export type GroupRowLock = 'share' | 'update';

interface GroupRow {
  group_id: string;
  group_name: string;
  group_name_key: string;
  path: string;
  arn: string;
  create_date: string | Date;
}

interface MemberRow {
  user_id: string;
  user_name: string;
  user_name_key: string;
  path: string;
  arn: string;
  create_date: string | Date;
}

const lockClause: Record<GroupRowLock, string> = { share: 'FOR SHARE', update: 'FOR UPDATE' };

/** Reads of the groups and membership views, always within the caller's account. */
export class GroupsQueries {
  private readonly groups: string;
  private readonly members: string;
  private readonly users: string;

  constructor(schema: string) {
    this.groups = `${identifier(schema)}.groups`;
    this.members = `${identifier(schema)}.group_members`;
    this.users = `${identifier(schema)}.users`;
  }

  async find(
    db: Queryable,
    accountId: string,
    groupName: string,
    lock?: GroupRowLock,
  ): Promise<GroupView | undefined> {
    const { rows } = await db.query<GroupRow>(
      `SELECT * FROM ${this.groups} WHERE account_id = $1 AND group_name_key = $2 ${lock ? lockClause[lock] : ''}`,
      [accountId, nameReservationKey(groupName)],
    );
    return rows[0] ? toGroupView(rows[0]) : undefined;
  }

  async get(db: Queryable, accountId: string, groupName: string, lock?: GroupRowLock): Promise<GroupView> {
    const group = await this.find(db, accountId, groupName, lock);
    if (!group) throw IdentityErrors.noSuchGroup(groupName);
    return group;
  }

  async list(
    db: Queryable,
    accountId: string,
    request: PageRequest & { pathPrefix?: string },
  ): Promise<Page<GroupView>> {
    return listByPath(db, { table: this.groups, nameKey: 'group_name_key' }, accountId, request, toGroupView);
  }

  /** ListGroupsForUser, by the user's id (resolved in the same account). */
  async listForUser(
    db: Queryable,
    accountId: string,
    userId: string,
    request: PageRequest,
  ): Promise<Page<GroupView>> {
    return readPage(
      request,
      (after, limit) =>
        db.query<GroupRow>(
          `SELECT g.* FROM ${this.members} m JOIN ${this.groups} g ON g.group_id = m.group_id
            WHERE m.account_id = $1 AND g.account_id = $1 AND m.user_id = $2 AND g.group_name_key > $3
            ORDER BY g.group_name_key LIMIT $4`,
          [accountId, userId, after, limit],
        ),
      (row) => row.group_name_key,
      toGroupView,
    );
  }

  /** The users of a group, as GetGroup pages them. */
  async listMembers(
    db: Queryable,
    accountId: string,
    groupId: string,
    request: PageRequest,
  ): Promise<Page<GroupMemberView>> {
    return readPage(
      request,
      (after, limit) =>
        db.query<MemberRow>(
          `SELECT u.user_id, u.user_name, u.user_name_key, u.path, u.arn, u.create_date
             FROM ${this.members} m JOIN ${this.users} u ON u.user_id = m.user_id
            WHERE m.account_id = $1 AND u.account_id = $1 AND m.group_id = $2 AND u.user_name_key > $3
            ORDER BY u.user_name_key LIMIT $4`,
          [accountId, groupId, after, limit],
        ),
      (row) => row.user_name_key,
      toMemberView,
    );
  }

  async memberCount(db: Queryable, accountId: string, groupId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.members} WHERE account_id = $1 AND group_id = $2`,
      [accountId, groupId],
    );
    return Number(rows[0].n);
  }
}

function toGroupView(row: GroupRow): GroupView {
  return {
    groupName: row.group_name,
    groupId: row.group_id,
    arn: row.arn,
    path: row.path,
    createDate: new Date(row.create_date).toISOString(),
  };
}

function toMemberView(row: MemberRow): GroupMemberView {
  return {
    userName: row.user_name,
    userId: row.user_id,
    arn: row.arn,
    path: row.path,
    createDate: new Date(row.create_date).toISOString(),
  };
}
