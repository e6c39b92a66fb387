import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ResourcePolicies } from '@iam/auth';
import { Topics } from '@iam/contracts';
import type { SqlDatabase } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders, SQL_DATABASE } from '@iam/platform';
import { auditMigrations } from './audit.migrations';
import { AUDIT_SCHEMA } from './audit.tokens';
import { lookupSlice } from './lookup/lookup.slice';
import { OrganizationTrust } from './lookup/organization-trust';
import type { TrailFeed } from './lookup/trail-feed';
import { TRAIL_FEED } from './lookup/trail-stream';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export { AUDIT_SCHEMA } from './audit.tokens';

/**
 * The audit service: consumes every service's events into a hash-chained
 * trail per account, and serves it (lookup, live stream, export).
 */
@Module({
  controllers: [...lookupSlice.controllers],
  providers: [
    ...eventSourcedProviders({ service: 'audit', schemaToken: AUDIT_SCHEMA }),
    {
      provide: AuditTrailQueries,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new AuditTrailQueries(db, schema),
    },
    ...lookupSlice.providers,
  ],
  exports: [AuditTrailQueries],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    private readonly services: EventSourcedServices,
    @Inject(TRAIL_FEED) private readonly feed: TrailFeed,
    resourcePolicies: ResourcePolicies,
    organizationTrust: OrganizationTrust,
  ) {
    // A member account's trail trusts the management account: the other side of its cross-account reads.
    resourcePolicies.register(organizationTrust);
  }

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

  onApplicationShutdown(): void {
    this.feed.stop();
  }
}
