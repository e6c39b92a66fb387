import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export class GetCallerIdentity extends Query<CallerIdentity> {
  constructor(readonly requester: Requester) {
    super();
  }
}

/**
 * Who signed the request, for any valid credentials, never denied: a role
 * session's STS ARN (`assumed-role/ROLE/SESSION`) and `AROA…:SESSION`, a
 * federated user's `federated-user/NAME` and `ACCT:NAME`, a user's own ARN
 * and `AIDA…` (also through GetSessionToken credentials), root's ARN and
 * account id.
 */
@QueryHandler(GetCallerIdentity)
export class GetCallerIdentityHandler implements IQueryHandler<GetCallerIdentity> {
  async execute({ requester: { caller } }: GetCallerIdentity): Promise<CallerIdentity> {
    return { account: caller.accountId, arn: caller.arn, userId: caller.userId };
  }
}
