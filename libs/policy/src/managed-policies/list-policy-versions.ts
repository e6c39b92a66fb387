import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { ManagedPoliciesQueries, type PolicyVersionView } from './managed-policies.queries';

export class ListPolicyVersions extends Query<PolicyVersionView[]> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
  ) {
    super();
  }
}

@QueryHandler(ListPolicyVersions)
export class ListPolicyVersionsHandler implements IQueryHandler<ListPolicyVersions> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  execute({ requester, policyArn }: ListPolicyVersions): Promise<PolicyVersionView[]> {
    return this.policies.listVersions(this.store.database, requester.caller.accountId, policyArn);
  }
}
