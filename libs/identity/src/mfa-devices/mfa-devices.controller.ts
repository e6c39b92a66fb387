import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, RequestedBy, type Requester, type ResourceContext } from '@iam/auth';
import { ApiSchemas } from '@iam/service-kit';
import { mfaArn } from '../shared/iam-arns';
import { IamResources } from '../shared/iam-resources';
import { CreateVirtualMFADevice } from './create-virtual-mfa-device';
import { DeactivateMFADevice } from './deactivate-mfa-device';
import { DeleteVirtualMFADevice } from './delete-virtual-mfa-device';
import { EnableMFADevice } from './enable-mfa-device';
import { ListMFADevices } from './list-mfa-devices';
import { ListVirtualMFADevices } from './list-virtual-mfa-devices';
import {
  CreateVirtualMfaDeviceDto,
  EnableMfaDeviceDto,
  ListVirtualMfaDevicesQueryDto,
} from './mfa-device.dto';
import { mfaDeviceSchema, newVirtualMfaDeviceSchema, virtualMfaDeviceSchema } from './mfa-device.api-schema';

/** The device ARN a request acts on: named in the body at creation, else its serial number. */
const mfaDeviceResource = ({ principal, params, body }: ResourceContext) =>
  params.serialNumber ??
  mfaArn(
    principal.accountId,
    typeof body.path === 'string' ? body.path : '/',
    String(body.virtualMfaDeviceName),
  );

/** The JSON door to the MFA slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('mfa')
@Controller('v1')
export class MfaDevicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('mfa-devices')
  @ApiCreatedResponse({ schema: ApiSchemas.wrapped('virtualMFADevice', newVirtualMfaDeviceSchema) })
  @ApiOperation({
    summary:
      'CreateVirtualMFADevice: returns serialNumber, base32StringSeed and otpauthUri, the seed only this once',
  })
  @Action('iam:CreateVirtualMFADevice', mfaDeviceResource)
  async create(@RequestedBy() requester: Requester, @Body() body: CreateVirtualMfaDeviceDto) {
    return { virtualMFADevice: await this.commands.execute(new CreateVirtualMFADevice(requester, body)) };
  }

  @Get('mfa-devices')
  @ApiOkResponse({ schema: ApiSchemas.page('virtualMFADevices', virtualMfaDeviceSchema) })
  @ApiOperation({
    summary:
      'ListVirtualMFADevices: the account’s virtual MFA devices, with the user each is enabled for (never a seed)',
  })
  @Action('iam:ListVirtualMFADevices', IamResources.any)
  async listAll(@RequestedBy() requester: Requester, @Query() query: ListVirtualMfaDevicesQueryDto) {
    const page = await this.queries.execute(
      new ListVirtualMFADevices(requester, { ...query, assignmentStatus: query.assignmentStatus ?? 'Any' }),
    );
    return { virtualMFADevices: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Delete('mfa-devices/:serialNumber')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteVirtualMFADevice (serialNumber: the device ARN, URL-encoded)' })
  @Action('iam:DeleteVirtualMFADevice', mfaDeviceResource)
  async delete(@RequestedBy() requester: Requester, @Param('serialNumber') serialNumber: string) {
    await this.commands.execute(new DeleteVirtualMFADevice(requester, serialNumber));
  }

  @Post('users/:userName/mfa-devices')
  @HttpCode(204)
  @ApiOperation({ summary: 'EnableMFADevice (two consecutive codes)' })
  @Action('iam:EnableMFADevice', IamResources.user())
  async enable(
    @RequestedBy() requester: Requester,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Body() body: EnableMfaDeviceDto,
  ) {
    await this.commands.execute(new EnableMFADevice(requester, userName, body, request.ip));
  }

  @Get('users/:userName/mfa-devices')
  @ApiOkResponse({ schema: ApiSchemas.page('mfaDevices', mfaDeviceSchema) })
  @ApiOperation({ summary: 'ListMFADevices' })
  @Action('iam:ListMFADevices', IamResources.user())
  async list(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    return {
      mfaDevices: await this.queries.execute(new ListMFADevices(requester, userName)),
      isTruncated: false,
    };
  }

  @Delete('users/:userName/mfa-devices/:serialNumber')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeactivateMFADevice (serialNumber: the device ARN, URL-encoded)' })
  @Action('iam:DeactivateMFADevice', IamResources.user())
  async deactivate(
    @RequestedBy() requester: Requester,
    @Param('userName') userName: string,
    @Param('serialNumber') serialNumber: string,
  ) {
    await this.commands.execute(new DeactivateMFADevice(requester, userName, serialNumber));
  }
}
