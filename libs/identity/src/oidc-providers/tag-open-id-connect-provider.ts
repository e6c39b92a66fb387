import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class TagOpenIDConnectProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly tags: TagV1[],
  ) {
    super();
  }
}

/** Adds or replaces tags (keys case-insensitive, at most 50). */
@CommandHandler(TagOpenIDConnectProvider)
export class TagOpenIDConnectProviderHandler implements ICommandHandler<TagOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn, tags }: TagOpenIDConnectProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, { type: 'TagOidcProvider', data: { arn, tags } }),
    );
  }
}
