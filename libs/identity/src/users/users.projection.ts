import {
  IdentityEventTypes as T,
  type EventEnvelope,
  type UserCreatedV1,
  type UserTaggedV1,
  type UserUntaggedV1,
  type UserUpdatedV1,
  type UserDeletedV1,
  type TagV1,
} from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';
import { nameReservationKey } from '../shared/iam-names';
import { applyTags, removeTags } from '../shared/tags';

/** The users view (not the root user): what GetUser and ListUsers read. */
export class UsersProjection implements InlineProjection {
  readonly name = 'users';
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.users`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case T.UserCreated: {
        const p = event.payload as UserCreatedV1;
        await tx.query(
          `INSERT INTO ${this.table} (user_id, account_id, user_name, user_name_key, path, arn, create_date, tags)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            p.userId,
            p.accountId,
            p.userName,
            nameReservationKey(p.userName),
            p.path,
            p.arn,
            p.createDate,
            JSON.stringify(p.tags),
          ],
        );
        return;
      }
      case T.UserUpdated: {
        const p = event.payload as UserUpdatedV1;
        await tx.query(
          `UPDATE ${this.table} SET user_name = $2, user_name_key = $3, path = $4, arn = $5 WHERE user_id = $1`,
          [p.userId, p.userName, nameReservationKey(p.userName), p.path, p.arn],
        );
        return;
      }
      case T.UserTagged:
      case T.UserUntagged: {
        const p = event.payload as UserTaggedV1 | UserUntaggedV1;
        const { rows } = await tx.query<{ tags: TagV1[] }>(
          `SELECT tags FROM ${this.table} WHERE user_id = $1`,
          [p.userId],
        );
        if (rows.length === 0) return;
        const tags = 'tags' in p ? applyTags(rows[0].tags, p.tags) : removeTags(rows[0].tags, p.tagKeys);
        await tx.query(`UPDATE ${this.table} SET tags = $2 WHERE user_id = $1`, [
          p.userId,
          JSON.stringify(tags),
        ]);
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
