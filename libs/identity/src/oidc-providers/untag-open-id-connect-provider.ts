import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class UntagOpenIDConnectProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly tagKeys: string[],
  ) {
    super();
  }
}

/** Removes the tags of these keys; keys not there are no change. */
@CommandHandler(UntagOpenIDConnectProvider)
export class UntagOpenIDConnectProviderHandler implements ICommandHandler<UntagOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn, tagKeys }: UntagOpenIDConnectProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, { type: 'UntagOidcProvider', data: { arn, tagKeys } }),
    );
  }
}
