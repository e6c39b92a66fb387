import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Action,
  AuthenticationOnly,
  CallerContext,
  RequestedBy,
  SigningService,
  type Requester,
} from '@iam/auth';
import type { RequestContext } from '@iam/policy-engine';
import { AssumeRole } from './assume-role/assume-role';
import { GetAccessKeyInfo } from './caller-identity/get-access-key-info';
import { GetCallerIdentity } from './caller-identity/get-caller-identity';
import { GetFederationToken } from './federation/get-federation-token';
import { RevokeSession } from './revocation/revoke-session';
import { GetSessionToken } from './session-token/get-session-token';
import {
  AssumeRoleDto,
  GetAccessKeyInfoDto,
  GetFederationTokenDto,
  GetSessionTokenDto,
} from './shared/sts.dto';
import { StsArns } from './shared/sts-arns';
import {
  accessKeyInfoSchema,
  assumeRoleSchema,
  callerIdentitySchema,
  federationTokenSchema,
  sessionTokenSchema,
} from './shared/sts.api-schema';

/**
 * The JSON door to STS (requests are signed for the `sts` service, as AWS
 * SDKs sign STS calls). AssumeRole, GetSessionToken and GetCallerIdentity
 * need authentication only at the guard: AssumeRole is decided against the
 * role's trust policy in its handler, GetSessionToken needs no permission
 * in AWS, GetCallerIdentity is never denied.
 */
@ApiTags('sts')
@SigningService('sts')
@Controller('v1/sts')
export class StsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('assume-role')
  @HttpCode(200)
  @ApiOkResponse({ schema: assumeRoleSchema })
  @ApiOperation({ operationId: 'AssumeRole', summary: 'AssumeRole' })
  @AuthenticationOnly()
  assumeRole(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Body() body: AssumeRoleDto,
  ) {
    return this.commands.execute(new AssumeRole(requester, body, context));
  }

  @Post('session-token')
  @HttpCode(200)
  @ApiOkResponse({ schema: sessionTokenSchema })
  @ApiOperation({ operationId: 'GetSessionToken', summary: 'GetSessionToken' })
  @AuthenticationOnly()
  getSessionToken(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Body() body: GetSessionTokenDto,
  ) {
    return this.commands.execute(new GetSessionToken(requester, body, context));
  }

  @Post('federation-token')
  @HttpCode(200)
  @ApiOkResponse({ schema: federationTokenSchema })
  @ApiOperation({ summary: 'GetFederationToken' })
  @Action('sts:GetFederationToken', ({ principal, body }) =>
    StsArns.federatedUser(principal.accountId, String(body.name)),
  )
  getFederationToken(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Body() body: GetFederationTokenDto,
  ) {
    return this.commands.execute(new GetFederationToken(requester, body, context));
  }

  @Post('caller-identity')
  @HttpCode(200)
  @ApiOkResponse({ schema: callerIdentitySchema })
  @ApiOperation({ operationId: 'GetCallerIdentity', summary: 'GetCallerIdentity (never denied)' })
  @AuthenticationOnly()
  getCallerIdentity(@RequestedBy() requester: Requester) {
    return this.queries.execute(new GetCallerIdentity(requester));
  }

  @Post('access-key-info')
  @HttpCode(200)
  @ApiOkResponse({ schema: accessKeyInfoSchema })
  @ApiOperation({ summary: 'GetAccessKeyInfo' })
  @Action('sts:GetAccessKeyInfo', () => '*')
  getAccessKeyInfo(@RequestedBy() requester: Requester, @Body() body: GetAccessKeyInfoDto) {
    return this.queries.execute(new GetAccessKeyInfo(requester, body.accessKeyId));
  }

  @Delete('sessions/:accessKeyId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'RevokeSession',
    summary:
      'Revoke one session (itself always; else iam:PutRolePolicy on its role, or iam:PutUserPolicy on its user)',
  })
  @AuthenticationOnly()
  async revokeSession(
    @RequestedBy() requester: Requester,
    @CallerContext() context: RequestContext,
    @Param('accessKeyId') accessKeyId: string,
  ) {
    await this.commands.execute(new RevokeSession(requester, accessKeyId, context));
  }
}
