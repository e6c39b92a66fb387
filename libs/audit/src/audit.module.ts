import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import type { SqlDatabase } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders, SQL_DATABASE } from '@iam/platform';
import { auditMigrations } from './audit.migrations';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export const AUDIT_SCHEMA = Symbol('AuditSchema');

/** The audit service: consumes every service's events into a hash-chained trail per account. */
@Module({
  providers: [
    ...eventSourcedProviders({ service: 'audit', schemaToken: AUDIT_SCHEMA }),
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
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    private readonly services: EventSourcedServices,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
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
    });
  }
}
