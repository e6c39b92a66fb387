import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { identifier } from '@iam/event-store';
import { decodeMarker, toPage, pageSize, type PageRequest } from '@iam/service-kit';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import type { LastAccessedGranularity } from './generate-service-last-accessed-details';
import { lastAccessedJobsExpireBefore } from './last-accessed-jobs';
import type { ServiceLastAccessed } from './service-last-accessed';

/** AWS's GetServiceLastAccessedDetails result, member for member. */
export interface ServiceLastAccessedDetails {
  JobStatus: 'COMPLETED';
  JobType: LastAccessedGranularity;
  JobCreationDate: string;
  JobCompletionDate: string;
  ServicesLastAccessed: ServiceLastAccessed[];
  IsTruncated: boolean;
  Marker?: string;
}

export class GetServiceLastAccessedDetails extends Query<ServiceLastAccessedDetails> {
  constructor(
    readonly requester: Requester,
    readonly jobId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/**
 * A job's report, a page of its services (by namespace) at a time. A job
 * is read by whoever generated it (AWS: the same user, or the same role
 * session): anyone else's JobId, in this account or another, is
 * NoSuchEntity, as an unknown one is, or one that has expired.
 */
@QueryHandler(GetServiceLastAccessedDetails)
export class GetServiceLastAccessedDetailsHandler implements IQueryHandler<GetServiceLastAccessedDetails> {
  private readonly jobs: string;

  constructor(
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.jobs = `${identifier(schema)}.last_accessed_jobs`;
  }

  async execute({
    requester,
    jobId,
    page,
  }: GetServiceLastAccessedDetails): Promise<ServiceLastAccessedDetails> {
    const limit = pageSize(page.maxItems);
    const after = decodeMarker(page.marker);
    const { rows } = await this.queries.database.query<{
      job_type: LastAccessedGranularity;
      created_at: string | Date;
      completed_at: string | Date;
      services: ServiceLastAccessed[];
    }>(
      `SELECT job_type, created_at, completed_at, services FROM ${this.jobs}
        WHERE account_id = $1 AND job_id = $2 AND requested_by = $3 AND created_at >= $4`,
      [
        requester.caller.accountId,
        jobId.toLowerCase(),
        requester.caller.arn,
        lastAccessedJobsExpireBefore(this.clock.now()),
      ],
    );
    const job = rows[0];
    if (!job) throw new IamError('NoSuchEntity', `No job with the JobId ${jobId} was found.`);
    const rest = job.services.filter((s) => s.ServiceNamespace > after);
    const { items, isTruncated, marker } = toPage(rest.slice(0, limit + 1), limit, (s) => s.ServiceNamespace);
    return {
      JobStatus: 'COMPLETED',
      JobType: job.job_type,
      JobCreationDate: new Date(job.created_at).toISOString(),
      JobCompletionDate: new Date(job.completed_at).toISOString(),
      ServicesLastAccessed: items,
      IsTruncated: isTruncated,
      ...(marker === undefined ? {} : { Marker: marker }),
    };
  }
}
