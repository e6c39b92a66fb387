import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { identifier } from '@iam/event-store';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import { CREDENTIAL_REPORT_TTL_MS } from './generate-credential-report';

export interface CredentialReport {
  /** The CSV, base64-encoded as AWS's API returns it. */
  Content: string;
  ReportFormat: 'text/csv';
  GeneratedTime: string;
}

export class GetCredentialReport extends Query<CredentialReport> {
  constructor(readonly requester: Requester) {
    super();
  }
}

/** The caller's account's last credential report: ReportNotPresent before any, ReportExpired after 4 hours. */
@QueryHandler(GetCredentialReport)
export class GetCredentialReportHandler implements IQueryHandler<GetCredentialReport> {
  private readonly reports: string;

  constructor(
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.reports = `${identifier(schema)}.credential_reports`;
  }

  async execute({ requester }: GetCredentialReport): Promise<CredentialReport> {
    const { rows } = await this.queries.database.query<{
      state: string;
      generated_at: string;
      content: string | null;
    }>(`SELECT state, generated_at, content FROM ${this.reports} WHERE account_id = $1`, [
      requester.caller.accountId,
    ]);
    const report = rows[0];
    if (!report)
      throw new IamError(
        'ReportNotPresent',
        'Credential report not present. Call GenerateCredentialReport first.',
      );
    if (report.state !== 'COMPLETE' || report.content === null)
      throw new IamError('ReportInProgress', 'Credential report is being generated.');
    const generated = new Date(report.generated_at);
    if (this.clock.now().getTime() - generated.getTime() >= CREDENTIAL_REPORT_TTL_MS)
      throw new IamError(
        'ReportExpired',
        'Credential report expired. Call GenerateCredentialReport for a new one.',
      );
    return {
      Content: Buffer.from(report.content, 'utf8').toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: generated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }
}
