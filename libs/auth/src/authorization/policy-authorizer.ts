import { IamError, isAwsManagedPolicyArn } from '@iam/contracts';
import { compilePolicySet, evaluate, type RequestContext, type Verdict } from '@iam/policy-engine';
import type { Authorizer } from '../authorizer';
import type { Principal } from '../principal';
import type { AuthorizationCache } from './authorization-cache';

/**
 * Decides every request of every service with the policy engine, from the
 * in-memory authorization projection: the user's inline and attached
 * policies plus its groups', within its permissions boundary. The root user
 * may do anything in its own account and nothing outside it.
 */
export class PolicyAuthorizer implements Authorizer {
  constructor(private readonly cache: AuthorizationCache) {}

  async authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: RequestContext = {},
  ): Promise<void> {
    const verdict = this.decide(principal, action, resource, context);
    if (verdict.allowed) return;
    throw new IamError('AccessDenied', denialMessage(principal, action, resource, verdict));
  }

  decide(principal: Principal, action: string, resource: string, context: RequestContext): Verdict {
    const resourceAccountId = resourceAccountOf(principal, action, resource);
    if (principal.type === 'root') {
      return evaluate(
        {
          principal: { arn: principal.arn, accountId: principal.accountId, type: 'Account' },
          action,
          resource,
          resourceAccountId,
          context,
        },
        EMPTY,
      );
    }
    const kind = principal.type === 'user' ? 'user' : 'role';
    const effective = this.cache.effective(kind, principal.userId);
    if (!effective || effective.boundaryMissing) {
      return evaluate(
        {
          principal: { arn: principal.arn, accountId: principal.accountId, type: 'User' },
          action,
          resource,
          context,
        },
        EMPTY,
      );
    }
    const tags: Record<string, string> = {};
    for (const tag of effective.record.tags) tags[tag.key] = tag.value;
    return evaluate(
      {
        principal: {
          arn: principal.arn,
          accountId: principal.accountId,
          type: 'User',
          userId: principal.userId,
          username: principal.userName,
          tags,
        },
        action,
        resource,
        resourceAccountId,
        context,
      },
      effective.set,
    );
  }
}

/** No policies: the root user is still allowed in its own account, anyone else implicitly denied. */
const EMPTY = compilePolicySet({ identity: [] });

/**
 * AWS managed policies are AWS's (account `aws` in their ARN), yet every
 * account reads them as its own: a principal whose policies allow
 * iam:GetPolicy on one may read it, the root user of any account included,
 * with no resource-based policy. So for these reads the policy counts as in
 * the caller's account; writes stay outside it (and the service refuses
 * them anyway: AWS managed policies are read-only).
 */
const ReadsOfAwsManagedPolicies = new Set([
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListPolicyVersions',
  'iam:ListEntitiesForPolicy',
]);

function resourceAccountOf(principal: Principal, action: string, resource: string): string | undefined {
  if (ReadsOfAwsManagedPolicies.has(action) && isAwsManagedPolicyArn(resource)) return principal.accountId;
  const account = resource.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** AWS's words: who, what, on which resource, and which kind of policy decided. */
export function denialMessage(
  principal: Principal,
  action: string,
  resource: string,
  verdict: Verdict,
): string {
  const who = `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (verdict.decision === 'ExplicitDeny') {
    const where =
      verdict.decidedBy === 'boundary'
        ? 'a permissions boundary'
        : verdict.decidedBy === 'session'
          ? 'a session policy'
          : verdict.decidedBy === 'resource'
            ? 'a resource-based policy'
            : 'an identity-based policy';
    return `${who} with an explicit deny in ${where}`;
  }
  if (verdict.decidedBy === 'boundary')
    return `${who} because no permissions boundary allows the ${action} action`;
  if (verdict.decidedBy === 'session') return `${who} because no session policy allows the ${action} action`;
  if (verdict.decidedBy === 'resource')
    return `${who} because no resource-based policy allows the ${action} action`;
  return `${who} because no identity-based policy allows the ${action} action`;
}
