import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CredentialsProjection, EntityArns, SecretBox } from '@iam/auth';
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
import { GuessLimiterProvider } from '@iam/service-kit';
import type { Logger } from 'pino';
import { accessKeysSlice } from './access-keys/access-keys.slice';
import { accountsSlice } from './accounts/accounts.slice';
import { announceRootCredentials, bootstrapManagementAccount } from './accounts/bootstrap';
import { groupsSlice } from './groups/groups.slice';
import { identityMigrations } from './identity.migrations';
import { loginProfilesSlice } from './login-profiles/login-profiles.slice';
import { mfaDevicesSlice } from './mfa-devices/mfa-devices.slice';
import { rolesSlice } from './roles/roles.slice';
import { IDENTITY_SCHEMA } from './identity.tokens';
import { meSlice } from './me/me.slice';
import { IdentityEntityArnSource } from './shared/entity-arn.source';
import { PrincipalPolicyCounts } from './shared/policy-counts';
import { BoundaryPolicies } from './shared/boundary-policies';
import { usersSlice } from './users/users.slice';

/** Identity's read models, updated in the same transaction as its events. */
export function identityProjections(schema: string): InlineProjection[] {
  return [new CredentialsProjection(schema), ...slices.flatMap((slice) => slice.projections(schema))];
}

const slices = [
  accountsSlice,
  accessKeysSlice,
  meSlice,
  usersSlice,
  groupsSlice,
  rolesSlice,
  loginProfilesSlice,
  mfaDevicesSlice,
];

/** The identity service: accounts, users, groups, roles, access keys, passwords, MFA. */
@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    {
      provide: IDENTITY_SCHEMA,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceEnvironment) => serviceSchema(config, 'identity'),
    },
    {
      provide: EventStore,
      inject: [SQL_DATABASE, IDENTITY_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) =>
        new PostgresEventStore(db, {
          schema,
          topic: Topics.identity,
          inlineProjections: identityProjections(schema),
        }),
    },
    PrincipalPolicyCounts,
    BoundaryPolicies,
    GuessLimiterProvider,
    ...slices.flatMap((s) => s.providers),
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    @Inject(IDENTITY_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly secrets: SecretBox,
    private readonly lifecycle: Lifecycle,
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    entityArns: EntityArns,
  ) {
    // Requests naming an entity created a moment ago are authorized with its path from these tables.
    entityArns.register(new IdentityEntityArnSource(database, schema));
  }

  async onModuleInit(): Promise<void> {
    await startEventSourcedService(
      { name: 'identity', schema: this.schema, migrations: identityMigrations, store: this.store },
      {
        database: this.database,
        bus: this.bus,
        lifecycle: this.lifecycle,
        readiness: this.readiness,
        logger: this.logger,
        metrics: this.metrics,
      },
    );
    const created = await bootstrapManagementAccount(this.store, this.secrets, this.schema, this.config);
    if (created) {
      this.logger.info(
        { accountId: created.accountId, accessKeyId: created.accessKeyId },
        'management account created',
      );
      announceRootCredentials(created, this.config, this.config.IAM_ROOT_ACCESS_KEY_ID !== undefined);
    }
  }
}
