import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import type { OidcProviderCommand } from './oidc-provider.commands';
import { OidcProviderErrors, oidcProviderDecider } from './oidc-provider.decider';
import { accountOfOidcProviderArn } from '@iam/contracts';

/** Stream of one OIDC provider: `oidc-provider-<ARN>`. */
export const oidcProviderStream = (arn: string) => `oidc-provider-${arn}`;

/**
 * Runs a provider decider command on the stream of the provider `arn`,
 * always within the caller's account: a provider of another account is
 * NoSuchEntity, as if it did not exist.
 */
@Injectable()
export class OidcProviderStreams {
  constructor(private readonly store: EventStore) {}

  execute(tx: Queryable, requester: Requester, arn: string, command: OidcProviderCommand) {
    if (accountOfOidcProviderArn(arn) !== requester.caller.accountId)
      throw OidcProviderErrors.noSuchProvider(arn);
    return executeOnStream(
      this.store,
      tx,
      oidcProviderDecider,
      oidcProviderStream(arn),
      command,
      callerMetadata(requester),
    );
  }
}
