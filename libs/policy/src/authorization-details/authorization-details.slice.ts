import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { POLICY_SCHEMA } from '../policy.tokens';
import { AuthorizationDetailsController } from './authorization-details.controller';
import { AuthorizationDetailsQueries } from './authorization-details.queries';
import { GetAccountAuthorizationDetailsHandler } from './get-account-authorization-details';

/**
 * GetAccountAuthorizationDetails: its route, its handler and its reads. Its
 * read model of identity's principals (PrincipalDetailsProjection) is a
 * consumer, started with the module's others.
 */
export const authorizationDetailsSlice = {
  controllers: [AuthorizationDetailsController] as Type[],
  providers: [
    {
      provide: AuthorizationDetailsQueries,
      inject: [POLICY_SCHEMA],
      useFactory: (schema: string) => new AuthorizationDetailsQueries(schema),
    },
    GetAccountAuthorizationDetailsHandler,
  ] as Provider[],
  projections: (): InlineProjection[] => [],
};
