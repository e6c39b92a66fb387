import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';

export interface LoginProfileView {
  userName: string;
  createDate: string;
  passwordResetRequired: boolean;
}

interface LoginProfileRow {
  create_date: string | Date;
  password_reset_required: boolean;
}

/** Reads of the login profiles view, always within the caller's account. */
export class LoginProfilesQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.login_profiles`;
  }

  async find(
    db: Queryable,
    accountId: string,
    user: { userId: string; userName: string },
  ): Promise<LoginProfileView | undefined> {
    const { rows } = await db.query<LoginProfileRow>(
      `SELECT create_date, password_reset_required FROM ${this.table} WHERE account_id = $1 AND user_id = $2`,
      [accountId, user.userId],
    );
    if (!rows[0]) return undefined;
    return {
      userName: user.userName,
      createDate: new Date(rows[0].create_date).toISOString(),
      passwordResetRequired: rows[0].password_reset_required,
    };
  }

  async get(
    db: Queryable,
    accountId: string,
    user: { userId: string; userName: string },
  ): Promise<LoginProfileView> {
    const profile = await this.find(db, accountId, user);
    if (!profile) throw IdentityErrors.noSuchLoginProfile(user.userName);
    return profile;
  }
}
