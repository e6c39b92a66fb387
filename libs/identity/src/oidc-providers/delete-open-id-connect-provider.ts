import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class DeleteOpenIDConnectProvider extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
  ) {
    super();
  }
}

/** Roles that trust the provider keep their trust policies; tokens of its issuer are refused from now on, as in AWS. */
@CommandHandler(DeleteOpenIDConnectProvider)
export class DeleteOpenIDConnectProviderHandler implements ICommandHandler<DeleteOpenIDConnectProvider> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn }: DeleteOpenIDConnectProvider): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, { type: 'DeleteOidcProvider', data: { arn } }),
    );
  }
}
