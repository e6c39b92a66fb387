import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, SigningService, type Requester } from '@iam/auth';
import { decodedAuthorizationMessageSchema } from '../shared/sts.api-schema';
import { DecodeAuthorizationMessageDto } from './authorization-messages.dto';
import { DecodeAuthorizationMessage } from './decode-authorization-message';

/** The JSON door to DecodeAuthorizationMessage (signed for `sts`, as AWS SDKs sign it, like every sts route). */
@ApiTags('sts')
@SigningService('sts')
@Controller('v1/sts')
export class AuthorizationMessagesController {
  constructor(private readonly queries: QueryBus) {}

  @Post('decode-authorization-message')
  @HttpCode(200)
  @ApiOkResponse({ schema: decodedAuthorizationMessageSchema })
  @ApiOperation({
    summary:
      'DecodeAuthorizationMessage: the explanation (principal, action, resource, deciding statements, context keys) sealed in an AccessDenied',
  })
  @Action('sts:DecodeAuthorizationMessage', () => '*')
  decode(@RequestedBy() requester: Requester, @Body() body: DecodeAuthorizationMessageDto) {
    return this.queries.execute(new DecodeAuthorizationMessage(requester, body));
  }
}
