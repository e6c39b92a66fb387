import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationMessages, type Requester } from '@iam/auth';

/**
 * DecodeAuthorizationMessage: the explanation sealed in an AccessDenied of
 * any service, for a caller the guard has allowed
 * `sts:DecodeAuthorizationMessage`. As AWS answers it, the decoded message
 * is a JSON document in a string.
 */
export class DecodeAuthorizationMessage extends Query<{ decodedMessage: string }> {
  constructor(
    readonly requester: Requester,
    readonly input: { encodedMessage: string },
  ) {
    super();
  }
}

@QueryHandler(DecodeAuthorizationMessage)
export class DecodeAuthorizationMessageHandler implements IQueryHandler<DecodeAuthorizationMessage> {
  constructor(private readonly messages: AuthorizationMessages) {}

  execute({ input }: DecodeAuthorizationMessage): Promise<{ decodedMessage: string }> {
    // Line breaks and spaces a terminal or a log wrapped the message with are not part of it.
    const encoded = input.encodedMessage.replace(/\s+/g, '');
    return Promise.resolve({ decodedMessage: JSON.stringify(this.messages.decode(encoded)) });
  }
}
