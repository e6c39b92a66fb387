import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { SamlProvidersQueries, type SamlProviderListEntry } from './saml-providers.queries';

export class ListSAMLProviders extends Query<SamlProviderListEntry[]> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@QueryHandler(ListSAMLProviders)
export class ListSAMLProvidersHandler implements IQueryHandler<ListSAMLProviders> {
  constructor(
    private readonly store: EventStore,
    @Inject(SamlProvidersQueries) private readonly providers: SamlProvidersQueries,
  ) {}

  execute({ requester }: ListSAMLProviders): Promise<SamlProviderListEntry[]> {
    return this.providers.list(this.store.database, requester.caller.accountId);
  }
}
