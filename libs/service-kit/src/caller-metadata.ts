import type { EventMetadata } from '@iam/contracts';
import type { Principal } from '@iam/auth';

/** Event metadata of a request: the caller's account (tenancy) and ARN, and the request id. */
export function callerMetadata(caller: Principal, requestId: string): EventMetadata {
  return {
    accountId: caller.accountId,
    actorArn: caller.arn,
    correlationId: requestId,
    causationId: requestId,
  };
}
