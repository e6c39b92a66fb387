import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { RequestContext } from '@iam/policy-engine';
import type { AuthorizeBatch as AuthorizeBatchInput } from './decision-input';
import { DecisionService, type BatchAnswer } from './decision.service';

/**
 * Up to 1,000 decisions, answered in order; iam:Authorize is checked per
 * distinct principal named, with the caller's request context.
 */
export class AuthorizeBatch extends Query<BatchAnswer[]> {
  constructor(
    readonly requester: Requester,
    readonly batch: AuthorizeBatchInput,
    readonly callerContext: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(AuthorizeBatch)
export class AuthorizeBatchHandler implements IQueryHandler<AuthorizeBatch> {
  constructor(private readonly decisions: DecisionService) {}

  execute({ requester, batch, callerContext }: AuthorizeBatch): Promise<BatchAnswer[]> {
    return this.decisions.authorizeBatch(requester.caller, batch, callerContext);
  }
}
