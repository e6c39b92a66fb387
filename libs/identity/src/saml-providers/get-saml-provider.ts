import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { parseSamlProviderArn } from './saml-provider-arns';
import { SamlProvidersQueries, type SamlProviderView } from './saml-providers.queries';

export class GetSAMLProvider extends Query<SamlProviderView> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
  ) {
    super();
  }
}

@QueryHandler(GetSAMLProvider)
export class GetSAMLProviderHandler implements IQueryHandler<GetSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    @Inject(SamlProvidersQueries) private readonly providers: SamlProvidersQueries,
  ) {}

  execute({ requester, samlProviderArn }: GetSAMLProvider): Promise<SamlProviderView> {
    const { accountId } = parseSamlProviderArn(samlProviderArn, requester.caller.accountId);
    return this.providers.get(this.store.database, accountId, samlProviderArn);
  }
}
