import type { Provider, Type } from '@nestjs/common';
import { SQL_DATABASE } from '@iam/platform';
import type { SqlDatabase } from '@iam/event-store';
import { AssumeRoleHandler } from '../assume-role/assume-role';
import { RoleTrust } from '../assume-role/role-trust';
import { GetAccessKeyInfoHandler } from '../caller-identity/get-access-key-info';
import { GetCallerIdentityHandler } from '../caller-identity/get-caller-identity';
import { GetFederationTokenHandler } from '../federation/get-federation-token';
import { RevokeRoleSessionsHandler } from '../revocation/revoke-role-sessions';
import { RevokeSessionHandler } from '../revocation/revoke-session';
import { RoleSessionsController } from '../revocation/role-sessions.controller';
import { RolesQueries } from '../roles/roles.queries';
import { GetSessionTokenHandler } from '../session-token/get-session-token';
import { StsController } from '../sts.controller';
import { STS_SCHEMA } from '../sts.tokens';
import { IssuanceMfa, MfaNotYetSupported } from './issuance-mfa';
import { SessionIssuer } from './session-issuer';

/** Issuing, describing and revoking sessions: routes, use cases (one handler each) and their helpers. */
export const issuanceSlice = {
  controllers: [StsController, RoleSessionsController] as Type[],
  providers: [
    SessionIssuer,
    { provide: IssuanceMfa, useClass: MfaNotYetSupported },
    {
      provide: RolesQueries,
      inject: [SQL_DATABASE, STS_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new RolesQueries(db, schema),
    },
    RoleTrust,
    AssumeRoleHandler,
    GetSessionTokenHandler,
    GetFederationTokenHandler,
    GetCallerIdentityHandler,
    GetAccessKeyInfoHandler,
    RevokeRoleSessionsHandler,
    RevokeSessionHandler,
  ] as Provider[],
};
