import type { Provider, Type } from '@nestjs/common';
import type { Projection, SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import { STS_SCHEMA } from '../sts.tokens';
import { AssumeRoleWithWebIdentityHandler } from './assume-role-with-web-identity';
import { OidcIssuerKeys } from './oidc-issuer-keys';
import { StsOidcProvidersProjection } from './oidc-providers.projection';
import { StsOidcProvidersQueries } from './oidc-providers.queries';
import { WebIdentityController } from './web-identity.controller';
import { webIdentityMigrations } from './web-identity.migrations';
import { WebIdentityTokenVerifier } from './web-identity-token';

/**
 * AssumeRoleWithWebIdentity: the route, its use case, the token verifier
 * with its cache of issuers' keys, and identity's OIDC providers projected
 * from `iam.identity.v1`.
 */
export const webIdentitySlice = {
  controllers: [WebIdentityController] as Type[],
  providers: [
    {
      provide: StsOidcProvidersQueries,
      inject: [SQL_DATABASE, STS_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new StsOidcProvidersQueries(db, schema),
    },
    OidcIssuerKeys,
    WebIdentityTokenVerifier,
    AssumeRoleWithWebIdentityHandler,
  ] as Provider[],
  migrations: webIdentityMigrations,
  identityProjections: (schema: string): Projection[] => [new StsOidcProvidersProjection(schema)],
};
