import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { parseSamlProviderArn } from './saml-provider-arns';
import { SamlProvidersQueries } from './saml-providers.queries';

export class ListSAMLProviderTags extends Query<TagV1[]> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
  ) {
    super();
  }
}

/** A provider's tags (at most 50, so always one page). */
@QueryHandler(ListSAMLProviderTags)
export class ListSAMLProviderTagsHandler implements IQueryHandler<ListSAMLProviderTags> {
  constructor(
    private readonly store: EventStore,
    @Inject(SamlProvidersQueries) private readonly providers: SamlProvidersQueries,
  ) {}

  async execute({ requester, samlProviderArn }: ListSAMLProviderTags): Promise<TagV1[]> {
    const { accountId } = parseSamlProviderArn(samlProviderArn, requester.caller.accountId);
    return (await this.providers.get(this.store.database, accountId, samlProviderArn)).tags;
  }
}
