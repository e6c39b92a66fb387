import type { Provider, Type } from '@nestjs/common';
import { SQL_DATABASE } from '@iam/platform';
import type { Projection, SqlDatabase } from '@iam/event-store';
import type { SessionStore } from '@iam/auth';
import { PasswordRevocationsProjection } from '../roles/password-revocations.projection';
import { RolesProjection } from '../roles/roles.projection';
import { stsMigrations } from '../sts.migrations';
import { AssumeRoleHandler } from '../assume-role/assume-role';
import { RoleTrust } from '../assume-role/role-trust';
import { GetAccessKeyInfoHandler } from '../caller-identity/get-access-key-info';
import { GetCallerIdentityHandler } from '../caller-identity/get-caller-identity';
import { GetFederationTokenHandler } from '../federation/get-federation-token';
import { RevokeRoleSessionsHandler } from '../revocation/revoke-role-sessions';
import { RevokeSessionHandler } from '../revocation/revoke-session';
import { RoleSessionsController } from '../revocation/role-sessions.controller';
import { CachedRoles } from '../roles/cached-roles';
import { RolesQueries } from '../roles/roles.queries';
import { GetSessionTokenHandler } from '../session-token/get-session-token';
import { StsController } from '../sts.controller';
import { STS_SCHEMA } from '../sts.tokens';
import { IssuanceMfa } from './issuance-mfa';
import { VerifiedDeviceMfa } from './verified-device-mfa';
import { SessionIssuer } from './session-issuer';

/** Issuing, describing and revoking sessions: routes, use cases (one handler each) and their helpers. */
export const issuanceSlice = {
  controllers: [StsController, RoleSessionsController] as Type[],
  providers: [
    SessionIssuer,
    { provide: IssuanceMfa, useClass: VerifiedDeviceMfa },
    {
      provide: RolesQueries,
      inject: [SQL_DATABASE, STS_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new RolesQueries(db, schema),
    },
    CachedRoles,
    RoleTrust,
    AssumeRoleHandler,
    GetSessionTokenHandler,
    GetFederationTokenHandler,
    GetCallerIdentityHandler,
    GetAccessKeyInfoHandler,
    RevokeRoleSessionsHandler,
    RevokeSessionHandler,
  ] as Provider[],
  migrations: stsMigrations,
  /** Fed from `iam.identity.v1`: the roles AssumeRole needs, and password changes that end a user's sessions. */
  identityProjections: (schema: string, sessions: SessionStore, roles: CachedRoles): Projection[] => [
    new RolesProjection(schema, () => roles.forget()),
    new PasswordRevocationsProjection(sessions),
  ],
};
