import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { parseSamlMetadata } from './saml-metadata';
import { SamlProviderStreams } from './saml-provider-streams';

export class UpdateSAMLProvider extends Command<{ samlProviderArn: string }> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
    readonly samlMetadataDocument: string,
  ) {
    super();
  }
}

/** New metadata for a provider (an IdP's rotated signing certificate, typically). */
@CommandHandler(UpdateSAMLProvider)
export class UpdateSAMLProviderHandler implements ICommandHandler<UpdateSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: SamlProviderStreams,
  ) {}

  async execute({ requester, samlProviderArn, samlMetadataDocument }: UpdateSAMLProvider) {
    const metadata = parseSamlMetadata(samlMetadataDocument);
    await commandTransaction(this.store, (tx) =>
      this.streams.execute(tx, requester, samlProviderArn, {
        type: 'UpdateSAMLProvider',
        data: { arn: samlProviderArn, samlMetadataDocument, metadata },
      }),
    );
    return { samlProviderArn };
  }
}
