import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { OidcProvidersQueries, type OidcProviderView } from './oidc-providers.queries';

export class GetOpenIDConnectProvider extends Query<OidcProviderView> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
  ) {
    super();
  }
}

@QueryHandler(GetOpenIDConnectProvider)
export class GetOpenIDConnectProviderHandler implements IQueryHandler<GetOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    @Inject(OidcProvidersQueries) private readonly providers: OidcProvidersQueries,
  ) {}

  execute({ requester, arn }: GetOpenIDConnectProvider): Promise<OidcProviderView> {
    return this.providers.get(this.store.database, requester.caller.accountId, arn);
  }
}
