import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import {
  oidcProviderArn,
  parseOidcIssuer,
  type OpenIDConnectProviderCreatedV1,
  type TagV1,
} from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { IdentityErrors, IdentityQuotas } from '../shared/identity-errors';
import { OidcProviderStreams } from './oidc-provider-streams';
import { OidcProvidersQueries } from './oidc-providers.queries';

export interface CreateOpenIDConnectProviderInput {
  url: string;
  clientIDList?: string[];
  thumbprintList?: string[];
  tags?: TagV1[];
}

export interface CreatedOidcProvider {
  openIDConnectProviderArn: string;
  tags: TagV1[];
}

export class CreateOpenIDConnectProvider extends Command<CreatedOidcProvider> {
  constructor(
    readonly requester: Requester,
    readonly input: CreateOpenIDConnectProviderInput,
  ) {
    super();
  }
}

/** Registers an OIDC issuer in the caller's account; its ARN follows from the URL, so each URL once. */
@CommandHandler(CreateOpenIDConnectProvider)
export class CreateOpenIDConnectProviderHandler implements ICommandHandler<CreateOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
    @Inject(OidcProvidersQueries) private readonly views: OidcProvidersQueries,
  ) {}

  async execute({ requester, input }: CreateOpenIDConnectProvider): Promise<CreatedOidcProvider> {
    const arn = oidcProviderArn(requester.caller.accountId, parseOidcIssuer(input.url));
    const { accountId } = requester.caller;
    const { events } = await commandTransaction(this.store, async (tx) => {
      const quota = IdentityQuotas.OpenIdConnectProvidersPerAccount;
      if ((await this.views.countForCreation(tx, accountId)) >= quota)
        throw IdentityErrors.limitExceeded('OpenIdConnectProvidersPerAccount', quota);
      return this.providers.execute(tx, requester, arn, {
        type: 'CreateOidcProvider',
        data: {
          accountId,
          url: input.url,
          clientIds: input.clientIDList ?? [],
          thumbprints: input.thumbprintList ?? [],
          tags: input.tags ?? [],
          createDate: new Date().toISOString(),
        },
      });
    });
    const created = events[0].payload as OpenIDConnectProviderCreatedV1;
    return { openIDConnectProviderArn: created.arn, tags: created.tags };
  }
}
