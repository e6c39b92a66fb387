import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { type Page, type PageRequest, tagPage } from '@iam/service-kit';
import { RolesQueries } from './roles.queries';

export class ListRoleTags extends Query<Page<TagV1>> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

/** A role's tags, paged as AWS pages them (NoSuchEntity for a role that does not exist). */
@QueryHandler(ListRoleTags)
export class ListRoleTagsHandler implements IQueryHandler<ListRoleTags> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
  ) {}

  async execute({ requester, roleName, request }: ListRoleTags): Promise<Page<TagV1>> {
    const role = await this.roles.get(this.store.database, requester.caller.accountId, roleName);
    return tagPage(role.tags, request);
  }
}
