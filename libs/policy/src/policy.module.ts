import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { EntityArns } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore, PostgresEventStore, type InlineProjection, type SqlDatabase } from '@iam/event-store';
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
import { decisionsSlice } from './decisions/decisions.slice';
import { managedPoliciesSlice } from './managed-policies/managed-policies.slice';
import { PolicyQueries } from './policy-queries';
import { policyMigrations } from './policy.migrations';
import { POLICY_SCHEMA } from './policy.tokens';
import { principalPoliciesSlice } from './principal-policies/principal-policies.slice';
import { PrincipalsEntitySource } from './principals/principals.entity-source';
import { PrincipalsProjection } from './principals/principals.projection';

/**
 * The policy service: managed policies and their versions, attachments,
 * inline policies and permissions boundaries of users, groups and roles;
 * publishes `iam.policy.v1` and keeps a projection of identity's principals.
 */
/** Policy's read models, updated in the same transaction as its events. */
export function policyProjections(schema: string): InlineProjection[] {
  return slices.flatMap((slice) => slice.projections(schema));
}

const slices = [managedPoliciesSlice, principalPoliciesSlice, decisionsSlice];

@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    {
      provide: POLICY_SCHEMA,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceEnvironment) => serviceSchema(config, 'policy'),
    },
    {
      provide: EventStore,
      inject: [SQL_DATABASE, POLICY_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) =>
        new PostgresEventStore(db, {
          schema,
          topic: Topics.policy,
          inlineProjections: policyProjections(schema),
        }),
    },
    PolicyQueries,
    ...slices.flatMap((s) => s.providers),
  ],
  exports: [PolicyQueries],
})
export class PolicyModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(POLICY_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly lifecycle: Lifecycle,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    entityArns: EntityArns,
  ) {
    // Requests naming a principal the in-memory authorization projection does not know yet are
    // authorized with its path (and tags, boundary) from this service's own tables.
    entityArns.register(new PrincipalsEntitySource(database, schema));
  }

  async onModuleInit(): Promise<void> {
    await startEventSourcedService(
      {
        name: 'policy',
        schema: this.schema,
        migrations: policyMigrations,
        store: this.store,
        consumers: [{ projection: new PrincipalsProjection(this.schema), topics: [Topics.identity] }],
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
