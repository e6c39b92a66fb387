import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { callerMetadata, commandTransaction, executeOnStream } from '@iam/service-kit';
import { IdentityErrors, IdentityQuotas } from '../shared/identity-errors';
import { parseSamlMetadata } from './saml-metadata';
import { samlProviderDecider } from './saml-provider.decider';
import { samlProviderArn, samlProviderStreamId, validateSamlProviderName } from './saml-provider-arns';
import { SamlProvidersQueries } from './saml-providers.queries';

export interface CreateSAMLProviderResult {
  samlProviderArn: string;
  tags: TagV1[];
}

export class CreateSAMLProvider extends Command<CreateSAMLProviderResult> {
  constructor(
    readonly requester: Requester,
    readonly input: { name: string; samlMetadataDocument: string; tags?: TagV1[] },
  ) {
    super();
  }
}

/** A SAML identity provider in the caller's account, from the IdP's metadata document (parsed here). */
@CommandHandler(CreateSAMLProvider)
export class CreateSAMLProviderHandler implements ICommandHandler<CreateSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    @Inject(SamlProvidersQueries) private readonly views: SamlProvidersQueries,
  ) {}

  async execute({ requester, input }: CreateSAMLProvider): Promise<CreateSAMLProviderResult> {
    const { accountId } = requester.caller;
    // The name is checked before it becomes part of a stream id.
    validateSamlProviderName(input.name);
    const metadata = parseSamlMetadata(input.samlMetadataDocument);
    await commandTransaction(this.store, async (tx) => {
      const quota = IdentityQuotas.SAMLProvidersInAWSAccount;
      if ((await this.views.countForCreation(tx, accountId)) >= quota)
        throw IdentityErrors.limitExceeded('SAMLProvidersInAWSAccount', quota);
      return executeOnStream(
        this.store,
        tx,
        samlProviderDecider,
        samlProviderStreamId(accountId, input.name),
        {
          type: 'CreateSAMLProvider',
          data: {
            accountId,
            name: input.name,
            samlMetadataDocument: input.samlMetadataDocument,
            metadata,
            tags: input.tags,
            createDate: new Date().toISOString(),
          },
        },
        callerMetadata(requester),
      );
    });
    return { samlProviderArn: samlProviderArn(accountId, input.name), tags: input.tags ?? [] };
  }
}
