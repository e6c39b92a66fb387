import { Injectable } from '@nestjs/common';
import { AuthorizationCache, PolicyAuthorizer, type Principal } from '@iam/auth';
import { IamError } from '@iam/contracts';
import {
  compilePolicySet,
  evaluate,
  explain,
  InvalidPolicyError,
  type AuthorizationRequest,
  type PolicySet,
  type RequestContext,
  type RequestPrincipal,
} from '@iam/policy-engine';
import type { StsRole } from '../roles/roles.queries';

/** Compiled trust policies kept (by document text; a changed policy is a new entry). */
const TRUST_SETS_KEPT = 5_000;
const NO_POLICIES = compilePolicySet({ identity: [] });

/**
 * Whether a caller may assume a role (or tag its session, or set its source
 * identity), decided as AWS decides it:
 *
 * 1. The role's trust policy (a resource-based policy) must allow the caller
 *    itself; an identity policy cannot stand in for it, even in the role's
 *    own account.
 * 2. Then the engine's usual rule on both together: in the role's account a
 *    trust policy naming the caller (its ARN, or `*`) is enough, one naming
 *    the account needs the caller's identity policies too; from another
 *    account the caller's identity side (policies ∩ boundary ∩ session
 *    policies) must allow the action on the role's ARN as well.
 *
 * Done here, not in the guard: the guard decides identity policies in the
 * caller's account, which is the wrong rule for a resource-based policy.
 */
@Injectable()
export class RoleTrust {
  private readonly authorizer: PolicyAuthorizer;
  private readonly trustSets = new Map<string, PolicySet>();

  constructor(cache: AuthorizationCache) {
    this.authorizer = new PolicyAuthorizer(cache);
  }

  /** AccessDenied, with AWS's words, unless `action` on the role is allowed to the caller. */
  require(caller: Principal, action: string, role: StsRole, context: RequestContext): void {
    if (!this.allows(caller, action, role, context)) throw notAuthorized(caller, action, role.arn);
  }

  allows(caller: Principal, action: string, role: StsRole, context: RequestContext): boolean {
    const subject = this.authorizer.subject(caller);
    const trust = this.trustSet(role.trustPolicy);
    // A trust policy that no longer compiles trusts no one.
    if (!trust) return false;
    const request: AuthorizationRequest = {
      principal: subject.principal,
      action,
      resource: role.arn,
      resourceAccountId: role.accountId,
      context,
    };
    const byTrust = explain(request, NO_POLICIES, trust);
    const trusted =
      byTrust.decision !== 'ExplicitDeny' &&
      byTrust.matchedStatements.some((s) => s.policyType === 'resource' && s.effect === 'Allow');
    return trusted && evaluate(request, subject.set, trust).allowed;
  }

  /**
   * A federated caller (a SAML or OIDC provider, `Principal: {Federated}`)
   * has no identity policies: the role's trust policy alone decides, and
   * the provider must be of the role's account.
   */
  allowsFederated(
    principal: RequestPrincipal,
    action: string,
    role: StsRole,
    context: RequestContext,
  ): boolean {
    const trust = this.trustSet(role.trustPolicy);
    if (!trust) return false;
    return evaluate(
      { principal, action, resource: role.arn, resourceAccountId: role.accountId, context },
      NO_POLICIES,
      trust,
    ).allowed;
  }

  private trustSet(document: string): PolicySet | undefined {
    let set = this.trustSets.get(document);
    if (!set) {
      try {
        set = compilePolicySet({ resource: [{ id: 'trust-policy', document }] });
      } catch (error) {
        if (error instanceof InvalidPolicyError) return undefined;
        throw error;
      }
      if (this.trustSets.size >= TRUST_SETS_KEPT)
        this.trustSets.delete(this.trustSets.keys().next().value as string);
      this.trustSets.set(document, set);
    }
    return set;
  }
}

/** AWS's answer for a role that does not trust the caller, and for one that does not exist (it says nothing more). */
export function notAuthorized(caller: Principal, action: string, roleArn: string): IamError {
  return new IamError(
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${roleArn}`,
  );
}
