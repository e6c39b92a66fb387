import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import { EventStore, PostgresEventStore, type SqlDatabase } from '@iam/event-store';
import type { EventBus } from '@iam/messaging';
import {
  EVENT_BUS,
  Lifecycle,
  Readiness,
  LOGGER,
  Metrics,
  SERVICE_CONFIG,
  serviceSchema,
  SQL_DATABASE,
  startEventSourcedService,
  type ServiceEnvironment,
} from '@iam/platform';
import type { Logger } from 'pino';

/** The sts service: its schema, event store and outbox relay (features come with their issues). */
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [SQL_DATABASE, SERVICE_CONFIG],
      useFactory: (db: SqlDatabase, config: ServiceEnvironment) =>
        new PostgresEventStore(db, { schema: serviceSchema(config, 'sts'), topic: Topics.sts }),
    },
  ],
})
export class StsModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly store: EventStore,
    private readonly lifecycle: Lifecycle,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await startEventSourcedService(
      { name: 'sts', schema: serviceSchema(this.config, 'sts'), migrations: [], store: this.store },
      {
        database: this.database,
        bus: this.bus,
        lifecycle: this.lifecycle,
        readiness: this.readiness,
        logger: this.logger,
        metrics: this.metrics,
      },
    );
  }
}
