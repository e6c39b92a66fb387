import type { InlineProjection } from '@iam/event-store';
import type { Provider, Type } from '@nestjs/common';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { RolesController } from './roles.controller';
import { RolesProjection } from './roles.projection';
import { RolesQueries } from './roles.queries';
import { RolesService } from './roles.service';

/** What this slice adds to the identity module: its routes, services and read models. */
export const rolesSlice = {
  controllers: [RolesController] as Type[],
  providers: [
    {
      provide: RolesQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new RolesQueries(schema),
    },
    RolesService,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new RolesProjection(schema)],
};
