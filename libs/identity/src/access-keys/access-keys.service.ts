import { Inject, Injectable } from '@nestjs/common';
import { lastUsedKey, SecretBox, type AccessKeyLastUsed, type Principal } from '@iam/auth';
import type { AccessKeyStatus } from '@iam/contracts';
import { EventStore, identifier, type Queryable } from '@iam/event-store';
import { TTL_STORE } from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import { commandTransaction } from '@iam/service-kit';
import { IdentityErrors } from '../shared/identity-errors';
import { IdentityRandom } from '../shared/identity-random';
import { validateAccessKeyId } from '../shared/iam-arns';
import { UserStreams } from '../users/user-streams';
import { UsersQueries } from '../users/users.queries';
import { IDENTITY_SCHEMA } from '../identity.tokens';

export interface AccessKeyView {
  userName: string;
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
}

/** Access keys of IAM users. The secret is shown once, at creation, and rests only sealed. */
@Injectable()
export class AccessKeysService {
  private readonly table: string;

  constructor(
    private readonly store: EventStore,
    private readonly users: UserStreams,
    @Inject(UsersQueries) private readonly userQueries: UsersQueries,
    private readonly secrets: SecretBox,
    @Inject(TTL_STORE) private readonly ttlStore: TtlStore,
    @Inject(IDENTITY_SCHEMA) schema: string,
  ) {
    this.table = `${identifier(schema)}.access_keys`;
  }

  async create(caller: Principal, requestId: string, userName: string) {
    const accessKeyId = IdentityRandom.accessKeyId();
    const secretAccessKey = IdentityRandom.secretAccessKey();
    const createDate = new Date().toISOString();
    await commandTransaction(this.store, (tx) =>
      this.users.execute(tx, { caller, requestId }, userName, {
        type: 'CreateAccessKey',
        data: {
          userName,
          accessKeyId,
          encryptedSecret: this.secrets.seal(secretAccessKey, accessKeyId),
          createDate,
        },
      }),
    );
    return { userName, accessKeyId, status: 'Active' as const, secretAccessKey, createDate };
  }

  async list(caller: Principal, userName: string): Promise<AccessKeyView[]> {
    const user = await this.userQueries.get(this.store.database, caller.accountId, userName);
    const { rows } = await this.store.database.query<{
      access_key_id: string;
      status: AccessKeyStatus;
      create_date: string;
    }>(
      `SELECT access_key_id, status, create_date FROM ${this.table} WHERE user_id = $1 ORDER BY create_date`,
      [user.userId],
    );
    return rows.map((row) => ({
      userName: user.userName,
      accessKeyId: row.access_key_id,
      status: row.status,
      createDate: new Date(row.create_date).toISOString(),
    }));
  }

  async updateStatus(
    caller: Principal,
    requestId: string,
    userName: string,
    accessKeyId: string,
    status: AccessKeyStatus,
  ) {
    validateAccessKeyId(accessKeyId);
    await commandTransaction(this.store, (tx) =>
      this.users.execute(tx, { caller, requestId }, userName, {
        type: 'UpdateAccessKey',
        data: { userName, accessKeyId, status },
      }),
    );
  }

  async delete(caller: Principal, requestId: string, userName: string, accessKeyId: string) {
    validateAccessKeyId(accessKeyId);
    await commandTransaction(this.store, (tx) =>
      this.users.execute(tx, { caller, requestId }, userName, {
        type: 'DeleteAccessKey',
        data: { userName, accessKeyId },
      }),
    );
  }

  /** GetAccessKeyLastUsed: only for keys of the caller's own account. */
  async lastUsed(caller: Principal, accessKeyId: string) {
    validateAccessKeyId(accessKeyId);
    const owner = await this.ownerInAccount(this.store.database, caller.accountId, accessKeyId);
    const stamp = await this.ttlStore.get(lastUsedKey(accessKeyId));
    const used = stamp ? (JSON.parse(stamp) as AccessKeyLastUsed) : undefined;
    return {
      userName: owner.userName,
      accessKeyLastUsed: used ?? { lastUsedDate: null, serviceName: 'N/A', region: 'N/A' },
    };
  }

  private async ownerInAccount(
    db: Queryable,
    accountId: string,
    accessKeyId: string,
  ): Promise<{ userName: string }> {
    const { rows } = await db.query<{ user_id: string }>(
      `SELECT user_id FROM ${this.table} WHERE access_key_id = $1 AND account_id = $2`,
      [accessKeyId, accountId],
    );
    if (rows.length === 0) throw IdentityErrors.noSuchAccessKey(accessKeyId);
    const userName =
      rows[0].user_id === accountId ? '<root_account>' : await this.userNameOf(db, rows[0].user_id);
    return { userName };
  }

  private async userNameOf(db: Queryable, userId: string): Promise<string> {
    const { rows } = await db.query<{ user_name: string }>(
      `SELECT user_name FROM ${this.table.replace('.access_keys', '.users')} WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.user_name ?? '';
  }
}
