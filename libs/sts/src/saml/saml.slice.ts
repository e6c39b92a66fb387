import type { Provider, Type } from '@nestjs/common';
import type { Projection, SqlDatabase } from '@iam/event-store';
import { SERVICE_CONFIG, SQL_DATABASE, type ServiceEnvironment } from '@iam/platform';
import { STS_SCHEMA } from '../sts.tokens';
import { AssumeRoleWithSAMLHandler } from './assume-role-with-saml';
import { SamlController } from './saml.controller';
import { samlMigrations } from './saml.migrations';
import { StsSamlProvidersProjection } from './saml-providers.projection';
import { StsSamlProvidersQueries } from './saml-providers.queries';
import { SamlResponseVerifier } from './saml-response-verifier';

/** AssumeRoleWithSAML: its route, its use case, the verifier and the providers it verifies against. */
export const samlSlice = {
  controllers: [SamlController] as Type[],
  providers: [
    {
      provide: StsSamlProvidersQueries,
      inject: [SQL_DATABASE, STS_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new StsSamlProvidersQueries(db, schema),
    },
    {
      provide: SamlResponseVerifier,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceEnvironment) =>
        new SamlResponseVerifier({
          audience: config.IAM_SAML_AUDIENCE,
          recipients: config.IAM_SAML_RECIPIENTS.split(',')
            .map((r) => r.trim())
            .filter(Boolean),
        }),
    },
    AssumeRoleWithSAMLHandler,
  ] as Provider[],
  migrations: samlMigrations,
  /** Fed from `iam.identity.v1`: the providers' certificates and entity ids. */
  identityProjections: (schema: string): Projection[] => [new StsSamlProvidersProjection(schema)],
};
