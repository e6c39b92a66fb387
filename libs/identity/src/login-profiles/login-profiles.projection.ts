import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';

const loginProfilesHandled = [
  T.LoginProfileCreated,
  T.LoginProfileUpdated,
  T.PasswordChanged,
  T.LoginProfileDeleted,
  T.UserDeleted,
] as const;
type LoginProfilesEvent = EventsOf<IdentityEvent, typeof loginProfilesHandled>;

/** Login profiles without their hashes: what GetLoginProfile reads. */
export class LoginProfilesProjection implements InlineProjection<LoginProfilesEvent> {
  readonly name = 'login_profiles';
  readonly version = 1;
  readonly handles = loginProfilesHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.login_profiles`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: LoginProfilesEvent): Promise<void> {
    switch (event.type) {
      case T.LoginProfileCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (user_id, account_id, create_date, password_reset_required)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id) DO UPDATE
             SET create_date = EXCLUDED.create_date, password_reset_required = EXCLUDED.password_reset_required`,
          [p.userId, event.accountId, p.createDate, p.passwordResetRequired],
        );
        return;
      }
      case T.LoginProfileUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET password_reset_required = $2 WHERE user_id = $1`, [
          p.userId,
          p.passwordResetRequired,
        ]);
        return;
      }
      case T.PasswordChanged: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET password_reset_required = false WHERE user_id = $1`, [
          p.userId,
        ]);
        return;
      }
      case T.LoginProfileDeleted:
      case T.UserDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
    }
  }
}
