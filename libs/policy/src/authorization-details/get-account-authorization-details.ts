import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { PageRequest } from '@iam/service-kit';
import {
  AuthorizationDetailsQueries,
  type AccountAuthorizationDetails,
  type EntityType,
} from './authorization-details.queries';

/** GetAccountAuthorizationDetails: the caller's account's users, groups, roles and managed policies, paged together. */
export class GetAccountAuthorizationDetails extends Query<AccountAuthorizationDetails> {
  constructor(
    readonly requester: Requester,
    readonly filter: readonly EntityType[],
    readonly request: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(GetAccountAuthorizationDetails)
export class GetAccountAuthorizationDetailsHandler implements IQueryHandler<GetAccountAuthorizationDetails> {
  constructor(
    private readonly store: EventStore,
    @Inject(AuthorizationDetailsQueries) private readonly queries: AuthorizationDetailsQueries,
  ) {}

  execute({
    requester,
    filter,
    request,
  }: GetAccountAuthorizationDetails): Promise<AccountAuthorizationDetails> {
    return this.queries.page(this.store.database, requester.caller.accountId, filter, request);
  }
}
