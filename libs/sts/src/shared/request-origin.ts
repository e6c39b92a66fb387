import type { Requester } from '@iam/auth';
import type { RequestContext } from '@iam/policy-engine';
import type { IssuanceOrigin } from '../issuance/session-issuer';

/** Who asked and from where, as the guard saw the request (aws:SourceIp, aws:UserAgent). */
export function requestOrigin(requester: Requester, context: RequestContext): IssuanceOrigin {
  const sourceIp = context['aws:SourceIp'];
  const userAgent = context['aws:UserAgent'];
  return {
    actorArn: requester.caller.arn,
    requestId: requester.requestId,
    ...(typeof sourceIp === 'string' ? { sourceIp } : {}),
    ...(typeof userAgent === 'string' ? { userAgent } : {}),
  };
}
