import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { identifier } from '@iam/event-store';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import { LAST_ACCESSED_JOBS_PER_REQUESTER, lastAccessedJobsExpireBefore } from './last-accessed-jobs';
import { principalsReportedFor } from './last-accessed-principals';
import { servicesLastAccessed } from './service-last-accessed';

export type LastAccessedGranularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

export class GenerateServiceLastAccessedDetails extends Command<{ jobId: string }> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly granularity: LastAccessedGranularity,
  ) {
    super();
  }
}

/**
 * AWS's access advisor job for a user, role, group or managed policy of the
 * caller's account. The report reads the audit service's projections of one
 * account and takes milliseconds, so the job completes within the call
 * (COMPLETED, never IN_PROGRESS) and its result is kept under its JobId:
 * every page GetServiceLastAccessedDetails reads is of the same report. As
 * AWS's, the JobId is for whoever generated it (the same user, or the same
 * role session) to read, for a week (last-accessed-jobs.ts); making one
 * deletes the expired jobs and the requester's beyond its newest 100.
 */
@CommandHandler(GenerateServiceLastAccessedDetails)
export class GenerateServiceLastAccessedDetailsHandler implements ICommandHandler<GenerateServiceLastAccessedDetails> {
  private readonly jobs: string;

  constructor(
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.jobs = `${identifier(schema)}.last_accessed_jobs`;
  }

  async execute({ requester, arn, granularity }: GenerateServiceLastAccessedDetails) {
    const accountId = requester.caller.accountId;
    const created = this.clock.now().toISOString();
    const principals = principalsReportedFor(await this.queries.snapshot(accountId), arn);
    const services = servicesLastAccessed(await this.queries.actionUses(accountId, principals), granularity);
    const jobId = randomUUID();
    const requestedBy = requester.caller.arn;
    await this.queries.database.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${this.jobs} (account_id, job_id, job_type, arn, requested_by, created_at, completed_at, services)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          accountId,
          jobId,
          granularity,
          arn,
          requestedBy,
          created,
          this.clock.now().toISOString(),
          JSON.stringify(services),
        ],
      );
      await tx.query(`DELETE FROM ${this.jobs} WHERE created_at < $1`, [
        lastAccessedJobsExpireBefore(this.clock.now()),
      ]);
      await tx.query(
        `DELETE FROM ${this.jobs} WHERE account_id = $1 AND requested_by = $2 AND job_id NOT IN (
           SELECT job_id FROM ${this.jobs} WHERE account_id = $1 AND requested_by = $2
            ORDER BY created_at DESC, job_id LIMIT $3)`,
        [accountId, requestedBy, LAST_ACCESSED_JOBS_PER_REQUESTER],
      );
    });
    return { jobId };
  }
}
