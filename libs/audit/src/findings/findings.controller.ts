import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { findingsSchema } from './finding.api-schema';
import { ListFindingsQueryDto } from './findings.dto';
import { ListFindings } from './list-findings';

/** `GET /v1/findings`: the account's best-practice findings (action `iam:ListFindings`, resource `*`). */
@ApiTags('audit')
@Controller('v1/findings')
export class FindingsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ schema: findingsSchema })
  @ApiOperation({
    summary:
      "ListFindings: open best-practice findings of the caller's account, by severity, rule or entity, a page at a time",
  })
  @Action('iam:ListFindings', () => '*')
  async list(@RequestedBy() requester: Requester, @Query() query: ListFindingsQueryDto) {
    const page = await this.queries.execute(new ListFindings(requester, query, query));
    return { findings: page.items, isTruncated: page.isTruncated, marker: page.marker };
  }
}
