import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { UsersQueries, type UserView } from './users.queries';

export class ListUsers extends Query<Page<UserView>> {
  constructor(
    readonly requester: Requester,
    readonly request: PageRequest & { pathPrefix?: string },
  ) {
    super();
  }
}

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  execute({ requester, request }: ListUsers): Promise<Page<UserView>> {
    return this.users.list(this.store.database, requester.caller.accountId, request);
  }
}
