import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, IamConditionKeys, requestedTagKeys, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { CreateUserDto, ListQueryDto, TagResourceDto, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@IamErrorResponses()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'CreateUser' })
  @Action('iam:CreateUser', IamResources.user('body'), {
    conditions: IamConditionKeys.requestedBoundary('permissionsBoundary'),
  })
  async create(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: CreateUserDto) {
    return { user: await this.users.create(caller, request.id, body) };
  }

  @Get()
  @ApiOperation({ summary: 'ListUsers' })
  @Action('iam:ListUsers', IamResources.any)
  async list(@Caller() caller: Principal, @Query() query: ListQueryDto) {
    const page = await this.users.list(caller, query);
    return { users: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':userName')
  @ApiOperation({ summary: 'GetUser' })
  @Action('iam:GetUser', IamResources.user())
  async get(@Caller() caller: Principal, @Param('userName') userName: string) {
    return { user: await this.users.get(caller, userName) };
  }

  @Patch(':userName')
  @ApiOperation({ summary: 'UpdateUser (rename, move)' })
  @Action('iam:UpdateUser', IamResources.user(), { alsoOn: IamResources.renamedUser() })
  async update(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Body() body: UpdateUserDto,
  ) {
    return { user: await this.users.update(caller, request.id, userName, body) };
  }

  @Delete(':userName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteUser' })
  @Action('iam:DeleteUser', IamResources.user())
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
  ) {
    await this.users.delete(caller, request.id, userName);
  }

  @Post(':userName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'TagUser' })
  @Action('iam:TagUser', IamResources.user())
  async tag(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Body() body: TagResourceDto,
  ) {
    await this.users.tag(caller, request.id, userName, body.tags);
  }

  @Delete(':userName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'UntagUser (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagUser', IamResources.user(), { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    const keys = requestedTagKeys(tagKeys);
    await this.users.untag(caller, request.id, userName, keys);
  }
}
