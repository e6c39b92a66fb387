import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders } from '@iam/platform';
import { SessionIssuer } from './issuance/session-issuer';

const STS_SCHEMA = Symbol('StsSchema');

/** The sts service: its schema, event store and outbox relay, and the one way sessions are issued. */
@Module({
  providers: [
    ...eventSourcedProviders({ service: 'sts', schemaToken: STS_SCHEMA, topic: Topics.sts }),
    SessionIssuer,
  ],
})
export class StsModule implements OnModuleInit {
  constructor(
    @Inject(STS_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({ name: 'sts', schema: this.schema, migrations: [], store: this.store });
  }
}
