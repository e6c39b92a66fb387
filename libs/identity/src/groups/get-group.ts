import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { GroupsQueries, type GroupMemberView, type GroupView } from './groups.queries';

export class GetGroup extends Query<{ group: GroupView; users: Page<GroupMemberView> }> {
  constructor(
    readonly requester: Requester,
    readonly groupName: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

/** The group and a page of its users. */
@QueryHandler(GetGroup)
export class GetGroupHandler implements IQueryHandler<GetGroup> {
  constructor(
    private readonly store: EventStore,
    @Inject(GroupsQueries) private readonly groups: GroupsQueries,
  ) {}

  async execute({ requester, groupName, request }: GetGroup) {
    const db = this.store.database;
    const { accountId } = requester.caller;
    const group = await this.groups.get(db, accountId, groupName);
    return { group, users: await this.groups.listMembers(db, accountId, group.groupId, request) };
  }
}
