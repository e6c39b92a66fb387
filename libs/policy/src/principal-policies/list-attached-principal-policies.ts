import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPoliciesQueries, type AttachedPolicyView } from './principal-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** ListAttachedUserPolicies, ListAttachedGroupPolicies, ListAttachedRolePolicies: the managed policies attached to the named principal. */
export abstract class ListAttachedPrincipalPolicies extends Query<Page<AttachedPolicyView>> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly request: PageRequest & { pathPrefix?: string },
  ) {
    super();
  }
}

export class ListAttachedUserPolicies extends ListAttachedPrincipalPolicies {
  readonly kind = 'user';
}
export class ListAttachedGroupPolicies extends ListAttachedPrincipalPolicies {
  readonly kind = 'group';
}
export class ListAttachedRolePolicies extends ListAttachedPrincipalPolicies {
  readonly kind = 'role';
}

@Injectable()
abstract class ListAttachedPrincipalPoliciesHandler implements IQueryHandler<ListAttachedPrincipalPolicies> {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalPoliciesQueries) private readonly queries: PrincipalPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({
    requester,
    kind,
    principalName,
    request,
  }: ListAttachedPrincipalPolicies): Promise<Page<AttachedPolicyView>> {
    const db = this.store.database;
    const principal = await this.principalStreams.principal(db, requester, kind, principalName);
    return this.queries.listAttached(db, principal, request);
  }
}

@QueryHandler(ListAttachedUserPolicies)
export class ListAttachedUserPoliciesHandler extends ListAttachedPrincipalPoliciesHandler {}
@QueryHandler(ListAttachedGroupPolicies)
export class ListAttachedGroupPoliciesHandler extends ListAttachedPrincipalPoliciesHandler {}
@QueryHandler(ListAttachedRolePolicies)
export class ListAttachedRolePoliciesHandler extends ListAttachedPrincipalPoliciesHandler {}
