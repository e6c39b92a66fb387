import { Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import type { SamlProviderCommand } from './saml-provider.commands';
import { samlProviderDecider } from './saml-provider.decider';
import { parseSamlProviderArn, samlProviderStreamId } from './saml-provider-arns';

/**
 * Runs a SAML provider command on the stream the ARN names (every use case
 * that changes a provider). The stream id is derived from the ARN, so no
 * read model stands between a caller and the provider's current state.
 */
@Injectable()
export class SamlProviderStreams {
  constructor(private readonly store: EventStore) {}

  execute(tx: Queryable, requester: Requester, arn: string, command: SamlProviderCommand) {
    const { accountId, name } = parseSamlProviderArn(arn, requester.caller.accountId);
    return executeOnStream(
      this.store,
      tx,
      samlProviderDecider,
      samlProviderStreamId(accountId, name),
      command,
      callerMetadata(requester),
    );
  }
}
