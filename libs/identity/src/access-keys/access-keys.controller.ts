import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import type { AccessKeyStatus } from '@iam/contracts';
import { ApiSchemas } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { accessKeyLastUseSchema, accessKeySchema, createdAccessKeySchema } from './access-key.api-schema';
import { CreateAccessKey } from './create-access-key';
import { DeleteAccessKey } from './delete-access-key';
import { GetAccessKeyLastUsed } from './get-access-key-last-used';
import { ListAccessKeys } from './list-access-keys';
import { UpdateAccessKey } from './update-access-key';

export class UpdateAccessKeyDto {
  @ApiProperty({ enum: ['Active', 'Inactive'] })
  @IsIn(['Active', 'Inactive'])
  status!: AccessKeyStatus;
}

/** The JSON door to the access keys slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('access keys')
@Controller('v1')
export class AccessKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('users/:userName/access-keys')
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('accessKey', createdAccessKeySchema) })
  @ApiOperation({ summary: 'CreateAccessKey: the secret is in this response only' })
  @Action('iam:CreateAccessKey', IamResources.user())
  async create(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    return { accessKey: await this.commands.execute(new CreateAccessKey(requester, userName)) };
  }

  @Get('users/:userName/access-keys')
  @ApiOkResponse({ schema: ApiSchemas.page('accessKeyMetadata', accessKeySchema) })
  @ApiOperation({ summary: 'ListAccessKeys' })
  @Action('iam:ListAccessKeys', IamResources.user())
  async list(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    const accessKeyMetadata = await this.queries.execute(new ListAccessKeys(requester, userName));
    return { accessKeyMetadata, isTruncated: false };
  }

  @Patch('users/:userName/access-keys/:accessKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'UpdateAccessKey (Active / Inactive)' })
  @Action('iam:UpdateAccessKey', IamResources.user())
  async update(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Param('accessKeyId') accessKeyId: string,
    @Body() body: UpdateAccessKeyDto,
  ) {
    await this.commands.execute(new UpdateAccessKey(requester, userName, accessKeyId, body.status));
  }

  @Delete('users/:userName/access-keys/:accessKeyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteAccessKey' })
  @Action('iam:DeleteAccessKey', IamResources.user())
  async delete(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Param('accessKeyId') accessKeyId: string,
  ) {
    await this.commands.execute(new DeleteAccessKey(requester, userName, accessKeyId));
  }

  @Get('access-keys/:accessKeyId/last-used')
  @ApiOkResponse({ schema: accessKeyLastUseSchema })
  @ApiOperation({ summary: 'GetAccessKeyLastUsed' })
  @Action('iam:GetAccessKeyLastUsed', IamResources.accessKeyOwner)
  lastUsed(@RequestedBy() requester: Requester, @Param('accessKeyId') accessKeyId: string) {
    return this.queries.execute(new GetAccessKeyLastUsed(requester, accessKeyId));
  }
}
