import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';
import { nameReservationKey } from '../shared/iam-names';
import { listByPath } from '../shared/path-listing';
import type { Page, PageRequest } from '@iam/service-kit';

export interface UserView {
  userName: string;
  userId: string;
  arn: string;
  path: string;
  createDate: string;
  tags: TagV1[];
}

interface UserRow {
  user_id: string;
  user_name: string;
  user_name_key: string;
  path: string;
  arn: string;
  create_date: string | Date;
  tags: TagV1[];
}

/** Reads of the users view, always within the caller's account. */
export class UsersQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.users`;
  }

  async find(db: Queryable, accountId: string, userName: string): Promise<UserView | undefined> {
    const { rows } = await db.query<UserRow>(
      `SELECT * FROM ${this.table} WHERE account_id = $1 AND user_name_key = $2`,
      [accountId, nameReservationKey(userName)],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async get(db: Queryable, accountId: string, userName: string): Promise<UserView> {
    const user = await this.find(db, accountId, userName);
    if (!user) throw IdentityErrors.noSuchUser(userName);
    return user;
  }

  async list(
    db: Queryable,
    accountId: string,
    request: PageRequest & { pathPrefix?: string },
  ): Promise<Page<UserView>> {
    return listByPath(db, { table: this.table, nameKey: 'user_name_key' }, accountId, request, toView);
  }

  async count(db: Queryable, accountId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE account_id = $1`,
      [accountId],
    );
    return Number(rows[0].n);
  }
}

function toView(row: UserRow): UserView {
  return {
    userName: row.user_name,
    userId: row.user_id,
    arn: row.arn,
    path: row.path,
    createDate: new Date(row.create_date).toISOString(),
    tags: row.tags,
  };
}
