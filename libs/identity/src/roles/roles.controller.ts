import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, IamConditionKeys, requestedTagKeys, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { ListQueryDto, TagResourceDto } from '../users/user.dto';
import { CreateRoleDto, UpdateRoleDto, UpdateTrustPolicyDto } from './role.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@IamErrorResponses()
@Controller('v1/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Post()
  @ApiOperation({ summary: 'CreateRole' })
  @Action('iam:CreateRole', IamResources.role('body'), {
    conditions: IamConditionKeys.requestedBoundary('permissionsBoundary'),
  })
  async create(@Caller() caller: Principal, @Req() request: FastifyRequest, @Body() body: CreateRoleDto) {
    return { role: await this.roles.create(caller, request.id, body) };
  }

  @Get()
  @ApiOperation({ summary: 'ListRoles' })
  @Action('iam:ListRoles', IamResources.any)
  async list(@Caller() caller: Principal, @Query() query: ListQueryDto) {
    const page = await this.roles.list(caller, query);
    return { roles: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Get(':roleName')
  @ApiOperation({ summary: 'GetRole' })
  @Action('iam:GetRole', IamResources.role())
  async get(@Caller() caller: Principal, @Param('roleName') roleName: string) {
    return { role: await this.roles.get(caller, roleName) };
  }

  @Patch(':roleName')
  @ApiOperation({ summary: 'UpdateRole (description, maxSessionDuration)' })
  @Action('iam:UpdateRole', IamResources.role())
  async update(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('roleName') roleName: string,
    @Body() body: UpdateRoleDto,
  ) {
    return { role: await this.roles.update(caller, request.id, roleName, body) };
  }

  @Delete(':roleName')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteRole' })
  @Action('iam:DeleteRole', IamResources.role(), { conditions: IamConditionKeys.currentBoundary })
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('roleName') roleName: string,
  ) {
    await this.roles.delete(caller, request.id, roleName);
  }

  @Put(':roleName/trust-policy')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAssumeRolePolicy' })
  @Action('iam:UpdateAssumeRolePolicy', IamResources.role(), {
    conditions: IamConditionKeys.currentBoundary,
  })
  async updateTrustPolicy(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('roleName') roleName: string,
    @Body() body: UpdateTrustPolicyDto,
  ) {
    await this.roles.updateTrustPolicy(caller, request.id, roleName, body.policyDocument);
  }

  @Post(':roleName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'TagRole' })
  @Action('iam:TagRole', IamResources.role())
  async tag(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('roleName') roleName: string,
    @Body() body: TagResourceDto,
  ) {
    await this.roles.tag(caller, request.id, roleName, body.tags);
  }

  @Delete(':roleName/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'UntagRole (tagKeys: comma-separated or repeated)' })
  @Action('iam:UntagRole', IamResources.role(), { conditions: IamConditionKeys.untaggedKeys() })
  async untag(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('roleName') roleName: string,
    @Query('tagKeys') tagKeys: string | string[] | undefined,
  ) {
    const keys = requestedTagKeys(tagKeys);
    await this.roles.untag(caller, request.id, roleName, keys);
  }
}
