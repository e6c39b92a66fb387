import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, RecordedAs } from '@iam/platform';
import { AssumeRoleWithSAML } from './assume-role-with-saml';
import { AssumeRoleWithSamlDto } from './saml.dto';
import { assumeRoleWithSamlSchema } from '../shared/sts.api-schema';

/** The JSON door to AssumeRoleWithSAML: public (the signed assertion is the credential), dispatches one command. */
@ApiTags('sts')
@Controller('v1/sts')
export class SamlController {
  constructor(private readonly commands: CommandBus) {}

  @Post('assume-role-with-saml')
  @HttpCode(200)
  @Public()
  @RecordedAs('AssumeRoleWithSAML', { eventSource: 'sts.amazonaws.com', unauthenticatedIdentity: 'SAMLUser' })
  @ApiOkResponse({ schema: assumeRoleWithSamlSchema })
  @ApiOperation({
    operationId: 'AssumeRoleWithSAML',
    summary: 'AssumeRoleWithSAML (unauthenticated: a SAML response signed by the provider’s IdP)',
  })
  assumeRoleWithSaml(@Req() request: FastifyRequest, @Body() body: AssumeRoleWithSamlDto) {
    const userAgent = request.headers['user-agent'];
    return this.commands.execute(
      new AssumeRoleWithSAML(
        {
          requestId: String(request.id),
          sourceIp: request.ip,
          ...(typeof userAgent === 'string' ? { userAgent: userAgent.slice(0, 256) } : {}),
        },
        body,
      ),
    );
  }
}
