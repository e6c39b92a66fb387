import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class AddClientIDToOpenIDConnectProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly clientId: string,
  ) {
    super();
  }
}

/** A client id (audience) whose tokens the provider accepts from now on; one already there is no change. */
@CommandHandler(AddClientIDToOpenIDConnectProvider)
export class AddClientIDToOpenIDConnectProviderHandler implements ICommandHandler<AddClientIDToOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn, clientId }: AddClientIDToOpenIDConnectProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, { type: 'AddOidcClientId', data: { arn, clientId } }),
    );
  }
}
