import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { GroupsQueries, type GroupView } from './groups.queries';

export class ListGroups extends Query<Page<GroupView>> {
  constructor(
    readonly requester: Requester,
    readonly request: PageRequest & { pathPrefix?: string },
  ) {
    super();
  }
}

@QueryHandler(ListGroups)
export class ListGroupsHandler implements IQueryHandler<ListGroups> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
  ) {}

  execute({ requester, request }: ListGroups): Promise<Page<GroupView>> {
    return this.groups.list(this.store.database, requester.caller.accountId, request);
  }
}
