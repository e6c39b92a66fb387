import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';
import { CreateRoleHandler } from './create-role';
import { DeleteRoleHandler } from './delete-role';
import { GetRoleHandler } from './get-role';
import { ListRoleTagsHandler } from './list-role-tags';
import { ListRolesHandler } from './list-roles';
import { RoleStreams } from './role-streams';
import { RolesController } from './roles.controller';
import { RolesProjection } from './roles.projection';
import { RolesQueries } from './roles.queries';
import { TagRoleHandler } from './tag-role';
import { UntagRoleHandler } from './untag-role';
import { UpdateAssumeRolePolicyHandler } from './update-assume-role-policy';
import { UpdateRoleHandler } from './update-role';
import { UpdateRoleDescriptionHandler } from './update-role-description';

/** What this slice adds to the identity module: its routes, its use cases (one handler each), queries and read models. */
export const rolesSlice = {
  controllers: [RolesController] as Type[],
  providers: [
    {
      provide: RolesQueries,
      inject: [IDENTITY_SCHEMA],
      useFactory: (schema: string) => new RolesQueries(schema),
    },
    RoleStreams,
    CreateRoleHandler,
    GetRoleHandler,
    ListRolesHandler,
    UpdateRoleHandler,
    UpdateRoleDescriptionHandler,
    UpdateAssumeRolePolicyHandler,
    DeleteRoleHandler,
    TagRoleHandler,
    UntagRoleHandler,
    ListRoleTagsHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new RolesProjection(schema)],
};
