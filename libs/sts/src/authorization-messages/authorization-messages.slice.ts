import type { Provider, Type } from '@nestjs/common';
import type { Migration, Projection } from '@iam/event-store';
import { AuthorizationMessagesController } from './authorization-messages.controller';
import { DecodeAuthorizationMessageHandler } from './decode-authorization-message';

/** DecodeAuthorizationMessage: the messages are sealed by every service's authorizer (libs/auth). */
export const authorizationMessagesSlice = {
  controllers: [AuthorizationMessagesController] as Type[],
  providers: [DecodeAuthorizationMessageHandler] as Provider[],
  migrations: [] as Migration[],
  identityProjections: (): Projection[] => [],
};
