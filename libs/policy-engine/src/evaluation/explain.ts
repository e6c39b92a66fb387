import type { Effect, PolicyType } from '../grammar/policy-document';
import { PrincipalMatch } from '../compile/compile-principal';
import type { ActionPlan, PlanEntry, PolicySet } from '../compile/policy-set';
import type { AuthorizationRequest } from './authorization-request';
import { combineDecision } from './combine-decision';
import type { Verdict } from './decision';
import { isSameAccount } from './evaluate';
import { statementApplies } from './statement-applies';

/**
 * A decision with its reasons: every statement that applied, the context
 * keys conditions asked for and did not get, and a sentence saying which
 * policy type settled it. Slower than `evaluate` (it evaluates everything);
 * meant for simulate/explain endpoints, audit and 403 diagnostics.
 */

export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly effect: Effect;
  readonly sid?: string;
  readonly index: number;
  /** `policyId#Sid`, or `policyId#Statement[i]` when the statement has no Sid. */
  readonly label: string;
}

export interface Explanation extends Verdict {
  readonly action: string;
  readonly resource: string;
  readonly sameAccount: boolean;
  readonly matchedStatements: readonly MatchedStatement[];
  readonly missingContextKeys: readonly string[];
  readonly summary: string;
}

export function explain(
  request: AuthorizationRequest,
  policies: PolicySet,
  resourcePolicies?: PolicySet,
): Explanation {
  const plans: ActionPlan[] = [policies.plan(request.action)];
  if (resourcePolicies !== undefined) plans.push(resourcePolicies.plan(request.action));
  const hasBoundary = policies.hasBoundary;
  const matched: MatchedStatement[] = [];
  const missing = new Map<string, string>();
  const trace = {
    missingKey(key: string) {
      const lower = key.toLowerCase();
      if (!missing.has(lower)) missing.set(lower, key);
    },
  };
  let deniedBy: PolicyType | null = null;
  let identityAllows = false;
  let boundaryAllows = false;
  let sessionAllows = false;
  let resourceMatch = PrincipalMatch.None;
  for (const plan of plans) {
    // Every relevant statement once, in document order, so explanations read like the policies.
    for (const entry of plan.inOrder) {
      const m = statementApplies(entry, request, hasBoundary, trace);
      if (m === PrincipalMatch.None) continue;
      matched.push(describe(entry));
      if (entry.statement.deny) deniedBy ??= entry.policyType;
      else if (entry.policyType === 'identity') identityAllows = true;
      else if (entry.policyType === 'boundary') boundaryAllows = true;
      else if (entry.policyType === 'session') sessionAllows = true;
      else if (m > resourceMatch) resourceMatch = m;
    }
  }
  const sameAccount = isSameAccount(request);

  const verdict = combineDecision({
    deniedBy,
    isRoot: request.principal.type === 'Account',
    sameAccount,
    resourceMatch,
    identityAllows,
    boundaryAllows: hasBoundary ? boundaryAllows : null,
    sessionAllows: policies.hasSession ? sessionAllows : null,
  });
  return {
    ...verdict,
    action: request.action,
    resource: request.resource,
    sameAccount,
    matchedStatements: matched,
    missingContextKeys: [...missing.values()],
    summary: summarize(verdict, request, matched, sameAccount),
  };
}

function describe(entry: PlanEntry): MatchedStatement {
  const s = entry.statement;
  return {
    policyId: entry.policyId,
    policyType: entry.policyType,
    effect: s.deny ? 'Deny' : 'Allow',
    sid: s.sid,
    index: s.index,
    label: `${entry.policyId}#${s.sid ? s.sid : `Statement[${s.index}]`}`,
  };
}

const TYPE_NAMES: Readonly<Record<PolicyType, string>> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

function summarize(
  verdict: Verdict,
  request: AuthorizationRequest,
  matched: readonly MatchedStatement[],
  sameAccount: boolean,
): string {
  const what = `${request.action} on ${request.resource}`;
  const by = (type: PolicyType, effect: Effect) =>
    matched
      .filter((m) => m.policyType === type && m.effect === effect)
      .map((m) => m.label)
      .join(', ');
  switch (verdict.decision) {
    case 'ExplicitDeny': {
      const type = verdict.decidedBy as PolicyType;
      return `${what} is explicitly denied by the ${TYPE_NAMES[type]} (${by(type, 'Deny')}).`;
    }
    case 'Allow':
      if (verdict.decidedBy === 'root')
        return `${what} is allowed: the caller is the root user of the resource's account.`;
      return `${what} is allowed by the ${TYPE_NAMES[verdict.decidedBy]} (${by(verdict.decidedBy, 'Allow')})${sameAccount ? '' : ' and the resource owner allows the cross-account request'}.`;
    case 'ImplicitDeny':
      switch (verdict.decidedBy) {
        case 'boundary':
          return `${what} is implicitly denied: the permissions boundary does not allow it.`;
        case 'session':
          return `${what} is implicitly denied: the session policies do not allow it.`;
        case 'resource':
          return `${what} is implicitly denied: it crosses accounts and no resource-based policy of the resource's account allows it.`;
        default:
          return `${what} is implicitly denied: no identity-based or resource-based policy allows it.`;
      }
  }
}
