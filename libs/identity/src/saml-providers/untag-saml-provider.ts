import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { SamlProviderStreams } from './saml-provider-streams';

export class UntagSAMLProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
    readonly tagKeys: string[],
  ) {
    super();
  }
}

@CommandHandler(UntagSAMLProvider)
export class UntagSAMLProviderHandler implements ICommandHandler<UntagSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: SamlProviderStreams,
  ) {}

  async execute({ requester, samlProviderArn, tagKeys }: UntagSAMLProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.streams.execute(tx, requester, samlProviderArn, {
        type: 'UntagSAMLProvider',
        data: { arn: samlProviderArn, tagKeys },
      }),
    );
  }
}
