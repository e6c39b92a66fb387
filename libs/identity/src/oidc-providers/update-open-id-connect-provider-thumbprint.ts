import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { OidcProviderStreams } from './oidc-provider-streams';

export class UpdateOpenIDConnectProviderThumbprint extends Command<void> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly thumbprints: string[],
  ) {
    super();
  }
}

/** Replaces the thumbprint list (kept as AWS keeps it; TLS to the issuer is checked against the CA store). */
@CommandHandler(UpdateOpenIDConnectProviderThumbprint)
export class UpdateOpenIDConnectProviderThumbprintHandler implements ICommandHandler<UpdateOpenIDConnectProviderThumbprint> {
  constructor(
    private readonly store: EventStore,
    private readonly providers: OidcProviderStreams,
  ) {}

  async execute({ requester, arn, thumbprints }: UpdateOpenIDConnectProviderThumbprint): Promise<void> {
    await commandTransaction(this.store, (tx) =>
      this.providers.execute(tx, requester, arn, {
        type: 'UpdateOidcThumbprints',
        data: { arn, thumbprints },
      }),
    );
  }
}
