import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, RecordedAs } from '@iam/platform';
import { signInSchema } from '../shared/sts.api-schema';
import { SignIn, type SignInResult } from './sign-in';
import { SignInDto } from './sign-in.dto';

/** The JSON door to password sign-in: public (the password is the credential), dispatches one command. */
@ApiTags('sign-in')
@Controller('v1/sign-in')
export class SignInController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ schema: signInSchema })
  @Public()
  @RecordedAs('ConsoleLogin', { consoleSignIn: true })
  @ApiOperation({
    operationId: 'SignIn',
    summary:
      'Sign in as an IAM user with a password (and an MFA code when the user has a device): session credentials for that user',
  })
  async signIn(@Req() request: FastifyRequest, @Body() body: SignInDto) {
    const userAgent = request.headers['user-agent'];
    const result: SignInResult = await this.commands.execute(
      new SignIn(
        {
          requestId: String(request.id),
          sourceIp: request.ip,
          ...(typeof userAgent === 'string' ? { userAgent: userAgent.slice(0, 256) } : {}),
        },
        body,
      ),
    );
    return result;
  }
}
