import { IamError, isAwsManagedPolicyArn } from '@iam/contracts';
import {
  compilePolicySet,
  evaluate,
  explain,
  type AuthorizationRequest,
  type PolicySet,
  type RequestContext,
  type RequestPrincipal,
  type Verdict,
} from '@iam/policy-engine';
import type { Authorizer } from '../authorizer';
import type { Principal } from '../principal';
import type { AuthorizationCache, EffectivePolicies } from './authorization-cache';
import type { AuthorizationMessages } from './authorization-messages';
import { ROOT_BASE, SessionPolicySets, type SessionBase } from './session-policy-sets';

/**
 * Decides every request of every service with the policy engine, from the
 * in-memory authorization projection: the user's inline and attached
 * policies plus its groups', within its permissions boundary. The root user
 * may do anything in its own account and nothing outside it.
 *
 * Temporary credentials: a role session is decided with the role's
 * policies and boundary, a federated user with its issuing user's, both
 * capped by the session policies; principal tags are the role's overridden
 * by the session's. A GetSessionToken session is its user (or root).
 *
 * A denial carries the engine's explanation as an encoded authorization
 * message (sealed; sts's DecodeAuthorizationMessage opens it). It is
 * explained only once denied: the allowed path stays `evaluate` alone.
 */
export class PolicyAuthorizer implements Authorizer {
  private readonly sessionSets: SessionPolicySets;

  constructor(
    private readonly cache: AuthorizationCache,
    private readonly messages?: AuthorizationMessages,
    /** Each request decision's outcome (the decisions metric). */
    private readonly onDecision?: (outcome: 'allow' | 'deny') => void,
  ) {
    this.sessionSets = new SessionPolicySets((arn) => cache.document(arn));
  }

  async authorize(
    principal: Principal,
    action: string,
    resource: string,
    context: RequestContext = {},
    resourcePolicies?: PolicySet,
  ): Promise<void> {
    const resetRequired = principal.session?.passwordResetRequired === true;
    if (resetRequired && !allowedWhileResetRequired(principal, action, resource)) {
      this.onDecision?.('deny');
      throw new IamError(
        'AccessDenied',
        `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} because the user must change their password first (only iam:ChangePassword, iam:GetUser of themselves and iam:GetAccountPasswordPolicy are allowed until then)`,
      );
    }
    const { request, set } = this.request(principal, action, resource, context);
    const verdict = evaluate(request, set, resourcePolicies);
    this.onDecision?.(verdict.allowed ? 'allow' : 'deny');
    if (verdict.allowed) return;
    // The reset itself grants what it requires (as AWS's console does); an explicit deny still holds.
    if (resetRequired && verdict.decision !== 'ExplicitDeny') return;
    const error = new IamError('AccessDenied', denialMessage(principal, action, resource, verdict));
    if (this.messages) {
      error.encodedAuthorizationMessage = this.messages.fromExplanation(
        principal,
        explain(request, set, resourcePolicies),
        context,
      );
    }
    throw error;
  }

  decide(principal: Principal, action: string, resource: string, context: RequestContext): Verdict {
    const { request, set } = this.request(principal, action, resource, context);
    return evaluate(request, set);
  }

  private request(
    principal: Principal,
    action: string,
    resource: string,
    context: RequestContext,
  ): { request: AuthorizationRequest; set: PolicySet } {
    const subject = this.subject(principal);
    return {
      request: {
        principal: subject.principal,
        action,
        resource,
        resourceAccountId: subject.known ? resourceAccountOf(principal, action, resource) : undefined,
        context,
      },
      set: subject.set,
    };
  }

  /**
   * The caller as the engine sees it, with its policy set. `known: false`
   * (an unknown principal or role, a boundary not known here yet) decides
   * with no policies: denied.
   */
  subject(principal: Principal): { principal: RequestPrincipal; set: PolicySet; known: boolean } {
    const session = principal.session;
    if (principal.type === 'root') {
      return {
        principal: { arn: principal.arn, accountId: principal.accountId, type: 'Account' },
        set: EMPTY,
        known: true,
      };
    }
    if (principal.type === 'user') {
      const effective = this.cache.effective('user', principal.userId);
      if (!effective || effective.boundaryMissing) return unknown(principal, 'User');
      return {
        principal: {
          arn: principal.arn,
          accountId: principal.accountId,
          type: 'User',
          userId: principal.userId,
          username: principal.userName,
          tags: tagsOf(effective.record.tags),
        },
        set: effective.set,
        known: true,
      };
    }
    if (principal.type === 'assumed-role' && session?.roleId) {
      const effective = this.cache.effective('role', session.roleId);
      if (!effective || effective.boundaryMissing) return unknown(principal, 'AssumedRole');
      return {
        principal: {
          arn: principal.arn,
          accountId: principal.accountId,
          type: 'AssumedRole',
          roleArn: session.roleArn,
          userId: principal.userId,
          tags: { ...tagsOf(effective.record.tags), ...session.tags },
        },
        set: this.sessionSets.of(principal.accessKeyId, session, baseOf(effective), false, Date.now()),
        known: true,
      };
    }
    if (principal.type === 'federated-user' && session?.issuedToUserId) {
      const base = this.federatedBase(principal, session.issuedToUserId);
      if (!base) return unknown(principal, 'FederatedUser');
      return {
        principal: {
          arn: principal.arn,
          accountId: principal.accountId,
          type: 'FederatedUser',
          userId: principal.userId,
          tags: session.tags,
        },
        set: this.sessionSets.of(principal.accessKeyId, session, base, true, Date.now()),
        known: true,
      };
    }
    return unknown(principal, 'User');
  }

  /** A federated user has its issuing user's permissions (root's, if root issued it). */
  private federatedBase(principal: Principal, issuedToUserId: string): SessionBase | undefined {
    if (issuedToUserId === principal.accountId) return ROOT_BASE;
    const effective = this.cache.effective('user', issuedToUserId);
    return effective && !effective.boundaryMissing ? baseOf(effective) : undefined;
  }
}

function baseOf(effective: EffectivePolicies): SessionBase {
  return { version: effective, input: effective.input, set: effective.set };
}

function unknown(
  principal: Principal,
  type: RequestPrincipal['type'],
): { principal: RequestPrincipal; set: PolicySet; known: boolean } {
  return {
    principal: { arn: principal.arn, accountId: principal.accountId, type },
    set: EMPTY,
    known: false,
  };
}

function tagsOf(tags: readonly { key: string; value: string }[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags) result[tag.key] = tag.value;
  return result;
}

/**
 * What a sign-in session whose password must be changed may do, as the AWS
 * console allows then: change the password, and read the rules it must meet.
 * Still subject to the user's policies. Lower case: actions match so.
 */
/**
 * What a sign-in session of a user who must change their password may do,
 * whatever the user's policies say (unless one denies it explicitly):
 * change its own password, read its own user and the password policy the
 * new password must meet. Everything else is denied until the password is changed.
 */
function allowedWhileResetRequired(principal: Principal, action: string, resource: string): boolean {
  switch (action.toLowerCase()) {
    case 'iam:getaccountpasswordpolicy':
      return true;
    case 'iam:changepassword':
    case 'iam:getuser':
      return resource === principal.arn;
    default:
      return false;
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
