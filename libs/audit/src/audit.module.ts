import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ResourcePolicies } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore, identifier, type SqlDatabase } from '@iam/event-store';
import {
  EventSourcedServices,
  eventSourcedProviders,
  Lifecycle,
  LOGGER,
  Metrics,
  SERVICE_CONFIG,
  SQL_DATABASE,
  type ServiceEnvironment,
} from '@iam/platform';
import { auditMigrations } from './audit.migrations';
import { CredentialReportController } from './credential-report/credential-report.controller';
import { GenerateCredentialReportHandler } from './credential-report/generate-credential-report';
import { GetCredentialReportHandler } from './credential-report/get-credential-report';
import { FindingsController } from './findings/findings.controller';
import { FindingsProjection } from './findings/findings.projection';
import { FindingsRecorder } from './findings/findings-recorder';
import { FindingsSweeper } from './findings/findings-sweeper';
import { ListFindingsHandler } from './findings/list-findings';
import { GenerateServiceLastAccessedDetailsHandler } from './last-accessed/generate-service-last-accessed-details';
import { GetServiceLastAccessedDetailsHandler } from './last-accessed/get-service-last-accessed-details';
import { LastAccessedController } from './last-accessed/last-accessed.controller';
import { AuditClock } from './reports/audit-clock';
import { AUDIT_SCHEMA } from './audit.tokens';
import { InventoryProjection } from './reports/inventory.projection';
import { reportsMigrations } from './reports/reports.migrations';
import { ReportsQueries } from './reports/reports.queries';
import { UsageProjection } from './reports/usage.projection';
import { AuditPublicKeyController } from './digests/audit-public-key.controller';
import { AUDIT_SIGNING_KEY } from './digests/audit-signing-key.token';
import { loadAuditSigningKey, type AuditSigningKey } from './digests/signing-key';
import { TrailDigestWriter } from './digests/trail-digest-writer';
import { lookupSlice } from './lookup/lookup.slice';
import { OrganizationTrust } from './lookup/organization-trust';
import type { TrailFeed } from './lookup/trail-feed';
import { TRAIL_FEED } from './lookup/trail-stream';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export { AUDIT_SCHEMA } from './audit.tokens';

/**
 * The audit service: consumes every service's events and access records into
 * a hash-chained trail per account and signs the chain heads at an interval;
 * keeps its own projections of identity's and policy's state and of the
 * access records for IAM's reports (credential report, access advisor) and
 * the best-practice findings, which it records as its own events on
 * `iam.audit.v1`; serves the trail (lookup, live stream, export).
 */
@Module({
  controllers: [
    CredentialReportController,
    LastAccessedController,
    FindingsController,
    AuditPublicKeyController,
    ...lookupSlice.controllers,
  ],
  providers: [
    ...eventSourcedProviders({
      service: 'audit',
      schemaToken: AUDIT_SCHEMA,
      topic: Topics.audit,
      inlineProjections: (schema) => [new FindingsProjection(schema)],
    }),
    {
      provide: AuditTrailQueries,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new AuditTrailQueries(db, schema),
    },
    {
      provide: ReportsQueries,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new ReportsQueries(db, schema),
    },
    AuditClock,
    GenerateCredentialReportHandler,
    GetCredentialReportHandler,
    GenerateServiceLastAccessedDetailsHandler,
    GetServiceLastAccessedDetailsHandler,
    FindingsRecorder,
    ListFindingsHandler,
    FindingsSweeper,
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
    ...lookupSlice.providers,
  ],
  exports: [
    AuditTrailQueries,
    ReportsQueries,
    AuditClock,
    FindingsRecorder,
    TrailDigestWriter,
    AUDIT_SIGNING_KEY,
  ],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly lifecycle: Lifecycle,
    @Inject(TrailDigestWriter) private readonly digests: TrailDigestWriter | null,
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
      migrations: [...auditMigrations, ...reportsMigrations],
      store: this.store,
      consumers: [
        {
          projection: new AuditTrailProjection(this.schema),
          topics: [Topics.identity, Topics.policy, Topics.sts, Topics.audit, Topics.access],
          asPublished: true,
        },
        { projection: new InventoryProjection(this.schema), topics: [Topics.identity, Topics.policy] },
        { projection: new UsageProjection(this.schema, this.config.IAM_REGION), topics: [Topics.access] },
      ],
    });
    this.observeChainHeads();
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

  /**
   * The chains' heads, summed over accounts (a label per account would be
   * too many series): how many records are chained, and how long ago the
   * newest was. Read from the heads (one row per account) and their records.
   */
  private observeChainHeads(): void {
    const schema = identifier(this.schema);
    const heads = () =>
      this.db.query<{ records: string; age: number | null }>(
        `SELECT coalesce(sum(h.sequence), 0)::text AS records,
                extract(epoch FROM now() - max(t.recorded_at))::float8 AS age
           FROM ${schema}.chain_heads h
           JOIN ${schema}.trail t ON t.account_id = h.account_id AND t.sequence = h.sequence`,
      );
    let pending: ReturnType<typeof heads> | undefined;
    const once = () => (pending ??= heads().finally(() => setImmediate(() => (pending = undefined))));
    this.metrics.gauge(
      'iam_audit_chain_records',
      "Records chained in the audit trail, all accounts together (the sum of the chain heads' sequences)",
      [],
      async (gauge) => gauge.set(Number((await once()).rows[0]?.records ?? 0)),
    );
    this.metrics.gauge(
      'iam_audit_chain_last_record_age_seconds',
      'How long ago the newest audit record was chained (absent before the first)',
      [],
      async (gauge) => {
        const age = (await once()).rows[0]?.age;
        if (age !== null && age !== undefined) gauge.set(Math.max(0, age));
      },
    );
  }

  onApplicationShutdown(): void {
    this.feed.stop();
  }
}
