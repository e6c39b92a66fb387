import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { accountAuthorizationDetailsSchema } from './authorization-details.api-schema';
import { AccountAuthorizationDetailsQueryDto } from './authorization-details.dto';
import { GetAccountAuthorizationDetails } from './get-account-authorization-details';

/** The JSON door to GetAccountAuthorizationDetails (resource `*`, as in AWS). */
@ApiTags('policies')
@Controller('v1/account-authorization-details')
export class AuthorizationDetailsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ schema: accountAuthorizationDetailsSchema })
  @ApiOperation({
    summary:
      "GetAccountAuthorizationDetails: the account's users, groups, roles and managed policies with their policies, paged together (filter, maxItems, marker)",
  })
  @Action('iam:GetAccountAuthorizationDetails', () => '*')
  get(@RequestedBy() requester: Requester, @Query() query: AccountAuthorizationDetailsQueryDto) {
    return this.queries.execute(
      new GetAccountAuthorizationDetails(requester, query.filter ?? [], {
        maxItems: query.maxItems,
        marker: query.marker,
      }),
    );
  }
}
