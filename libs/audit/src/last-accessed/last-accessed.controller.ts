import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester, type ResourceContext } from '@iam/auth';
import { GetServiceLastAccessedDetails } from './get-service-last-accessed-details';
import { serviceLastAccessedDetailsSchema } from './last-accessed.api-schema';
import { LastAccessedQueryDto } from './last-accessed.dto';

/**
 * The entity asked about; for an AWS managed policy (account `aws`, which no
 * caller's policy can grant on as its own) `*`: the answer covers only its
 * holders in the caller's account.
 */
function lastAccessedResource({ query }: ResourceContext): string {
  const arn = String(query.arn ?? '*');
  return arn.startsWith('arn:aws:iam::aws:') ? '*' : arn;
}

/** The access advisor: `GET /v1/last-accessed?arn=…&granularity=…` (AWS's Generate/GetServiceLastAccessedDetails in one call). */
@ApiTags('audit')
@Controller('v1/last-accessed')
export class LastAccessedController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ schema: serviceLastAccessedDetailsSchema })
  @ApiOperation({
    summary: 'Services and actions last used by a user, role, group or policy, when, and by whom',
  })
  @Action('iam:GenerateServiceLastAccessedDetails', lastAccessedResource)
  get(@RequestedBy() requester: Requester, @Query() query: LastAccessedQueryDto) {
    return this.queries.execute(
      new GetServiceLastAccessedDetails(requester, query.arn, query.granularity ?? 'SERVICE_LEVEL'),
    );
  }
}
