import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class RemoveClientIDFromOpenIDConnectProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly clientId: string,
  ) {
    super();
  }
}

/** Tokens for this client id (audience) are refused from now on; one not there is no change. */
@CommandHandler(RemoveClientIDFromOpenIDConnectProvider)
export class RemoveClientIDFromOpenIDConnectProviderHandler implements ICommandHandler<RemoveClientIDFromOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn, clientId }: RemoveClientIDFromOpenIDConnectProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, { type: 'RemoveOidcClientId', data: { arn, clientId } }),
    );
  }
}
