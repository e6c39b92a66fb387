import type { PolicyType } from '../grammar/policy-document';
import { PrincipalMatch } from '../compile/compile-principal';
import type { PlanEntry, PolicySet } from '../compile/policy-set';
import type { AuthorizationRequest } from './authorization-request';
import { combineDecision, grantsDirectly } from './combine-decision';
import { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, type Verdict } from './decision';
import { statementApplies } from './statement-applies';

/**
 * The hot path: one decision with no explanation. Mirrors `combineDecision`
 * step by step but stops at the first statement that settles each step.
 * `explain` computes every fact and calls `combineDecision`; a property test
 * keeps the two in agreement.
 *
 * `policies` holds the principal's identity policies, boundary and session
 * policies; `resourcePolicies` (optional) the resource's own policies. Either
 * may also carry resource-based policies.
 */
export function evaluate(
  request: AuthorizationRequest,
  policies: PolicySet,
  resourcePolicies?: PolicySet,
): Verdict {
  const plan = policies.plan(request.action);
  const resourcePlan = resourcePolicies === undefined ? null : resourcePolicies.plan(request.action);
  const hasBoundary = policies.hasBoundary;

  const deniedBy =
    firstDeny(plan.denies, request, hasBoundary) ??
    (resourcePlan && firstDeny(resourcePlan.denies, request, hasBoundary));
  if (deniedBy) return EXPLICIT_DENY[deniedBy];

  const principal = request.principal;
  const isRoot = principal.type === 'Account';
  const same = isSameAccount(request);
  if (isRoot && same) return ALLOW.root;

  let resourceMatch = bestResourceMatch(plan.resourceAllows, request, hasBoundary);
  if (resourcePlan !== null && resourceMatch !== PrincipalMatch.Direct) {
    const other = bestResourceMatch(resourcePlan.resourceAllows, request, hasBoundary);
    if (other > resourceMatch) resourceMatch = other;
  }

  if (same) {
    if (grantsDirectly(resourceMatch)) return ALLOW.resource;
    const identityAllows = anyApplies(plan.identityAllows, request, hasBoundary);
    if (!identityAllows && resourceMatch !== PrincipalMatch.Role) return IMPLICIT_DENY.identity;
    if (hasBoundary && !anyApplies(plan.boundaryAllows, request, hasBoundary)) return IMPLICIT_DENY.boundary;
    if (policies.hasSession && !anyApplies(plan.sessionAllows, request, hasBoundary))
      return IMPLICIT_DENY.session;
    return identityAllows ? ALLOW.identity : ALLOW.resource;
  }
  return combineDecision({
    deniedBy: null,
    isRoot,
    sameAccount: false,
    resourceMatch,
    identityAllows: anyApplies(plan.identityAllows, request, hasBoundary),
    boundaryAllows: hasBoundary ? anyApplies(plan.boundaryAllows, request, hasBoundary) : null,
    sessionAllows: policies.hasSession ? anyApplies(plan.sessionAllows, request, hasBoundary) : null,
  });
}

function firstDeny(
  entries: readonly PlanEntry[],
  request: AuthorizationRequest,
  hasBoundary: boolean,
): PolicyType | null {
  for (let i = 0; i < entries.length; i++) {
    if (statementApplies(entries[i], request, hasBoundary, null) !== PrincipalMatch.None)
      return entries[i].policyType;
  }
  return null;
}

function anyApplies(
  entries: readonly PlanEntry[],
  request: AuthorizationRequest,
  hasBoundary: boolean,
): boolean {
  for (let i = 0; i < entries.length; i++) {
    if (statementApplies(entries[i], request, hasBoundary, null) !== PrincipalMatch.None) return true;
  }
  return false;
}

function bestResourceMatch(
  entries: readonly PlanEntry[],
  request: AuthorizationRequest,
  hasBoundary: boolean,
): PrincipalMatch {
  let best = PrincipalMatch.None;
  for (let i = 0; i < entries.length && best !== PrincipalMatch.Direct; i++) {
    const m = statementApplies(entries[i], request, hasBoundary, null);
    if (m > best) best = m;
  }
  return best;
}

/**
 * Whether the resource belongs to the caller's account: `resourceAccountId`
 * if given, else the ARN's account segment (compared in place, without
 * slicing), else yes (ARNs without an account, like S3's).
 */
export function isSameAccount(request: AuthorizationRequest): boolean {
  const account = request.principal.accountId;
  if (request.resourceAccountId !== undefined) return request.resourceAccountId === account;
  const arn = request.resource;
  if (!arn.startsWith('arn:')) return true;
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return true;
    start = colon + 1;
  }
  const end = arn.indexOf(':', start);
  if (end < 0 || end === start) return true;
  return end - start === account.length && arn.startsWith(account, start);
}
