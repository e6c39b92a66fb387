import {
  IdentityEventTypes as T,
  type EventEnvelope,
  type LoginProfileCreatedV1,
  type LoginProfileDeletedV1,
  type LoginProfileUpdatedV1,
  type PasswordChangedV1,
  type UserDeletedV1,
} from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';

/** Login profiles without their hashes: what GetLoginProfile reads. */
export class LoginProfilesProjection implements InlineProjection {
  readonly name = 'login_profiles';
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.login_profiles`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case T.LoginProfileCreated: {
        const p = event.payload as LoginProfileCreatedV1;
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
        const p = event.payload as LoginProfileUpdatedV1;
        await tx.query(`UPDATE ${this.table} SET password_reset_required = $2 WHERE user_id = $1`, [
          p.userId,
          p.passwordResetRequired,
        ]);
        return;
      }
      case T.PasswordChanged: {
        const p = event.payload as PasswordChangedV1;
        await tx.query(`UPDATE ${this.table} SET password_reset_required = false WHERE user_id = $1`, [
          p.userId,
        ]);
        return;
      }
      case T.LoginProfileDeleted:
      case T.UserDeleted: {
        const p = event.payload as LoginProfileDeletedV1 | UserDeletedV1;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
      default:
        return;
    }
  }
}
