import {
  IdentityEventTypes as T,
  type AccessKeyCreatedV1,
  type AccessKeyDeletedV1,
  type AccessKeyStatusUpdatedV1,
  type EventEnvelope,
  type UserDeletedV1,
} from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';

/** Access keys for ListAccessKeys (no secrets: those stay in the event store, sealed). */
export class AccessKeysProjection implements InlineProjection {
  readonly name = 'access_keys';
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.access_keys`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case T.AccessKeyCreated: {
        const p = event.payload as AccessKeyCreatedV1;
        await tx.query(
          `INSERT INTO ${this.table} (access_key_id, user_id, account_id, status, create_date) VALUES ($1, $2, $3, $4, $5)`,
          [p.accessKeyId, p.userId, event.accountId, p.status, p.createDate],
        );
        return;
      }
      case T.AccessKeyStatusUpdated: {
        const p = event.payload as AccessKeyStatusUpdatedV1;
        await tx.query(`UPDATE ${this.table} SET status = $2 WHERE access_key_id = $1`, [
          p.accessKeyId,
          p.status,
        ]);
        return;
      }
      case T.AccessKeyDeleted: {
        const p = event.payload as AccessKeyDeletedV1;
        await tx.query(`DELETE FROM ${this.table} WHERE access_key_id = $1`, [p.accessKeyId]);
        return;
      }
      case T.UserDeleted: {
        const p = event.payload as UserDeletedV1;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
      default:
        return;
    }
  }
}
