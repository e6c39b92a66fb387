import type { EventMetadata } from '@iam/contracts';
import type { Requester } from '@iam/auth';

/** Event metadata of a request: the caller's account (tenancy) and ARN, and the request id. */
export function callerMetadata({ caller, requestId }: Requester): EventMetadata {
  return {
    accountId: caller.accountId,
    actorArn: caller.arn,
    correlationId: requestId,
    causationId: requestId,
  };
}
