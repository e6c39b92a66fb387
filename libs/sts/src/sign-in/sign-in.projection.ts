import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const signInHandled = [
  T.UserCreated,
  T.UserUpdated,
  T.UserDeleted,
  T.LoginProfileCreated,
  T.LoginProfileUpdated,
  T.LoginProfileDeleted,
  T.PasswordChanged,
  T.AccountAliasCreated,
  T.AccountAliasDeleted,
  T.AccountPasswordPolicyUpdated,
  T.AccountPasswordPolicyDeleted,
] as const;
type SignInSourceEvent = EventsOf<IdentityEvent, typeof signInHandled>;

/**
 * Who can sign in, from identity's events: IAM users (name, ARN) with their
 * login profile (the id of its sealed argon2id hash in identity's `sealed_secrets`, reset flag, when the password was
 * last set), the account aliases a sign-in may name, and the password
 * policies (MaxPasswordAge, HardExpiry). A user's events share one stream
 * (one Kafka key), so its login profile never arrives before the user.
 */
export class SignInProjection implements Projection<SignInSourceEvent> {
  readonly name = 'sign-in';
  readonly version = 1;
  readonly handles = signInHandled;
  private readonly users: string;
  private readonly aliases: string;
  private readonly policies: string;

  constructor(schema: string) {
    this.users = `${identifier(schema)}.sign_in_users`;
    this.aliases = `${identifier(schema)}.sign_in_account_aliases`;
    this.policies = `${identifier(schema)}.sign_in_password_policies`;
  }

  async reset(tx: Queryable): Promise<void> {
    for (const table of [this.users, this.aliases, this.policies]) await tx.query(`DELETE FROM ${table}`);
  }

  async apply(tx: Queryable, event: SignInSourceEvent): Promise<void> {
    switch (event.type) {
      case T.UserCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.users} (user_id, account_id, user_name, user_name_key, arn) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id) DO NOTHING`,
          [p.userId, p.accountId ?? event.accountId, p.userName, p.userName.toLowerCase(), p.arn],
        );
        return;
      }
      case T.UserUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.users} SET user_name = $2, user_name_key = $3, arn = $4 WHERE user_id = $1`,
          [p.userId, p.userName, p.userName.toLowerCase(), p.arn],
        );
        return;
      }
      case T.UserDeleted:
        await tx.query(`DELETE FROM ${this.users} WHERE user_id = $1`, [event.payload.userId]);
        return;
      case T.LoginProfileCreated: {
        const p = event.payload;
        return this.password(tx, p.userId, p.passwordHashId, p.createDate, p.passwordResetRequired);
      }
      case T.LoginProfileUpdated: {
        const p = event.payload;
        if (p.passwordHashId === null) {
          await tx.query(`UPDATE ${this.users} SET password_reset_required = $2 WHERE user_id = $1`, [
            p.userId,
            p.passwordResetRequired,
          ]);
          return;
        }
        return this.password(
          tx,
          p.userId,
          p.passwordHashId,
          p.passwordLastChanged ?? event.occurredAt,
          p.passwordResetRequired,
        );
      }
      case T.PasswordChanged: {
        const p = event.payload;
        return this.password(tx, p.userId, p.passwordHashId, p.passwordLastChanged, false);
      }
      case T.LoginProfileDeleted:
        await tx.query(
          `UPDATE ${this.users} SET password_hash_id = NULL, password_reset_required = false, password_last_changed = NULL
           WHERE user_id = $1`,
          [event.payload.userId],
        );
        return;
      case T.AccountAliasCreated: {
        const p = event.payload;
        // An alias is unique in the whole product; one deleted and taken again moves.
        await tx.query(
          `INSERT INTO ${this.aliases} (account_alias, account_id) VALUES ($1, $2)
           ON CONFLICT (account_alias) DO UPDATE SET account_id = EXCLUDED.account_id`,
          [p.accountAlias, p.accountId],
        );
        return;
      }
      case T.AccountAliasDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.aliases} WHERE account_alias = $1 AND account_id = $2`, [
          p.accountAlias,
          p.accountId,
        ]);
        return;
      }
      case T.AccountPasswordPolicyUpdated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.policies} (account_id, policy) VALUES ($1, $2)
           ON CONFLICT (account_id) DO UPDATE SET policy = EXCLUDED.policy`,
          [p.accountId, JSON.stringify(p.policy)],
        );
        return;
      }
      case T.AccountPasswordPolicyDeleted:
        await tx.query(`DELETE FROM ${this.policies} WHERE account_id = $1`, [event.payload.accountId]);
        return;
    }
  }

  private async password(
    tx: Queryable,
    userId: string,
    passwordHashId: string,
    lastChanged: string,
    resetRequired: boolean,
  ): Promise<void> {
    await tx.query(
      `UPDATE ${this.users} SET password_hash_id = $2, password_last_changed = $3, password_reset_required = $4
       WHERE user_id = $1`,
      [userId, passwordHashId, lastChanged, resetRequired],
    );
  }
}
