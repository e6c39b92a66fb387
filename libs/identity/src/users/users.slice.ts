import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { CreateUserHandler } from './create-user';
import { DeleteUserHandler } from './delete-user';
import { GetUserHandler } from './get-user';
import { ListUsersHandler } from './list-users';
import { TagUserHandler } from './tag-user';
import { UntagUserHandler } from './untag-user';
import { ListUserTagsHandler } from './list-user-tags';
import { UpdateUserHandler } from './update-user';
import { UserStreams } from './user-streams';
import { UsersController } from './users.controller';
import { UsersProjection } from './users.projection';
import { UsersQueries } from './users.queries';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read models. */
export const usersSlice = {
  controllers: [UsersController] as Type[],
  providers: [
    {
      provide: UsersQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new UsersQueries(schema),
    },
    UserStreams,
    CreateUserHandler,
    GetUserHandler,
    ListUsersHandler,
    UpdateUserHandler,
    DeleteUserHandler,
    TagUserHandler,
    UntagUserHandler,
    ListUserTagsHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new UsersProjection(schema)],
};
