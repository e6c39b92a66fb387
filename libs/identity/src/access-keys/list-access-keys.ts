import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { UsersQueries } from '../users/users.queries';
import { AccessKeysQueries, type AccessKeyView } from './access-keys.queries';

export class ListAccessKeys extends Query<AccessKeyView[]> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

@QueryHandler(ListAccessKeys)
export class ListAccessKeysHandler implements IQueryHandler<ListAccessKeys> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(AccessKeysQueries) private readonly accessKeys: AccessKeysQueries,
  ) {}

  async execute({ requester, userName }: ListAccessKeys): Promise<AccessKeyView[]> {
    const db = this.store.database;
    const user = await this.users.get(db, requester.caller.accountId, userName);
    return this.accessKeys.listOfUser(db, user);
  }
}
