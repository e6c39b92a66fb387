import type { AccessKeyStatus } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';

export interface AccessKeyView {
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
}

/** Reads of the access keys view (never a secret: those rest sealed in the event store). */
export class AccessKeysQueries {
  private readonly table: string;
  private readonly users: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.access_keys`;
    this.users = `${identifier(schema)}.users`;
  }

  /** The keys of one user, oldest first. */
  async listOfUser(db: Queryable, user: { userId: string; userName: string }): Promise<AccessKeyView[]> {
    const { rows } = await db.query<{
      access_key_id: string;
      status: AccessKeyStatus;
      create_date: string;
    }>(
      `SELECT access_key_id, status, create_date FROM ${this.table} WHERE user_id = $1 ORDER BY create_date`,
      [user.userId],
    );
    return rows.map((row) => ({
      userName: user.userName,
      accessKeyId: row.access_key_id,
      status: row.status,
      createDate: new Date(row.create_date).toISOString(),
    }));
  }

  /** The user holding a key of the account (`<root_account>` for the root user's); NoSuchEntity otherwise. */
  async ownerInAccount(db: Queryable, accountId: string, accessKeyId: string): Promise<{ userName: string }> {
    const { rows } = await db.query<{ user_id: string }>(
      `SELECT user_id FROM ${this.table} WHERE access_key_id = $1 AND account_id = $2`,
      [accessKeyId, accountId],
    );
    if (rows.length === 0) throw IdentityErrors.noSuchAccessKey(accessKeyId);
    const userName =
      rows[0].user_id === accountId ? '<root_account>' : await this.userNameOf(db, rows[0].user_id);
    return { userName };
  }

  private async userNameOf(db: Queryable, userId: string): Promise<string> {
    const { rows } = await db.query<{ user_name: string }>(
      `SELECT user_name FROM ${this.users} WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.user_name ?? '';
  }
}
