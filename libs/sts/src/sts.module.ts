import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders } from '@iam/platform';
import { GuessLimiterProvider, MfaCodeOnceProvider } from '@iam/service-kit';
import { authorizationMessagesSlice } from './authorization-messages/authorization-messages.slice';
import { SessionIssuer } from './issuance/session-issuer';
import { mfaSlice } from './mfa/mfa.slice';
import { signInSlice } from './sign-in/sign-in.slice';
import { StsMfaVerifier } from './mfa/sts-mfa-verifier';
import { STS_SCHEMA } from './sts.tokens';

const slices = [mfaSlice, authorizationMessagesSlice, signInSlice];

/** The sts service: its schema, event store and outbox relay, the one way sessions are issued, and its slices. */
@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    ...eventSourcedProviders({ service: 'sts', schemaToken: STS_SCHEMA, topic: Topics.sts }),
    GuessLimiterProvider,
    MfaCodeOnceProvider,
    SessionIssuer,
    ...slices.flatMap((s) => s.providers),
  ],
  exports: [StsMfaVerifier],
})
export class StsModule implements OnModuleInit {
  constructor(
    @Inject(STS_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'sts',
      schema: this.schema,
      migrations: slices.flatMap((s) => s.migrations),
      store: this.store,
      consumers: slices.flatMap((s) =>
        s.identityProjections(this.schema).map((projection) => ({ projection, topics: [Topics.identity] })),
      ),
    });
  }
}
