import type { AuthorizationRequest } from './authorization-request';
import { conditionHolds, type ConditionTrace } from '../compile/compile-condition';
import { resourceMatches } from '../compile/compile-policy';
import { matchPrincipal, notPrincipalExempts, PrincipalMatch } from '../compile/compile-principal';
import type { PlanEntry } from '../compile/policy-set';

/**
 * Whether a statement whose Action already matched applies to the request:
 * resource, principal (resource-based policies only) and every condition.
 * Returns how strongly the principal was named (`Direct` for statements
 * without a Principal element), or `None` when the statement does not apply.
 *
 * With a trace, every condition is evaluated so all missing keys get
 * reported; without one the first failing condition ends the check.
 */
export function statementApplies(
  entry: PlanEntry,
  request: AuthorizationRequest,
  hasBoundary: boolean,
  trace: ConditionTrace | null,
): PrincipalMatch {
  const s = entry.statement;
  if (!resourceMatches(s.resources, request)) return PrincipalMatch.None;
  let strength = PrincipalMatch.Direct;
  if (s.principal !== null) {
    strength = matchPrincipal(s.principal, request.principal);
    if (strength === PrincipalMatch.None) return strength;
  } else if (s.notPrincipal !== null) {
    // "Using it with "Effect":"Allow" is not supported" (NotPrincipal page): validation refuses it, and a
    // document that slipped through (stored earlier, built by hand) grants nothing through it.
    if (!s.deny) return PrincipalMatch.None;
    // Documented quirk: a Deny with NotPrincipal always applies to a principal that has a permissions boundary.
    const exempt = notPrincipalExempts(s.notPrincipal, request.principal) && !(s.deny && hasBoundary);
    if (exempt) return PrincipalMatch.None;
    strength = PrincipalMatch.Wildcard;
  }
  const conditions = s.conditions;
  if (trace === null) {
    for (let i = 0; i < conditions.length; i++) {
      if (!conditionHolds(conditions[i], request, null)) return PrincipalMatch.None;
    }
    return strength;
  }
  let holds = true;
  for (const condition of conditions) if (!conditionHolds(condition, request, trace)) holds = false;
  return holds ? strength : PrincipalMatch.None;
}
