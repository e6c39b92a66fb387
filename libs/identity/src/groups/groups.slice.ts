import type { InlineProjection } from '@iam/event-store';
import type { Provider, Type } from '@nestjs/common';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { GroupsController } from './groups.controller';
import { GroupMembersProjection, GroupsProjection } from './groups.projection';
import { GroupsQueries } from './groups.queries';
import { GroupsService } from './groups.service';

/** What this slice adds to the identity module: its routes, services and read models. */
export const groupsSlice = {
  controllers: [GroupsController] as Type[],
  providers: [
    {
      provide: GroupsQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new GroupsQueries(schema),
    },
    GroupsService,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [
    new GroupsProjection(schema),
    new GroupMembersProjection(schema),
  ],
};
