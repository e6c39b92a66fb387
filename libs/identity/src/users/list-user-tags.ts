import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { type Page, type PageRequest, tagPage } from '@iam/service-kit';
import { UsersQueries } from './users.queries';

export class ListUserTags extends Query<Page<TagV1>> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

/** A user's tags, paged as AWS pages them (NoSuchEntity for a user that does not exist). */
@QueryHandler(ListUserTags)
export class ListUserTagsHandler implements IQueryHandler<ListUserTags> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
  ) {}

  async execute({ requester, userName, request }: ListUserTags): Promise<Page<TagV1>> {
    const user = await this.users.get(this.store.database, requester.caller.accountId, userName);
    return tagPage(user.tags, request);
  }
}
