import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { ManagedPoliciesQueries, type PolicyVersionView } from './managed-policies.queries';

export class GetPolicyVersion extends Query<PolicyVersionView> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly versionId: string,
  ) {
    super();
  }
}

@QueryHandler(GetPolicyVersion)
export class GetPolicyVersionHandler implements IQueryHandler<GetPolicyVersion> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  execute({ requester, policyArn, versionId }: GetPolicyVersion): Promise<PolicyVersionView> {
    return this.policies.getVersion(this.store.database, requester.caller.accountId, policyArn, versionId);
  }
}
