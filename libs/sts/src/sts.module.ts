import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { SessionStore } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders } from '@iam/platform';
import { issuanceSlice } from './issuance/issuance.slice';
import { PasswordRevocationsProjection } from './roles/password-revocations.projection';
import { RolesProjection } from './roles/roles.projection';
import { stsMigrations } from './sts.migrations';
import { STS_SCHEMA } from './sts.tokens';

const slices = [issuanceSlice];

/**
 * The sts service: issues, describes and revokes temporary credentials
 * (held in the session store, announced on `iam.sts.v1`), and keeps its own
 * projection of identity's roles (from Kafka in distributed mode, the
 * in-process bus in standalone mode).
 */
@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    ...eventSourcedProviders({ service: 'sts', schemaToken: STS_SCHEMA, topic: Topics.sts }),
    ...slices.flatMap((s) => s.providers),
  ],
})
export class StsModule implements OnModuleInit {
  constructor(
    @Inject(STS_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
    private readonly sessions: SessionStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'sts',
      schema: this.schema,
      migrations: stsMigrations,
      store: this.store,
      consumers: [
        { projection: new RolesProjection(this.schema), topics: [Topics.identity] },
        { projection: new PasswordRevocationsProjection(this.sessions), topics: [Topics.identity] },
      ],
    });
  }
}
