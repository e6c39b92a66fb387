import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { EntityArns } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore, type InlineProjection, type SqlDatabase } from '@iam/event-store';
import { EventSourcedServices, eventSourcedProviders, SQL_DATABASE } from '@iam/platform';
import { authorizationDetailsSlice } from './authorization-details/authorization-details.slice';
import { PrincipalDetailsProjection } from './authorization-details/principal-details.projection';
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

const slices = [managedPoliciesSlice, principalPoliciesSlice, decisionsSlice, authorizationDetailsSlice];

@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    ...eventSourcedProviders({
      service: 'policy',
      schemaToken: POLICY_SCHEMA,
      topic: Topics.policy,
      inlineProjections: policyProjections,
    }),
    PolicyQueries,
    ...slices.flatMap((s) => s.providers),
  ],
  exports: [PolicyQueries],
})
export class PolicyModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) database: SqlDatabase,
    @Inject(POLICY_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly services: EventSourcedServices,
    entityArns: EntityArns,
  ) {
    // Requests naming a principal the in-memory authorization projection does not know yet are
    // authorized with its path (and tags, boundary) from this service's own tables.
    entityArns.register(new PrincipalsEntitySource(database, schema));
  }

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'policy',
      schema: this.schema,
      migrations: policyMigrations,
      store: this.store,
      consumers: [
        { projection: new PrincipalsProjection(this.schema, this.store), topics: [Topics.identity] },
        { projection: new PrincipalDetailsProjection(this.schema), topics: [Topics.identity] },
      ],
    });
  }
}
