import type { InlineProjection } from '@iam/event-store';
import type { Provider, Type } from '@nestjs/common';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { AddUserToGroupHandler } from './add-user-to-group';
import { CreateGroupHandler } from './create-group';
import { DeleteGroupHandler } from './delete-group';
import { GetGroupHandler } from './get-group';
import { GroupStreams } from './group-streams';
import { GroupsController } from './groups.controller';
import { GroupMembersProjection, GroupsProjection } from './groups.projection';
import { GroupsQueries } from './groups.queries';
import { ListGroupsHandler } from './list-groups';
import { ListGroupsForUserHandler } from './list-groups-for-user';
import { RemoveUserFromGroupHandler } from './remove-user-from-group';
import { UpdateGroupHandler } from './update-group';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read models. */
export const groupsSlice = {
  controllers: [GroupsController] as Type[],
  providers: [
    {
      provide: GroupsQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new GroupsQueries(schema),
    },
    GroupStreams,
    CreateGroupHandler,
    GetGroupHandler,
    ListGroupsHandler,
    ListGroupsForUserHandler,
    UpdateGroupHandler,
    DeleteGroupHandler,
    AddUserToGroupHandler,
    RemoveUserFromGroupHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [
    new GroupsProjection(schema),
    new GroupMembersProjection(schema),
  ],
};
