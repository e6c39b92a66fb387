import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { identifier } from '@iam/event-store';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import { credentialReportCsv } from './credential-report-csv';

/** A report is served, and not generated again, for this long (AWS: 4 hours). */
export const CREDENTIAL_REPORT_TTL_MS = 4 * 3_600_000;

export interface GenerateCredentialReportResult {
  State: 'STARTED' | 'INPROGRESS' | 'COMPLETE';
  Description: string;
}

export class GenerateCredentialReport extends Command<GenerateCredentialReportResult> {
  constructor(readonly requester: Requester) {
    super();
  }
}

/**
 * As AWS: a report younger than 4 hours is kept (`COMPLETE`); otherwise a
 * new one is generated (`STARTED`). Generation reads the audit service's
 * projections of one account and takes milliseconds, so it completes within
 * the call: `INPROGRESS` is never answered, and GetCredentialReport right
 * after finds it.
 */
@CommandHandler(GenerateCredentialReport)
export class GenerateCredentialReportHandler implements ICommandHandler<GenerateCredentialReport> {
  private readonly reports: string;

  constructor(
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.reports = `${identifier(schema)}.credential_reports`;
  }

  async execute({ requester }: GenerateCredentialReport): Promise<GenerateCredentialReportResult> {
    const accountId = requester.caller.accountId;
    const now = this.clock.now();
    const db = this.queries.database;
    const { rows } = await db.query<{ generated_at: string }>(
      `SELECT generated_at FROM ${this.reports} WHERE account_id = $1 AND state = 'COMPLETE'`,
      [accountId],
    );
    if (rows[0] && now.getTime() - new Date(rows[0].generated_at).getTime() < CREDENTIAL_REPORT_TTL_MS)
      return { State: 'COMPLETE', Description: 'The credential report is available.' };
    const content = credentialReportCsv(await this.queries.snapshot(accountId));
    await db.query(
      `INSERT INTO ${this.reports} (account_id, state, generated_at, content) VALUES ($1, 'COMPLETE', $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, generated_at = EXCLUDED.generated_at,
         content = EXCLUDED.content`,
      [accountId, now.toISOString(), content],
    );
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  }
}
