import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import { EventStore, identifier, type SqlDatabase } from '@iam/event-store';
import {
  EventSourcedServices,
  eventSourcedProviders,
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
import { GetServiceLastAccessedDetailsHandler } from './last-accessed/get-service-last-accessed-details';
import { LastAccessedController } from './last-accessed/last-accessed.controller';
import { AuditClock } from './reports/audit-clock';
import { AUDIT_SCHEMA } from './reports/audit.tokens';
import { InventoryProjection } from './reports/inventory.projection';
import { reportsMigrations } from './reports/reports.migrations';
import { ReportsQueries } from './reports/reports.queries';
import { UsageProjection } from './reports/usage.projection';
import { AuditTrailProjection } from './trail/audit-trail.projection';
import { AuditTrailQueries } from './trail/audit-trail.queries';

export { AUDIT_SCHEMA } from './reports/audit.tokens';

/**
 * The audit service: consumes every service's events into a hash-chained
 * trail per account; keeps its own projections of identity's and policy's
 * state and of the access records for IAM's reports (credential report,
 * access advisor) and the best-practice findings, which it records as its own
 * events on `iam.audit.v1`.
 */
@Module({
  controllers: [CredentialReportController, LastAccessedController, FindingsController],
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
    GetServiceLastAccessedDetailsHandler,
    FindingsRecorder,
    ListFindingsHandler,
    FindingsSweeper,
  ],
  exports: [AuditTrailQueries, ReportsQueries, AuditClock, FindingsRecorder],
})
export class AuditModule implements OnModuleInit {
  constructor(
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly metrics: Metrics,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'audit',
      schema: this.schema,
      migrations: [...auditMigrations, ...reportsMigrations],
      store: this.store,
      consumers: [
        {
          projection: new AuditTrailProjection(this.schema),
          topics: [Topics.identity, Topics.policy, Topics.sts, Topics.audit],
          asPublished: true,
        },
        { projection: new InventoryProjection(this.schema), topics: [Topics.identity, Topics.policy] },
        { projection: new UsageProjection(this.schema, this.config.IAM_REGION), topics: [Topics.access] },
      ],
    });
    this.observeChainHeads();
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
}
