import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester, type ResourceContext } from '@iam/auth';
import { GenerateServiceLastAccessedDetails } from './generate-service-last-accessed-details';
import { GetServiceLastAccessedDetails } from './get-service-last-accessed-details';
import { lastAccessedDetailsSchema, lastAccessedJobSchema } from './last-accessed.api-schema';
import { LastAccessedJobQueryDto, LastAccessedQueryDto } from './last-accessed.dto';

/**
 * The entity asked about; for an AWS managed policy (account `aws`, which no
 * caller's policy can grant on as its own) `*`: the answer covers only its
 * holders in the caller's account.
 */
function lastAccessedResource({ query, body }: ResourceContext): string {
  const arn = String(query.arn ?? body.arn ?? '*');
  return arn.startsWith('arn:aws:iam::aws:') ? '*' : arn;
}

/**
 * The access advisor: AWS's GenerateServiceLastAccessedDetails (a job) and
 * GetServiceLastAccessedDetails (its report, paged), and both in one call.
 */
@ApiTags('audit')
@Controller('v1/last-accessed')
export class LastAccessedController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOkResponse({ schema: lastAccessedDetailsSchema })
  @ApiOperation({
    operationId: 'ServiceLastAccessedDetails',
    summary:
      'Generate and get in one call: services and actions last used by a user, role, group or policy, when, and by whom',
  })
  @Action('iam:GenerateServiceLastAccessedDetails', lastAccessedResource)
  async get(@RequestedBy() requester: Requester, @Query() query: LastAccessedQueryDto) {
    const { jobId } = await this.commands.execute(
      new GenerateServiceLastAccessedDetails(requester, query.arn, query.granularity ?? 'SERVICE_LEVEL'),
    );
    return this.queries.execute(new GetServiceLastAccessedDetails(requester, jobId, { maxItems: 1000 }));
  }

  @Post('jobs')
  @HttpCode(200)
  @ApiOkResponse({ schema: lastAccessedJobSchema })
  @ApiOperation({
    summary: 'GenerateServiceLastAccessedDetails: a job, completed within the call (its jobId)',
  })
  @Action('iam:GenerateServiceLastAccessedDetails', lastAccessedResource)
  generate(@RequestedBy() requester: Requester, @Body() body: LastAccessedQueryDto) {
    return this.commands.execute(
      new GenerateServiceLastAccessedDetails(requester, body.arn, body.granularity ?? 'SERVICE_LEVEL'),
    );
  }

  @Get('jobs/:jobId')
  @ApiOkResponse({ schema: lastAccessedDetailsSchema })
  @ApiOperation({ summary: "GetServiceLastAccessedDetails: a job's report, paged over its services" })
  @Action('iam:GetServiceLastAccessedDetails', () => '*')
  details(
    @RequestedBy() requester: Requester,
    @Param('jobId') jobId: string,
    @Query() query: LastAccessedJobQueryDto,
  ) {
    return this.queries.execute(new GetServiceLastAccessedDetails(requester, jobId, query));
  }
}
