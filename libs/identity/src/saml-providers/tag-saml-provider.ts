import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { SamlProviderStreams } from './saml-provider-streams';

export class TagSAMLProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly samlProviderArn: string,
    readonly tags: TagV1[],
  ) {
    super();
  }
}

@CommandHandler(TagSAMLProvider)
export class TagSAMLProviderHandler implements ICommandHandler<TagSAMLProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: SamlProviderStreams,
  ) {}

  async execute({ requester, samlProviderArn, tags }: TagSAMLProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.streams.execute(tx, requester, samlProviderArn, {
        type: 'TagSAMLProvider',
        data: { arn: samlProviderArn, tags },
      }),
    );
  }
}
