import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { ManagedPoliciesQueries, type PolicyView } from './managed-policies.queries';

export class GetPolicy extends Query<PolicyView> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
  ) {
    super();
  }
}

@QueryHandler(GetPolicy)
export class GetPolicyHandler implements IQueryHandler<GetPolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  execute({ requester, policyArn }: GetPolicy): Promise<PolicyView> {
    return this.policies.get(this.store.database, requester.caller.accountId, policyArn);
  }
}
