import { IdentityEventTypes, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';

const credentialsHandled = [
  IdentityEventTypes.RootUserCreated,
  IdentityEventTypes.UserCreated,
  IdentityEventTypes.UserUpdated,
  IdentityEventTypes.UserDeleted,
  IdentityEventTypes.AccessKeyCreated,
  IdentityEventTypes.AccessKeyStatusUpdated,
  IdentityEventTypes.AccessKeyDeleted,
] as const;
type CredentialsEvent = EventsOf<IdentityEvent, typeof credentialsHandled>;

/**
 * Access keys and the principals they belong to, from identity's events.
 * Identity applies it inline (a deactivated key stops working at once
 * there); every other service consumes it from Kafka (within a second).
 * Each process holds it in memory (CredentialCache). The auth module
 * provides the instance (the class is its token), so the one identity
 * applies is the one whose writes the module watches for.
 */
export class CredentialsProjection implements InlineProjection<CredentialsEvent> {
  readonly name = 'credentials';
  readonly version = 1;
  readonly handles = credentialsHandled;
  /** Transactions in which this projection wrote: only their commits can change what a request authenticates as. */
  private readonly writes = new WeakSet<Queryable>();
  private readonly principals: string;
  private readonly keys: string;
  private readonly seq: string;

  constructor(schema: string) {
    this.principals = `${identifier(schema)}.auth_principals`;
    this.keys = `${identifier(schema)}.auth_access_keys`;
    this.seq = `${identifier(schema)}.auth_seq`;
  }

  wrote(tx: Queryable): boolean {
    return this.writes.has(tx);
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.keys}`);
    await tx.query(`DELETE FROM ${this.principals}`);
  }

  async apply(tx: Queryable, event: CredentialsEvent): Promise<void> {
    // Every write takes a new (tx, seq) (column defaults on insert, set on
    // update) and deletes are tombstones: in-memory copies read changes.
    const stamp = `tx = pg_current_xact_id(), seq = nextval('${this.seq}')`;
    // Only the credential events reach apply (`handles`): every call writes credentials.
    this.writes.add(tx);
    switch (event.type) {
      case IdentityEventTypes.RootUserCreated:
      case IdentityEventTypes.UserCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.principals} (user_id, account_id, principal_type, arn, user_name)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING`,
          [
            p.userId,
            p.accountId ?? event.accountId,
            event.type === IdentityEventTypes.RootUserCreated ? 'root' : 'user',
            p.arn,
            'userName' in p ? p.userName : null,
          ],
        );
        return;
      }
      case IdentityEventTypes.UserUpdated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.principals} SET arn = $2, user_name = $3, ${stamp} WHERE user_id = $1`,
          [p.userId, p.arn, p.userName],
        );
        return;
      }
      case IdentityEventTypes.UserDeleted: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.keys} SET deleted = true, ${stamp} WHERE user_id = $1`, [p.userId]);
        await tx.query(`UPDATE ${this.principals} SET deleted = true, ${stamp} WHERE user_id = $1`, [
          p.userId,
        ]);
        return;
      }
      case IdentityEventTypes.AccessKeyCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.keys} (access_key_id, user_id, status, secret_id)
           VALUES ($1, $2, $3, $4) ON CONFLICT (access_key_id) DO NOTHING`,
          [p.accessKeyId, p.userId, p.status ?? 'Active', p.secretId],
        );
        return;
      }
      case IdentityEventTypes.AccessKeyStatusUpdated: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.keys} SET status = $2, ${stamp} WHERE access_key_id = $1`, [
          p.accessKeyId,
          p.status,
        ]);
        return;
      }
      case IdentityEventTypes.AccessKeyDeleted: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.keys} SET deleted = true, secret_id = '', ${stamp} WHERE access_key_id = $1`,
          [p.accessKeyId],
        );
        return;
      }
    }
  }
}
