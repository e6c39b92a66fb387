import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { ManagedPoliciesQueries, type PolicyView } from './managed-policies.queries';

export class ListPolicies extends Query<Page<PolicyView>> {
  constructor(
    readonly requester: Requester,
    readonly request: PageRequest & { scope?: string; onlyAttached?: boolean; pathPrefix?: string },
  ) {
    super();
  }
}

@QueryHandler(ListPolicies)
export class ListPoliciesHandler implements IQueryHandler<ListPolicies> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  execute({ requester, request }: ListPolicies): Promise<Page<PolicyView>> {
    return this.policies.list(this.store.database, requester.caller.accountId, request);
  }
}
