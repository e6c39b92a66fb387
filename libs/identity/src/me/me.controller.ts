import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticationOnly, Caller, type Principal } from '@iam/auth';
import { IamErrorResponses } from '@iam/service-kit';

@ApiTags('caller')
@IamErrorResponses()
@Controller('v1/me')
export class MeController {
  @Get()
  @ApiOperation({
    summary: 'The caller: account, ARN and unique id (needs no permission, like GetCallerIdentity)',
  })
  @AuthenticationOnly()
  me(@Caller() caller: Principal) {
    return { account: caller.accountId, arn: caller.arn, userId: caller.userId };
  }
}
