import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import type { PrincipalKind } from '../shared/policy-names';
import { PrincipalPoliciesQueries } from './principal-policies.queries';
import { PrincipalPolicyStreams } from './principal-policy-streams';

/** ListUserPolicies, ListGroupPolicies, ListRolePolicies: the names of the named principal's inline policies. */
export abstract class ListPrincipalPolicies extends Query<Page<string>> {
  abstract readonly kind: PrincipalKind;

  constructor(
    readonly requester: Requester,
    readonly principalName: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

export class ListUserPolicies extends ListPrincipalPolicies {
  readonly kind = 'user';
}
export class ListGroupPolicies extends ListPrincipalPolicies {
  readonly kind = 'group';
}
export class ListRolePolicies extends ListPrincipalPolicies {
  readonly kind = 'role';
}

@Injectable()
abstract class ListPrincipalPoliciesHandler implements IQueryHandler<ListPrincipalPolicies> {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalPoliciesQueries) private readonly queries: PrincipalPoliciesQueries,
    private readonly principalStreams: PrincipalPolicyStreams,
  ) {}

  async execute({ requester, kind, principalName, request }: ListPrincipalPolicies): Promise<Page<string>> {
    const db = this.store.database;
    const principal = await this.principalStreams.principal(db, requester, kind, principalName);
    return this.queries.listInlineNames(db, principal, request);
  }
}

@QueryHandler(ListUserPolicies)
export class ListUserPoliciesHandler extends ListPrincipalPoliciesHandler {}
@QueryHandler(ListGroupPolicies)
export class ListGroupPoliciesHandler extends ListPrincipalPoliciesHandler {}
@QueryHandler(ListRolePolicies)
export class ListRolePoliciesHandler extends ListPrincipalPoliciesHandler {}
