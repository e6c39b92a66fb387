import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPoliciesQueries, type InlinePolicyView } from './principal-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** GetUserPolicy, GetGroupPolicy, GetRolePolicy: one inline policy of the named principal. */
export abstract class GetPrincipalPolicy extends Query<InlinePolicyView> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly policyName: string,
  ) {
    super();
  }
}

export class GetUserPolicy extends GetPrincipalPolicy {
  readonly kind = 'user';
}
export class GetGroupPolicy extends GetPrincipalPolicy {
  readonly kind = 'group';
}
export class GetRolePolicy extends GetPrincipalPolicy {
  readonly kind = 'role';
}

@Injectable()
abstract class GetPrincipalPolicyHandler implements IQueryHandler<GetPrincipalPolicy> {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalPoliciesQueries) private readonly queries: PrincipalPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({
    requester,
    kind,
    principalName,
    policyName,
  }: GetPrincipalPolicy): Promise<InlinePolicyView> {
    const db = this.store.database;
    const principal = await this.principalStreams.principal(db, requester, kind, principalName);
    return this.queries.getInline(db, principal, policyName);
  }
}

@QueryHandler(GetUserPolicy)
export class GetUserPolicyHandler extends GetPrincipalPolicyHandler {}
@QueryHandler(GetGroupPolicy)
export class GetGroupPolicyHandler extends GetPrincipalPolicyHandler {}
@QueryHandler(GetRolePolicy)
export class GetRolePolicyHandler extends GetPrincipalPolicyHandler {}
