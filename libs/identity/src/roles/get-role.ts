import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { RolesQueries, type RoleView } from './roles.queries';

export class GetRole extends Query<RoleView> {
  constructor(
    readonly requester: Requester,
    readonly roleName: string,
  ) {
    super();
  }
}

@QueryHandler(GetRole)
export class GetRoleHandler implements IQueryHandler<GetRole> {
  constructor(
    private readonly store: EventStore,
    @Inject(RolesQueries) private readonly roles: RolesQueries,
  ) {}

  execute({ requester, roleName }: GetRole): Promise<RoleView> {
    return this.roles.get(this.store.database, requester.caller.accountId, roleName);
  }
}
