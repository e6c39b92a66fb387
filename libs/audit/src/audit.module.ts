import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import type { SqlDatabase } from '@iam/event-store';
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
import { auditMigrations } from './audit.migrations';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export const AUDIT_SCHEMA = Symbol('AuditSchema');

/** The audit service: consumes every service's events into a hash-chained trail per account. */
@Module({
  providers: [
    {
      provide: AUDIT_SCHEMA,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceEnvironment) => serviceSchema(config, 'audit'),
    },
    {
      provide: AuditTrailQueries,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new AuditTrailQueries(db, schema),
    },
  ],
  exports: [AuditTrailQueries],
})
export class AuditModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    private readonly lifecycle: Lifecycle,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await startEventSourcedService(
      {
        name: 'audit',
        schema: this.schema,
        migrations: auditMigrations,
        consumers: [
          {
            projection: new AuditTrailProjection(this.schema),
            topics: [Topics.identity, Topics.policy, Topics.sts],
            asPublished: true,
          },
        ],
      },
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
