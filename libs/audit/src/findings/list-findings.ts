import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { identifier } from '@iam/event-store';
import { callerMetadata, readPage, type Page, type PageRequest } from '@iam/service-kit';
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

export class ListFindings extends Query<Page<FindingView>> {
  constructor(
    readonly requester: Requester,
    readonly filter: FindingsFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** Most severe first; within a severity, by finding id. */
const SEVERITY_RANK = `CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END`;

/**
 * The caller's account's open findings, evaluated afresh first (so what it
 * reads is now, and recorded), a page at a time in (severity, finding id)
 * order. The marker is that key of the last finding returned: a finding
 * raised or cleared between two pages moves no other across the boundary.
 */
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

  async execute({ requester, filter, page }: ListFindings): Promise<Page<FindingView>> {
    const accountId = requester.caller.accountId;
    await this.recorder.refresh(accountId, callerMetadata(requester));
    return readPage(
      page,
      (after, limit) => {
        const [rank, findingId] = after === '' ? [-1, ''] : parseMarker(after);
        return this.queries.database.query<Record<string, unknown>>(
          `SELECT *, ${SEVERITY_RANK} AS severity_rank FROM ${this.findings}
            WHERE account_id = $1 AND ($2::text IS NULL OR severity = $2) AND ($3::text IS NULL OR rule_id = $3)
              AND ($4::text IS NULL OR entity_arn = $4) AND (${SEVERITY_RANK}, finding_id) > ($5::int, $6::text)
            ORDER BY severity_rank, finding_id LIMIT $7`,
          [
            accountId,
            filter.severity ?? null,
            filter.ruleId ?? null,
            filter.entityArn ?? null,
            rank,
            findingId,
            limit,
          ],
        );
      },
      (row) => `${row.severity_rank}|${row.finding_id}`,
      (row) => ({
        findingId: String(row.finding_id),
        ruleId: String(row.rule_id),
        severity: String(row.severity),
        entityArn: String(row.entity_arn),
        entityType: String(row.entity_type),
        detail: String(row.detail),
        remediation: String(row.remediation),
        detectedAt: new Date(row.detected_at as string).toISOString(),
      }),
    );
  }
}

/** The marker is `<severity rank>|<finding id>` of the last finding returned. */
function parseMarker(after: string): [number, string] {
  // No NUL: Postgres refuses it in text (a 500, not the caller's 400).
  const match = /^([0-3])\|([^\u0000]+)$/s.exec(after);
  if (!match)
    throw new IamError(
      'ValidationError',
      'Invalid value for marker: it must be a marker returned by a previous list call.',
    );
  return [Number(match[1]), match[2]];
}
