import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { identifier } from '@iam/event-store';
import { callerMetadata } from '@iam/service-kit';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { ReportsQueries } from '../reports/reports.queries';
import { FindingsRecorder } from './findings-recorder';

export interface FindingsFilter {
  severity?: string;
  ruleId?: string;
  entityArn?: string;
}

export interface FindingView {
  findingId: string;
  ruleId: string;
  severity: string;
  entityArn: string;
  entityType: string;
  detail: string;
  remediation: string;
  detectedAt: string;
}

export class ListFindings extends Query<{ findings: FindingView[] }> {
  constructor(
    readonly requester: Requester,
    readonly filter: FindingsFilter,
  ) {
    super();
  }
}

/** The caller's account's open findings, evaluated afresh first (so what it reads is now, and recorded). */
@QueryHandler(ListFindings)
export class ListFindingsHandler implements IQueryHandler<ListFindings> {
  private readonly findings: string;

  constructor(
    private readonly recorder: FindingsRecorder,
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.findings = `${identifier(schema)}.findings`;
  }

  async execute({ requester, filter }: ListFindings): Promise<{ findings: FindingView[] }> {
    const accountId = requester.caller.accountId;
    await this.recorder.refresh(accountId, callerMetadata(requester));
    const { rows } = await this.queries.database.query<Record<string, unknown>>(
      `SELECT * FROM ${this.findings}
        WHERE account_id = $1 AND ($2::text IS NULL OR severity = $2) AND ($3::text IS NULL OR rule_id = $3)
          AND ($4::text IS NULL OR entity_arn = $4)
        ORDER BY CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END, finding_id`,
      [accountId, filter.severity ?? null, filter.ruleId ?? null, filter.entityArn ?? null],
    );
    return {
      findings: rows.map((row) => ({
        findingId: String(row.finding_id),
        ruleId: String(row.rule_id),
        severity: String(row.severity),
        entityArn: String(row.entity_arn),
        entityType: String(row.entity_type),
        detail: String(row.detail),
        remediation: String(row.remediation),
        detectedAt: new Date(row.detected_at as string).toISOString(),
      })),
    };
  }
}
