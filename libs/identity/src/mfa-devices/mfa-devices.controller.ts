import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Action, Caller, type Principal, type ResourceContext } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { mfaArn } from '../shared/iam-arns';
import { IamResources } from '../shared/iam-resources';
import {
  CreateVirtualMfaDeviceDto,
  EnableMfaDeviceDto,
  ListVirtualMfaDevicesQueryDto,
} from './mfa-device.dto';
import { MfaDevicesService } from './mfa-devices.service';

/** The device ARN a request acts on: named in the body at creation, else its serial number. */
const mfaDeviceResource = ({ principal, params, body }: ResourceContext) =>
  params.serialNumber ??
  mfaArn(
    principal.accountId,
    typeof body.path === 'string' ? body.path : '/',
    String(body.virtualMfaDeviceName),
  );

@ApiTags('mfa')
@IamErrorResponses()
@Controller('v1')
export class MfaDevicesController {
  constructor(private readonly devices: MfaDevicesService) {}

  @Post('mfa-devices')
  @ApiOperation({
    summary:
      'CreateVirtualMFADevice: returns serialNumber, base32StringSeed and otpauthUri, the seed only this once',
  })
  @Action('iam:CreateVirtualMFADevice', mfaDeviceResource)
  async create(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Body() body: CreateVirtualMfaDeviceDto,
  ) {
    return { virtualMFADevice: await this.devices.create(caller, request.id, body) };
  }

  @Get('mfa-devices')
  @ApiOperation({
    summary:
      'ListVirtualMFADevices: the account’s virtual MFA devices, with the user each is enabled for (never a seed)',
  })
  @Action('iam:ListVirtualMFADevices', IamResources.any)
  async listAll(@Caller() caller: Principal, @Query() query: ListVirtualMfaDevicesQueryDto) {
    const page = await this.devices.list(caller, {
      ...query,
      assignmentStatus: query.assignmentStatus ?? 'Any',
    });
    return { virtualMFADevices: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }

  @Delete('mfa-devices/:serialNumber')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteVirtualMFADevice (serialNumber: the device ARN, URL-encoded)' })
  @Action('iam:DeleteVirtualMFADevice', mfaDeviceResource)
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('serialNumber') serialNumber: string,
  ) {
    await this.devices.delete(caller, request.id, serialNumber);
  }

  @Post('users/:userName/mfa-devices')
  @HttpCode(204)
  @ApiOperation({ summary: 'EnableMFADevice (two consecutive codes)' })
  @Action('iam:EnableMFADevice', IamResources.user())
  async enable(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Body() body: EnableMfaDeviceDto,
  ) {
    await this.devices.enable(caller, request.id, userName, body, request.ip);
  }

  @Get('users/:userName/mfa-devices')
  @ApiOperation({ summary: 'ListMFADevices' })
  @Action('iam:ListMFADevices', IamResources.user())
  async list(@Caller() caller: Principal, @Param('userName') userName: string) {
    return { mfaDevices: await this.devices.listForUser(caller, userName), isTruncated: false };
  }

  @Delete('users/:userName/mfa-devices/:serialNumber')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeactivateMFADevice (serialNumber: the device ARN, URL-encoded)' })
  @Action('iam:DeactivateMFADevice', IamResources.user())
  async deactivate(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
    @Param('serialNumber') serialNumber: string,
  ) {
    await this.devices.deactivate(caller, request.id, userName, serialNumber);
  }
}
