import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Action, RequestedBy, type Requester } from '@iam/auth';
import { credentialReportSchema, generateCredentialReportSchema } from './credential-report.api-schema';
import { GenerateCredentialReport } from './generate-credential-report';
import { GetCredentialReport } from './get-credential-report';

/** The JSON door to GenerateCredentialReport and GetCredentialReport (resource `*`, as in AWS). */
@ApiTags('audit')
@Controller('v1/credential-report')
export class CredentialReportController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ schema: generateCredentialReportSchema })
  @ApiOperation({
    summary:
      'GenerateCredentialReport: State STARTED (generated now) or COMPLETE (one under 4 hours old exists)',
  })
  @Action('iam:GenerateCredentialReport', () => '*')
  generate(@RequestedBy() requester: Requester) {
    return this.commands.execute(new GenerateCredentialReport(requester));
  }

  @Get()
  @ApiOkResponse({ schema: credentialReportSchema })
  @ApiOperation({
    summary: 'GetCredentialReport: Content (base64 CSV, AWS columns), ReportFormat text/csv, GeneratedTime',
  })
  @Action('iam:GetCredentialReport', () => '*')
  get(@RequestedBy() requester: Requester) {
    return this.queries.execute(new GetCredentialReport(requester));
  }
}
