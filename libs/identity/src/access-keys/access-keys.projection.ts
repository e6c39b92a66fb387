import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';

const accessKeysHandled = [
  T.AccessKeyCreated,
  T.AccessKeyStatusUpdated,
  T.AccessKeyDeleted,
  T.UserDeleted,
] as const;
type AccessKeysEvent = EventsOf<IdentityEvent, typeof accessKeysHandled>;

/** Access keys for ListAccessKeys (no secrets: those stay in the event store, sealed). */
export class AccessKeysProjection implements InlineProjection<AccessKeysEvent> {
  readonly name = 'access_keys';
  readonly version = 1;
  readonly handles = accessKeysHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.access_keys`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: AccessKeysEvent): Promise<void> {
    switch (event.type) {
      case T.AccessKeyCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (access_key_id, user_id, account_id, status, create_date) VALUES ($1, $2, $3, $4, $5)`,
          [p.accessKeyId, p.userId, event.accountId, p.status, p.createDate],
        );
        return;
      }
      case T.AccessKeyStatusUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET status = $2 WHERE access_key_id = $1`, [
          p.accessKeyId,
          p.status,
        ]);
        return;
      }
      case T.AccessKeyDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE access_key_id = $1`, [p.accessKeyId]);
        return;
      }
      case T.UserDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
    }
  }
}
