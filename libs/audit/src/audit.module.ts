import { Inject, Module, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics } from '@iam/contracts';
import type { SqlDatabase } from '@iam/event-store';
import {
  EventSourcedServices,
  eventSourcedProviders,
  Lifecycle,
  LOGGER,
  SERVICE_CONFIG,
  SQL_DATABASE,
  type ServiceEnvironment,
} from '@iam/platform';
import { auditMigrations } from './audit.migrations';
import { AuditPublicKeyController } from './digests/audit-public-key.controller';
import { AUDIT_SIGNING_KEY } from './digests/audit-signing-key.token';
import { loadAuditSigningKey, type AuditSigningKey } from './digests/signing-key';
import { TrailDigestWriter } from './digests/trail-digest-writer';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export const AUDIT_SCHEMA = Symbol('AuditSchema');

/**
 * The audit service: consumes every service's events and access records into
 * a hash-chained trail per account, and signs the chain heads at an interval.
 */
@Module({
  controllers: [AuditPublicKeyController],
  providers: [
    ...eventSourcedProviders({ service: 'audit', schemaToken: AUDIT_SCHEMA }),
    {
      provide: AuditTrailQueries,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new AuditTrailQueries(db, schema),
    },
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceEnvironment): AuditSigningKey | null =>
        loadAuditSigningKey({
          configured: config.IAM_AUDIT_SIGNING_KEY,
          mode: config.IAM_MODE,
          dataDir: config.IAM_DATA_DIR,
        }) ?? null,
    },
    {
      provide: TrailDigestWriter,
      inject: [SQL_DATABASE, AUDIT_SCHEMA, AUDIT_SIGNING_KEY, LOGGER],
      useFactory: (db: SqlDatabase, schema: string, key: AuditSigningKey | null, logger: Logger) =>
        key && new TrailDigestWriter(db, schema, key, logger),
    },
  ],
  exports: [AuditTrailQueries, TrailDigestWriter, AUDIT_SIGNING_KEY],
})
export class AuditModule implements OnModuleInit {
  constructor(
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    private readonly services: EventSourcedServices,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly lifecycle: Lifecycle,
    @Inject(TrailDigestWriter) private readonly digests: TrailDigestWriter | null,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'audit',
      schema: this.schema,
      migrations: auditMigrations,
      consumers: [
        {
          projection: new AuditTrailProjection(this.schema),
          topics: [Topics.identity, Topics.policy, Topics.sts, Topics.access],
          asPublished: true,
        },
      ],
    });
    if (this.digests) {
      this.digests.start(
        this.config.IAM_AUDIT_DIGEST_INTERVAL_SECONDS * 1000,
        this.config.IAM_AUDIT_RETENTION_DAYS,
      );
      const digests = this.digests;
      this.lifecycle.onShutdown('consumers', () => digests.stop());
    } else {
      this.logger.warn(
        'IAM_AUDIT_SIGNING_KEY is not set: the audit trail is hash-chained but no digest is signed (set an Ed25519 key)',
      );
    }
  }
}
