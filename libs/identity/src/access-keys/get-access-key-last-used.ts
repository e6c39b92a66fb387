import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { lastUsedKey, type AccessKeyLastUsed, type Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { TTL_STORE } from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import { validateAccessKeyId } from '../shared/iam-arns';
import { AccessKeysQueries } from './access-keys.queries';

export interface AccessKeyLastUse {
  userName: string;
  accessKeyLastUsed: AccessKeyLastUsed | { lastUsedDate: null; serviceName: 'N/A'; region: 'N/A' };
}

export class GetAccessKeyLastUsed extends Query<AccessKeyLastUse> {
  constructor(
    readonly requester: Requester,
    readonly accessKeyId: string,
  ) {
    super();
  }
}

/** When and where a key of the caller's own account was last used (stamped by authentication in the TTL store). */
@QueryHandler(GetAccessKeyLastUsed)
export class GetAccessKeyLastUsedHandler implements IQueryHandler<GetAccessKeyLastUsed> {
  constructor(
    private readonly store: EventStore,
    @Inject(AccessKeysQueries) private readonly accessKeys: AccessKeysQueries,
    @Inject(TTL_STORE) private readonly ttlStore: TtlStore,
  ) {}

  async execute({ requester, accessKeyId }: GetAccessKeyLastUsed): Promise<AccessKeyLastUse> {
    validateAccessKeyId(accessKeyId);
    const owner = await this.accessKeys.ownerInAccount(
      this.store.database,
      requester.caller.accountId,
      accessKeyId,
    );
    const stamp = await this.ttlStore.get(lastUsedKey(accessKeyId));
    const used = stamp ? (JSON.parse(stamp) as AccessKeyLastUsed) : undefined;
    return {
      userName: owner.userName,
      accessKeyLastUsed: used ?? { lastUsedDate: null, serviceName: 'N/A', region: 'N/A' },
    };
  }
}
