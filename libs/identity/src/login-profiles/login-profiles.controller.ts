import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, Caller, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';
import { IamResources } from '../shared/iam-resources';
import { ChangePasswordDto, PutLoginProfileDto } from './login-profile.dto';
import { LoginProfilesService } from './login-profiles.service';

@ApiTags('passwords')
@IamErrorResponses()
@Controller('v1')
export class LoginProfilesController {
  constructor(private readonly profiles: LoginProfilesService) {}

  // One route for AWS's CreateLoginProfile and UpdateLoginProfile; the
  // action is declared before the lookup, so it is iam:CreateLoginProfile
  // for both (201 when created, 200 when updated).
  @Put('users/:userName/login-profile')
  @ApiOperation({
    summary: 'CreateLoginProfile / UpdateLoginProfile (password, passwordResetRequired)',
  })
  @Action('iam:CreateLoginProfile', IamResources.user())
  async put(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('userName') userName: string,
    @Body() body: PutLoginProfileDto,
  ) {
    const { created, loginProfile } = await this.profiles.put(caller, request.id, userName, body);
    reply.status(created ? 201 : 200);
    return { loginProfile };
  }

  @Get('users/:userName/login-profile')
  @ApiOperation({ summary: 'GetLoginProfile (never the password or its hash)' })
  @Action('iam:GetLoginProfile', IamResources.user())
  async get(@Caller() caller: Principal, @Param('userName') userName: string) {
    return { loginProfile: await this.profiles.get(caller, userName) };
  }

  @Delete('users/:userName/login-profile')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteLoginProfile' })
  @Action('iam:DeleteLoginProfile', IamResources.user())
  async delete(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Param('userName') userName: string,
  ) {
    await this.profiles.delete(caller, request.id, userName);
  }

  @Post('me/password')
  @HttpCode(204)
  @ApiOperation({ summary: "ChangePassword (the calling IAM user's own password)" })
  @Action('iam:ChangePassword', ({ principal }) => principal.arn)
  async changePassword(
    @Caller() caller: Principal,
    @Req() request: FastifyRequest,
    @Body() body: ChangePasswordDto,
  ) {
    await this.profiles.changePassword(caller, request.id, body, request.ip);
  }
}
