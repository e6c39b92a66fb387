import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CredentialsProjection, EntityArns, SealedSecrets } from '@iam/auth';
import { Topics } from '@iam/contracts';
import { EventStore, type InlineProjection, type SqlDatabase } from '@iam/event-store';
import {
  EventSourcedServices,
  eventSourcedProviders,
  LOGGER,
  SERVICE_CONFIG,
  SQL_DATABASE,
  type ServiceEnvironment,
} from '@iam/platform';
import { GuessLimiterProvider, MfaCodeOnceProvider } from '@iam/service-kit';
import type { Logger } from 'pino';
import { accessKeysSlice } from './access-keys/access-keys.slice';
import { accountsSlice } from './accounts/accounts.slice';
import { announceRootCredentials, bootstrapManagementAccount } from './accounts/bootstrap';
import { groupsSlice } from './groups/groups.slice';
import { identityMigrations } from './identity.migrations';
import { loginProfilesSlice } from './login-profiles/login-profiles.slice';
import { mfaDevicesSlice } from './mfa-devices/mfa-devices.slice';
import { oidcProvidersSlice } from './oidc-providers/oidc-providers.slice';
import { rolesSlice } from './roles/roles.slice';
import { samlProvidersSlice } from './saml-providers/saml-providers.slice';
import { IDENTITY_SCHEMA } from './identity.tokens';
import { meSlice } from './me/me.slice';
import { IdentityEntityArnSource } from './shared/entity-arn.source';
import { BoundaryPolicies } from './shared/boundary-policies';
import { usersSlice } from './users/users.slice';

/**
 * Identity's read models, updated in the same transaction as its events. The
 * credentials projection is auth's (the running service is given auth's
 * instance, which auth watches for credential writes).
 */
export function identityProjections(
  schema: string,
  credentials: CredentialsProjection = new CredentialsProjection(schema),
): InlineProjection[] {
  return [credentials, ...slices.flatMap((slice) => slice.projections(schema))];
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
  oidcProvidersSlice,
  samlProvidersSlice,
];

/** The identity service: accounts, users, groups, roles, access keys, passwords, MFA. */
@Module({
  controllers: slices.flatMap((s) => s.controllers),
  providers: [
    ...eventSourcedProviders({
      service: 'identity',
      schemaToken: IDENTITY_SCHEMA,
      topic: Topics.identity,
      inlineProjections: identityProjections,
      inject: [CredentialsProjection],
    }),
    BoundaryPolicies,
    GuessLimiterProvider,
    MfaCodeOnceProvider,
    ...slices.flatMap((s) => s.providers),
  ],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    @Inject(SQL_DATABASE) database: SqlDatabase,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    @Inject(IDENTITY_SCHEMA) private readonly schema: string,
    private readonly store: EventStore,
    private readonly secrets: SealedSecrets,
    private readonly services: EventSourcedServices,
    entityArns: EntityArns,
  ) {
    // Requests naming an entity created a moment ago are authorized with its path from these tables.
    entityArns.register(new IdentityEntityArnSource(database, schema));
  }

  async onModuleInit(): Promise<void> {
    await this.services.start({
      name: 'identity',
      schema: this.schema,
      migrations: identityMigrations,
      store: this.store,
    });
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
