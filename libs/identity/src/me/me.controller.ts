import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticationOnly, RequestedBy, type Requester } from '@iam/auth';
import { GetCaller } from './get-caller';
import { callerSchema } from './caller.api-schema';

/** The JSON door to the caller's own identity: needs authentication only, dispatches one query. */
@ApiTags('caller')
@Controller('v1/me')
export class MeController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ schema: callerSchema })
  @ApiOperation({
    operationId: 'GetCaller',
    summary: 'The caller: account, ARN and unique id (needs no permission, like GetCallerIdentity)',
  })
  @AuthenticationOnly()
  me(@RequestedBy() requester: Requester) {
    return this.queries.execute(new GetCaller(requester));
  }
}
