import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, IamConditionKeys, RequestedBy, requestedTagKeys, type Requester } from '@iam/auth';
import { ApiSchemas, PageQueryDto } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { ListQueryDto, TagResourceDto } from '../users/user.dto';
import { CreateRole } from './create-role';
import { DeleteRole } from './delete-role';
import { GetRole } from './get-role';
import { ListRoleTags } from './list-role-tags';
import { ListRoles } from './list-roles';
import { CreateRoleDto, UpdateRoleDescriptionDto, UpdateRoleDto, UpdateTrustPolicyDto } from './role.dto';
import { TagRole } from './tag-role';
import { UntagRole } from './untag-role';
import { UpdateAssumeRolePolicy } from './update-assume-role-policy';
import { UpdateRole } from './update-role';
import { UpdateRoleDescription } from './update-role-description';
import { roleSchema } from './role.api-schema';

/** The JSON door to the roles slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('roles')
@Controller('v1/roles')
export class RolesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('role', roleSchema) })
  @ApiOperation({ summary: 'CreateRole' })
  @Action('iam:CreateRole', IamResources.role('body'), {
    conditions: IamConditionKeys.requestedBoundary('permissionsBoundary'),
  })
  async create(@RequestedBy() requester: Requester, @Body() body: CreateRoleDto) {
    return { role: await this.commands.execute(new CreateRole(requester, body)) };
  }

  @Get()
  @ApiOkResponse({ schema: ApiSchemas.page('roles', roleSchema) })
  @ApiOperation({ summary: 'ListRoles' })
  @Action('iam:ListRoles', IamResources.any)
  async list(@RequestedBy() requester: Requester, @Query() query: ListQueryDto) {
    const page = await this.queries.execute(new ListRoles(requester, query));
    return { roles: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':roleName')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('role', roleSchema) })
  @ApiOperation({ summary: 'GetRole' })
  @Action('iam:GetRole', IamResources.role())
  async get(@RequestedBy() requester: Requester, @Param('roleName') roleName: string) {
    return { role: await this.queries.execute(new GetRole(requester, roleName)) };
  }

  @Patch(':roleName')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('role', roleSchema) })
  @ApiOperation({ summary: 'UpdateRole (description, maxSessionDuration)' })
  @Action('iam:UpdateRole', IamResources.role())
  async update(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Body() body: UpdateRoleDto,
  ) {
    return { role: await this.commands.execute(new UpdateRole(requester, roleName, body)) };
  }

  @Put(':roleName/description')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('role', roleSchema) })
  @ApiOperation({ summary: 'UpdateRoleDescription' })
  @Action('iam:UpdateRoleDescription', IamResources.role())
  async updateDescription(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Body() body: UpdateRoleDescriptionDto,
  ) {
    return {
      role: await this.commands.execute(new UpdateRoleDescription(requester, roleName, body.description)),
    };
  }

  @Delete(':roleName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteRole' })
  @Action('iam:DeleteRole', IamResources.role(), { conditions: IamConditionKeys.currentBoundary })
  async delete(@RequestedBy() requester: Requester, @Param('roleName') roleName: string) {
    await this.commands.execute(new DeleteRole(requester, roleName));
  }

  @Put(':roleName/trust-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAssumeRolePolicy' })
  @Action('iam:UpdateAssumeRolePolicy', IamResources.role(), {
    conditions: IamConditionKeys.currentBoundary,
  })
  async updateTrustPolicy(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Body() body: UpdateTrustPolicyDto,
  ) {
    await this.commands.execute(new UpdateAssumeRolePolicy(requester, roleName, body.policyDocument));
  }

  @Post(':roleName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'TagRole' })
  @Action('iam:TagRole', IamResources.role())
  async tag(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Body() body: TagResourceDto,
  ) {
    await this.commands.execute(new TagRole(requester, roleName, body.tags));
  }

  @Get(':roleName/tags')
  @ApiOkResponse({ schema: ApiSchemas.page('tags', ApiSchemas.tag) })
  @ApiOperation({ summary: 'ListRoleTags' })
  @Action('iam:ListRoleTags', IamResources.role())
  async listTags(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Query() query: PageQueryDto,
  ) {
    const page = await this.queries.execute(new ListRoleTags(requester, roleName, query));
    return { tags: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Delete(':roleName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'UntagRole (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagRole', IamResources.role(), { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @RequestedBy() requester: Requester,
    @Param('roleName') roleName: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    await this.commands.execute(new UntagRole(requester, roleName, requestedTagKeys(tagKeys)));
  }
}
