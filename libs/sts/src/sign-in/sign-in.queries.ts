import type { PasswordPolicyV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';

/** A user who may sign in: one with a login profile. */
export interface SignInUser {
  userId: string;
  accountId: string;
  userName: string;
  arn: string;
  passwordHashId: string;
  passwordResetRequired: boolean;
  /** ISO-8601. */
  passwordLastChanged: string;
}

/** Reads of the sign-in projection. */
export class SignInQueries {
  constructor(private readonly schema: string) {}

  /** The account an id or alias names: a 12-digit id as is (unknown ones are found out by the user lookup). */
  async accountOf(db: Queryable, accountIdOrAlias: string): Promise<string | undefined> {
    if (/^\d{12}$/.test(accountIdOrAlias)) return accountIdOrAlias;
    const { rows } = await db.query<{ account_id: string }>(
      `SELECT account_id FROM ${identifier(this.schema)}.sign_in_account_aliases WHERE account_alias = $1`,
      [accountIdOrAlias],
    );
    return rows[0]?.account_id;
  }

  /** The user by name (names are unique regardless of case), when it has a login profile. */
  async user(db: Queryable, accountId: string, userName: string): Promise<SignInUser | undefined> {
    const { rows } = await db.query<{
      user_id: string;
      user_name: string;
      arn: string;
      password_hash_id: string;
      password_reset_required: boolean;
      password_last_changed: Date;
    }>(
      `SELECT user_id, user_name, arn, password_hash_id, password_reset_required, password_last_changed
       FROM ${identifier(this.schema)}.sign_in_users
       WHERE account_id = $1 AND user_name_key = $2 AND password_hash_id IS NOT NULL`,
      [accountId, userName.toLowerCase()],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      userId: row.user_id,
      accountId,
      userName: row.user_name,
      arn: row.arn,
      passwordHashId: row.password_hash_id,
      passwordResetRequired: row.password_reset_required,
      passwordLastChanged: new Date(row.password_last_changed).toISOString(),
    };
  }

  async passwordPolicy(db: Queryable, accountId: string): Promise<PasswordPolicyV1 | null> {
    const { rows } = await db.query<{ policy: PasswordPolicyV1 }>(
      `SELECT policy FROM ${identifier(this.schema)}.sign_in_password_policies WHERE account_id = $1`,
      [accountId],
    );
    return rows[0]?.policy ?? null;
  }
}
