import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { ManagedPoliciesQueries, type PolicyEntitiesView } from './managed-policies.queries';

export class ListEntitiesForPolicy extends Query<PolicyEntitiesView> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly filter: { entityFilter?: string; policyUsageFilter?: string },
  ) {
    super();
  }
}

@QueryHandler(ListEntitiesForPolicy)
export class ListEntitiesForPolicyHandler implements IQueryHandler<ListEntitiesForPolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  execute({ requester, policyArn, filter }: ListEntitiesForPolicy): Promise<PolicyEntitiesView> {
    return this.policies.entities(this.store.database, requester.caller.accountId, policyArn, filter);
  }
}
