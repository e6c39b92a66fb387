import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, type Principal } from '@iam/auth';
import { IamErrorResponses, PageQueryDto } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { ListQueryDto } from '../users/user.dto';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { GroupsService } from './groups.service';

@ApiTags('groups')
@IamErrorResponses()
@Controller('v1')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post('groups')
  @ApiOperation({ summary: 'CreateGroup' })
  @Action('iam:CreateGroup', IamResources.group('body'))
  async create(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: CreateGroupDto) {
    return { group: await this.groups.create(caller, request.id, body) };
  }

  @Get('groups')
  @ApiOperation({ summary: 'ListGroups' })
  @Action('iam:ListGroups', IamResources.any)
  async list(@Caller() caller: Principal, @Query() query: ListQueryDto) {
    const page = await this.groups.list(caller, query);
    return { groups: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get('groups/:groupName')
  @ApiOperation({ summary: 'GetGroup (the group and a page of its users)' })
  @Action('iam:GetGroup', IamResources.group())
  async get(
    @Caller() caller: Principal,
    @Param('groupName') groupName: string,
    @Query() query: PageQueryDto,
  ) {
    const { group, users } = await this.groups.get(caller, groupName, query);
    return { group, users: users.items, isTruncated: users.isTruncated, marker: users.marker };
  }

  @Patch('groups/:groupName')
  @ApiOperation({ summary: 'UpdateGroup (rename, move)' })
  @Action('iam:UpdateGroup', IamResources.group(), { alsoOn: IamResources.renamedGroup() })
  async update(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('groupName') groupName: string,
    @Body() body: UpdateGroupDto,
  ) {
    return { group: await this.groups.update(caller, request.id, groupName, body) };
  }

  @Delete('groups/:groupName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteGroup (DeleteConflict while it has members)' })
  @Action('iam:DeleteGroup', IamResources.group())
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('groupName') groupName: string,
  ) {
    await this.groups.delete(caller, request.id, groupName);
  }

  @Put('groups/:groupName/members/:userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'AddUserToGroup' })
  @Action('iam:AddUserToGroup', IamResources.group())
  async addUser(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
  ) {
    await this.groups.addUser(caller, request.id, groupName, userName);
  }

  @Delete('groups/:groupName/members/:userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'RemoveUserFromGroup' })
  @Action('iam:RemoveUserFromGroup', IamResources.group())
  async removeUser(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
  ) {
    await this.groups.removeUser(caller, request.id, groupName, userName);
  }

  @Get('users/:userName/groups')
  @ApiOperation({ summary: 'ListGroupsForUser' })
  @Action('iam:ListGroupsForUser', IamResources.user())
  async listForUser(
    @Caller() caller: Principal,
    @Param('userName') userName: string,
    @Query() query: PageQueryDto,
  ) {
    const page = await this.groups.listForUser(caller, userName, query);
    return { groups: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }
}
