import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { SamlProviderStreams } from './saml-provider-streams';

export class DeleteSAMLProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
  ) {
    super();
  }
}

/** Deletes a provider: assertions of its IdP are refused from then on (sts's projection drops it). */
@CommandHandler(DeleteSAMLProvider)
export class DeleteSAMLProviderHandler implements ICommandHandler<DeleteSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: SamlProviderStreams,
  ) {}

  async execute({ requester, samlProviderArn }: DeleteSAMLProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.streams.execute(tx, requester, samlProviderArn, {
        type: 'DeleteSAMLProvider',
        data: { arn: samlProviderArn },
      }),
    );
  }
}
