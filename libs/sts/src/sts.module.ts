import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { SessionStore } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders } from '@iam/platform';
import { GuessLimiterProvider, MfaCodeOnceProvider } from '@iam/service-kit';
import { authorizationMessagesSlice } from './authorization-messages/authorization-messages.slice';
import { issuanceSlice } from './issuance/issuance.slice';
import { mfaSlice } from './mfa/mfa.slice';
import { samlSlice } from './saml/saml.slice';
import { StsMfaVerifier } from './mfa/sts-mfa-verifier';
import { CachedRoles } from './roles/cached-roles';
import { signInSlice } from './sign-in/sign-in.slice';
import { STS_SCHEMA } from './sts.tokens';
import { webIdentitySlice } from './web-identity/web-identity.slice';

const slices = [
  issuanceSlice,
  mfaSlice,
  authorizationMessagesSlice,
  signInSlice,
  webIdentitySlice,
  samlSlice,
];

/**
 * The sts service: issues, describes and revokes temporary credentials
 * (held in the session store, announced on `iam.sts.v1`), signs users in,
 * checks MFA codes and decodes authorization messages; keeps its own
 * projections of identity's roles, MFA devices and login profiles (from
 * Kafka in distributed mode, the in-process bus in standalone mode).
 */
@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    ...eventSourcedProviders({ service: 'sts', schemaToken: STS_SCHEMA, topic: Topics.sts }),
    GuessLimiterProvider,
    MfaCodeOnceProvider,
    ...slices.flatMap((s) => s.providers),
  ],
  exports: [StsMfaVerifier],
})
export class StsModule implements OnModuleInit {
  constructor(
    @Inject(STS_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
    private readonly sessions: SessionStore,
    private readonly roles: CachedRoles,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'sts',
      schema: this.schema,
      migrations: slices.flatMap((s) => s.migrations),
      store: this.store,
      consumers: slices.flatMap((s) =>
        s
          .identityProjections(this.schema, this.sessions, this.roles)
          .map((projection) => ({ projection, topics: [Topics.identity] })),
      ),
    });
  }
}
