import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { UsersQueries } from '../users/users.queries';
import { GroupsQueries, type GroupView } from './groups.queries';

export class ListGroupsForUser extends Query<Page<GroupView>> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(ListGroupsForUser)
export class ListGroupsForUserHandler implements IQueryHandler<ListGroupsForUser> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  async execute({ requester, userName, request }: ListGroupsForUser): Promise<Page<GroupView>> {
    const db = this.store.database;
    const { accountId } = requester.caller;
    const user = await this.users.get(db, accountId, userName);
    return this.groups.listForUser(db, accountId, user.userId, request);
  }
}
