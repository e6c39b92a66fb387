import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { ApiSchemas, PageQueryDto } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { ListQueryDto } from '../users/user.dto';
import { AddUserToGroup } from './add-user-to-group';
import { CreateGroup } from './create-group';
import { DeleteGroup } from './delete-group';
import { GetGroup } from './get-group';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { ListGroups } from './list-groups';
import { ListGroupsForUser } from './list-groups-for-user';
import { RemoveUserFromGroup } from './remove-user-from-group';
import { UpdateGroup } from './update-group';
import { getGroupSchema, groupSchema } from './group.api-schema';

/** The JSON door to the groups slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('groups')
@Controller('v1')
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('groups')
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('group', groupSchema) })
  @ApiOperation({ summary: 'CreateGroup' })
  @Action('iam:CreateGroup', IamResources.group('body'))
  async create(@RequestedBy() requester: Requester, @Body() body: CreateGroupDto) {
    return { group: await this.commands.execute(new CreateGroup(requester, body)) };
  }

  @Get('groups')
  @ApiOkResponse({ schema: ApiSchemas.page('groups', groupSchema) })
  @ApiOperation({ summary: 'ListGroups' })
  @Action('iam:ListGroups', IamResources.any)
  async list(@RequestedBy() requester: Requester, @Query() query: ListQueryDto) {
    const page = await this.queries.execute(new ListGroups(requester, query));
    return { groups: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get('groups/:groupName')
  @ApiOkResponse({ schema: getGroupSchema })
  @ApiOperation({ summary: 'GetGroup (the group and a page of its users)' })
  @Action('iam:GetGroup', IamResources.group())
  async get(
    @RequestedBy() requester: Requester,
    @Param('groupName') groupName: string,
    @Query() query: PageQueryDto,
  ) {
    const { group, users } = await this.queries.execute(new GetGroup(requester, groupName, query));
    return { group, users: users.items, isTruncated: users.isTruncated, marker: users.marker };
  }

  @Patch('groups/:groupName')
  @ApiOkResponse({ schema: ApiSchemas.wrapped('group', groupSchema) })
  @ApiOperation({ summary: 'UpdateGroup (rename, move)' })
  @Action('iam:UpdateGroup', IamResources.group(), { alsoOn: IamResources.renamedGroup() })
  async update(
    @RequestedBy() requester: Requester,
    @Param('groupName') groupName: string,
    @Body() body: UpdateGroupDto,
  ) {
    return { group: await this.commands.execute(new UpdateGroup(requester, groupName, body)) };
  }

  @Delete('groups/:groupName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteGroup (DeleteConflict while it has members)' })
  @Action('iam:DeleteGroup', IamResources.group())
  async delete(@RequestedBy() requester: Requester, @Param('groupName') groupName: string) {
    await this.commands.execute(new DeleteGroup(requester, groupName));
  }

  @Put('groups/:groupName/members/:userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'AddUserToGroup' })
  @Action('iam:AddUserToGroup', IamResources.group())
  async addUser(
    @RequestedBy() requester: Requester,
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
  ) {
    await this.commands.execute(new AddUserToGroup(requester, groupName, userName));
  }

  @Delete('groups/:groupName/members/:userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'RemoveUserFromGroup' })
  @Action('iam:RemoveUserFromGroup', IamResources.group())
  async removeUser(
    @RequestedBy() requester: Requester,
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
  ) {
    await this.commands.execute(new RemoveUserFromGroup(requester, groupName, userName));
  }

  @Get('users/:userName/groups')
  @ApiOkResponse({ schema: ApiSchemas.page('groups', groupSchema) })
  @ApiOperation({ summary: 'ListGroupsForUser' })
  @Action('iam:ListGroupsForUser', IamResources.user())
  async listForUser(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Query() query: PageQueryDto,
  ) {
    const page = await this.queries.execute(new ListGroupsForUser(requester, userName, query));
    return { groups: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }
}
