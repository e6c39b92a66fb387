import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { RolesQueries, type RoleView } from './roles.queries';

export class ListRoles extends Query<Page<RoleView>> {
  constructor(
    readonly requester: Requester,
    readonly request: PageRequest & { pathPrefix?: string },
  ) {
    super();
  }
}

@QueryHandler(ListRoles)
export class ListRolesHandler implements IQueryHandler<ListRoles> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
  ) {}

  execute({ requester, request }: ListRoles): Promise<Page<RoleView>> {
    return this.roles.list(this.store.database, requester.caller.accountId, request);
  }
}
