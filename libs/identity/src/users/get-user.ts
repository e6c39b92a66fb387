import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { UsersQueries, type UserView } from './users.queries';

export class GetUser extends Query<UserView> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

@QueryHandler(GetUser)
export class GetUserHandler implements IQueryHandler<GetUser> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  execute({ requester, userName }: GetUser): Promise<UserView> {
    return this.users.get(this.store.database, requester.caller.accountId, userName);
  }
}
