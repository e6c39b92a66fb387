import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { IamResources } from '../shared/iam-resources';
import { loginProfileSchema } from './login-profile.api-schema';
import { ChangePassword } from './change-password';
import { DeleteLoginProfile } from './delete-login-profile';
import { GetLoginProfile } from './get-login-profile';
import { ChangePasswordDto, PutLoginProfileDto } from './login-profile.dto';
import { PutLoginProfile } from './put-login-profile';

/** The JSON door to the passwords slice: authorizes (guard), validates (DTOs), dispatches one command or query. */
@ApiTags('passwords')
@Controller('v1')
export class LoginProfilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  // One route for AWS's CreateLoginProfile and UpdateLoginProfile; the
  // action is declared before the lookup, so it is iam:CreateLoginProfile
  // for both (201 when created, 200 when updated).
  @Put('users/:userName/login-profile')
  @ApiCreatedResponse({ description: 'created', schema: loginProfileSchema })
  @ApiOkResponse({ description: 'updated', schema: loginProfileSchema })
  @ApiOperation({
    summary: 'CreateLoginProfile / UpdateLoginProfile (password, passwordResetRequired)',
  })
  @Action('iam:CreateLoginProfile', IamResources.user())
  async put(
    @RequestedBy() requester: Requester,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('userName') userName: string,
    @Body() body: PutLoginProfileDto,
  ) {
    const { created, loginProfile } = await this.commands.execute(
      new PutLoginProfile(requester, userName, body),
    );
    reply.status(created ? 201 : 200);
    return { loginProfile };
  }

  @Get('users/:userName/login-profile')
  @ApiOkResponse({ schema: loginProfileSchema })
  @ApiOperation({ summary: 'GetLoginProfile (never the password or its hash)' })
  @Action('iam:GetLoginProfile', IamResources.user())
  async get(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    return { loginProfile: await this.queries.execute(new GetLoginProfile(requester, userName)) };
  }

  @Delete('users/:userName/login-profile')
  @HttpCode(204)
  @ApiOperation({ summary: 'DeleteLoginProfile' })
  @Action('iam:DeleteLoginProfile', IamResources.user())
  async delete(@RequestedBy() requester: Requester, @Param('userName') userName: string) {
    await this.commands.execute(new DeleteLoginProfile(requester, userName));
  }

  @Post('me/password')
  @HttpCode(204)
  @ApiOperation({ summary: "ChangePassword (the calling IAM user's own password)" })
  @Action('iam:ChangePassword', ({ principal }) => principal.arn)
  async changePassword(
    @RequestedBy() requester: Requester,
    @Req() request: FastifyRequest,
    @Body() body: ChangePasswordDto,
  ) {
    await this.commands.execute(new ChangePassword(requester, body, request.ip));
  }
}
