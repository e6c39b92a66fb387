import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';

export interface CallerView {
  account: string;
  arn: string;
  userId: string;
}

/**
 * Who the caller is, as authentication found it (our own route, shaped like sts:GetCallerIdentity;
 * named apart so it is not taken for that action).
 */
export class GetCaller extends Query<CallerView> {
  constructor(readonly requester: Requester) {
    super();
  }
}

@QueryHandler(GetCaller)
export class GetCallerHandler implements IQueryHandler<GetCaller> {
  execute({ requester: { caller } }: GetCaller): Promise<CallerView> {
    return Promise.resolve({ account: caller.accountId, arn: caller.arn, userId: caller.userId });
  }
}
