import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsIn } from 'class-validator';
import { Action, Caller, type Principal } from '@iam/auth';
import type { AccessKeyStatus } from '@iam/contracts';
import { IamErrorResponses } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { AccessKeysService } from './access-keys.service';

export class UpdateAccessKeyDto {
  @ApiProperty({ enum: ['Active', 'Inactive'] })
  @IsIn(['Active', 'Inactive'])
  status!: AccessKeyStatus;
}

@ApiTags('access keys')
@IamErrorResponses()
@Controller('v1')
export class AccessKeysController {
  constructor(private readonly accessKeys: AccessKeysService) {}

  @Post('users/:userName/access-keys')
  @ApiOperation({ summary: 'CreateAccessKey: the secret is in this response only' })
  @Action('iam:CreateAccessKey', IamResources.user())
  async create(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
  ) {
    return { accessKey: await this.accessKeys.create(caller, request.id, userName) };
  }

  @Get('users/:userName/access-keys')
  @ApiOperation({ summary: 'ListAccessKeys' })
  @Action('iam:ListAccessKeys', IamResources.user())
  async list(@Caller() caller: Principal, @Param('userName') userName: string) {
    return { accessKeyMetadata: await this.accessKeys.list(caller, userName), isTruncated: false };
  }

  @Patch('users/:userName/access-keys/:accessKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAccessKey (Active / Inactive)' })
  @Action('iam:UpdateAccessKey', IamResources.user())
  async update(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Param('accessKeyId') accessKeyId: string,
    @Body() body: UpdateAccessKeyDto,
  ) {
    await this.accessKeys.updateStatus(caller, request.id, userName, accessKeyId, body.status);
  }

  @Delete('users/:userName/access-keys/:accessKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccessKey' })
  @Action('iam:DeleteAccessKey', IamResources.user())
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Param('accessKeyId') accessKeyId: string,
  ) {
    await this.accessKeys.delete(caller, request.id, userName, accessKeyId);
  }

  @Get('access-keys/:accessKeyId/last-used')
  @ApiOperation({ summary: 'GetAccessKeyLastUsed' })
  @Action('iam:GetAccessKeyLastUsed', IamResources.accessKeyOwner)
  async lastUsed(@Caller() caller: Principal, @Param('accessKeyId') accessKeyId: string) {
    return this.accessKeys.lastUsed(caller, accessKeyId);
  }
}
