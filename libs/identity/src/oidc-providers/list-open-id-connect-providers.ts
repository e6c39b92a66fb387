import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { OidcProvidersQueries } from './oidc-providers.queries';

export class ListOpenIDConnectProviders extends Query<{ arn: string }[]> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@QueryHandler(ListOpenIDConnectProviders)
export class ListOpenIDConnectProvidersHandler implements IQueryHandler<ListOpenIDConnectProviders> {
  constructor(
    private readonly store: EventStore,
    @Inject(OidcProvidersQueries) private readonly providers: OidcProvidersQueries,
  ) {}

  execute({ requester }: ListOpenIDConnectProviders): Promise<{ arn: string }[]> {
    return this.providers.list(this.store.database, requester.caller.accountId);
  }
}
