import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { RequestContext } from '@iam/policy-engine';
import { DecisionService, type ForwardedDecision } from './decision.service';
import type { AuthorizeForwardedDto } from './decisions.dto';

/**
 * Authenticates a SigV4-signed request a platform received and decides it
 * for the signer; iam:Authorize on the signer is checked with the caller's
 * request context.
 */
export class AuthorizeSignedRequest extends Query<ForwardedDecision> {
  constructor(
    readonly requester: Requester,
    readonly input: AuthorizeForwardedDto,
    readonly callerContext: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(AuthorizeSignedRequest)
export class AuthorizeSignedRequestHandler implements IQueryHandler<AuthorizeSignedRequest> {
  constructor(private readonly decisions: DecisionService) {}

  execute({ requester, input, callerContext }: AuthorizeSignedRequest): Promise<ForwardedDecision> {
    return this.decisions.authorizeForwarded(requester.caller, input, callerContext);
  }
}
