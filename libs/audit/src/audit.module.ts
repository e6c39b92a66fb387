import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Topics } from '@iam/contracts';
import { identifier, type SqlDatabase } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders, Metrics, SQL_DATABASE } from '@iam/platform';
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
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly metrics: Metrics,
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
