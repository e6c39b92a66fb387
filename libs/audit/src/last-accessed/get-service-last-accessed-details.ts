import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import { servicesLastAccessed, type ServiceLastAccessed } from './service-last-accessed';

export interface ServiceLastAccessedDetails {
  JobStatus: 'COMPLETED';
  JobType: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  JobCreationDate: string;
  JobCompletionDate: string;
  ServicesLastAccessed: ServiceLastAccessed[];
  IsTruncated: false;
}

export class GetServiceLastAccessedDetails extends Query<ServiceLastAccessedDetails> {
  constructor(
    readonly requester: Requester,
    readonly arn: string,
    readonly granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL',
  ) {
    super();
  }
}

/**
 * The access advisor for a user, role, group or managed policy of the
 * caller's account: a user's or role's own use; a group's members'; a
 * policy's holders' (users it is attached to, directly or through a group,
 * and roles). Answered at once (AWS's Generate…/Get… job completes within
 * the call here).
 */
@QueryHandler(GetServiceLastAccessedDetails)
export class GetServiceLastAccessedDetailsHandler implements IQueryHandler<GetServiceLastAccessedDetails> {
  constructor(
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
  ) {}

  async execute({
    requester,
    arn,
    granularity,
  }: GetServiceLastAccessedDetails): Promise<ServiceLastAccessedDetails> {
    const accountId = requester.caller.accountId;
    const snapshot = await this.queries.snapshot(accountId);
    const user = snapshot.users.find((u) => u.arn === arn);
    const role = snapshot.roles.find((r) => r.arn === arn);
    const group = snapshot.groups.find((g) => g.arn === arn);
    let principals: string[];
    if (user) principals = [user.arn];
    else if (role) principals = [role.arn];
    else if (group)
      principals = snapshot.users.filter((u) => u.groupIds.includes(group.id)).map((u) => u.arn);
    else if (snapshot.managedPolicies.has(arn) || arn.startsWith('arn:aws:iam::aws:policy/')) {
      const groupIds = new Set(
        snapshot.groups.filter((g) => g.attachedPolicyArns.includes(arn)).map((g) => g.id),
      );
      principals = [
        ...snapshot.users
          .filter((u) => u.attachedPolicyArns.includes(arn) || u.groupIds.some((id) => groupIds.has(id)))
          .map((u) => u.arn),
        ...snapshot.roles.filter((r) => r.attachedPolicyArns.includes(arn)).map((r) => r.arn),
      ];
    } else throw new IamError('NoSuchEntity', `The entity ${arn} cannot be found in this account.`);
    const now = this.clock.now().toISOString();
    return {
      JobStatus: 'COMPLETED',
      JobType: granularity,
      JobCreationDate: now,
      JobCompletionDate: now,
      ServicesLastAccessed: servicesLastAccessed(
        await this.queries.actionUses(accountId, principals),
        granularity,
      ),
      IsTruncated: false,
    };
  }
}
