import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { requestContext } from '@iam/auth';
import { Public, RecordedAs, SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import {
  AssumeRoleWithWebIdentity,
  type AssumeRoleWithWebIdentityResult,
} from './assume-role-with-web-identity';
import { AssumeRoleWithWebIdentityDto } from './web-identity.dto';
import { assumeRoleWithWebIdentitySchema } from '../shared/sts.api-schema';

/** The JSON door to AssumeRoleWithWebIdentity: public (the token is the credential), dispatches one command. */
@ApiTags('sts')
@Controller('v1/sts')
export class WebIdentityController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
  ) {}

  @Post('assume-role-with-web-identity')
  @HttpCode(200)
  @Public()
  @RecordedAs('AssumeRoleWithWebIdentity', {
    eventSource: 'sts.amazonaws.com',
    unauthenticatedIdentity: 'WebIdentityUser',
  })
  @ApiOkResponse({ schema: assumeRoleWithWebIdentitySchema })
  @ApiOperation({
    operationId: 'AssumeRoleWithWebIdentity',
    summary: 'AssumeRoleWithWebIdentity (unauthenticated: an OIDC token of a registered provider)',
  })
  assumeRoleWithWebIdentity(
    @Req() request: FastifyRequest,
    @Body() body: AssumeRoleWithWebIdentityDto,
  ): Promise<AssumeRoleWithWebIdentityResult> {
    const userAgent = request.headers['user-agent'];
    return this.commands.execute(
      new AssumeRoleWithWebIdentity(
        {
          requestId: String(request.id),
          sourceIp: request.ip,
          ...(typeof userAgent === 'string' ? { userAgent: userAgent.slice(0, 256) } : {}),
        },
        body,
        requestContext(request, {}, this.config.IAM_REGION),
      ),
    );
  }
}
