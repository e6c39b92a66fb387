import { IdentityEventTypes as T, type TagV1, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';
import { nameReservationKey } from '../shared/iam-names';
import { applyTags, removeTags } from '../shared/tags';

const usersHandled = [T.UserCreated, T.UserUpdated, T.UserTagged, T.UserUntagged, T.UserDeleted] as const;
type UsersEvent = EventsOf<IdentityEvent, typeof usersHandled>;

/** The users view (not the root user): what GetUser and ListUsers read. */
export class UsersProjection implements InlineProjection<UsersEvent> {
  readonly name = 'users';
  readonly version = 1;
  readonly handles = usersHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.users`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: UsersEvent): Promise<void> {
    switch (event.type) {
      case T.UserCreated: {
        const p = event.payload;
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
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET user_name = $2, user_name_key = $3, path = $4, arn = $5 WHERE user_id = $1`,
          [p.userId, p.userName, nameReservationKey(p.userName), p.path, p.arn],
        );
        return;
      }
      case T.UserTagged:
      case T.UserUntagged: {
        const p = event.payload;
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
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [p.userId]);
        return;
      }
    }
  }
}
