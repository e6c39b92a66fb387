import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { OidcProvidersQueries } from './oidc-providers.queries';

export class ListOpenIDConnectProviderTags extends Query<TagV1[]> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
  ) {
    super();
  }
}

@QueryHandler(ListOpenIDConnectProviderTags)
export class ListOpenIDConnectProviderTagsHandler implements IQueryHandler<ListOpenIDConnectProviderTags> {
  constructor(
    private readonly store: EventStore,
    @Inject(OidcProvidersQueries) private readonly providers: OidcProvidersQueries,
  ) {}

  async execute({ requester, arn }: ListOpenIDConnectProviderTags): Promise<TagV1[]> {
    return (await this.providers.get(this.store.database, requester.caller.accountId, arn)).tags;
  }
}
