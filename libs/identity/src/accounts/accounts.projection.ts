import {
  IdentityEventTypes as T,
  type AccountAliasCreatedV1,
  type AccountCreatedV1,
  type AccountPasswordPolicyUpdatedV1,
  type EventEnvelope,
} from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';

/** Accounts with alias and password policy. The unique alias index reserves aliases globally. */
export class AccountsProjection implements InlineProjection {
  readonly name = 'accounts';
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.accounts`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case T.AccountCreated: {
        const p = event.payload as AccountCreatedV1;
        await tx.query(
          `INSERT INTO ${this.table} (account_id, account_name, management, create_date) VALUES ($1, $2, $3, $4)`,
          [p.accountId, p.accountName, p.managementAccount, event.occurredAt],
        );
        return;
      }
      case T.AccountAliasCreated: {
        const p = event.payload as AccountAliasCreatedV1;
        await tx.query(`UPDATE ${this.table} SET alias = $2 WHERE account_id = $1`, [
          event.accountId,
          p.accountAlias,
        ]);
        return;
      }
      case T.AccountAliasDeleted:
        await tx.query(`UPDATE ${this.table} SET alias = NULL WHERE account_id = $1`, [event.accountId]);
        return;
      case T.AccountPasswordPolicyUpdated: {
        const p = event.payload as AccountPasswordPolicyUpdatedV1;
        await tx.query(`UPDATE ${this.table} SET password_policy = $2 WHERE account_id = $1`, [
          event.accountId,
          JSON.stringify(p.policy),
        ]);
        return;
      }
      case T.AccountPasswordPolicyDeleted:
        await tx.query(`UPDATE ${this.table} SET password_policy = NULL WHERE account_id = $1`, [
          event.accountId,
        ]);
        return;
      default:
        return;
    }
  }
}
