import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';

const accountsHandled = [
  T.AccountCreated,
  T.AccountAliasCreated,
  T.AccountAliasDeleted,
  T.AccountPasswordPolicyUpdated,
  T.AccountPasswordPolicyDeleted,
] as const;
type AccountsEvent = EventsOf<IdentityEvent, typeof accountsHandled>;

/** Accounts with alias and password policy. The unique alias index reserves aliases globally. */
export class AccountsProjection implements InlineProjection<AccountsEvent> {
  readonly name = 'accounts';
  readonly version = 1;
  readonly handles = accountsHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.accounts`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: AccountsEvent): Promise<void> {
    switch (event.type) {
      case T.AccountCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (account_id, account_name, management, create_date) VALUES ($1, $2, $3, $4)`,
          [p.accountId, p.accountName, p.managementAccount, event.occurredAt],
        );
        return;
      }
      case T.AccountAliasCreated: {
        const p = event.payload;
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
        const p = event.payload;
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
    }
  }
}
