import type { PolicyType } from '../grammar/policy-document';
import { PrincipalMatch } from '../compile/compile-principal';
import { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, type Verdict } from './decision';

/**
 * The AWS decision logic for one account without SCPs or RCPs, as in
 * "Policy evaluation logic" of the IAM User Guide, written once over facts
 * that the evaluator has established:
 *
 * 1. An explicit deny in any applicable policy wins.
 * 2. The root user may do anything in its own account (a resource-based deny still applies).
 * 3. Same account: a resource-based policy that names the user or the exact
 *    session (or `*`, which names every caller) is enough on its own; one
 *    that names the role stands in for an identity-based allow. Then the
 *    permissions boundary and the session policies, when present, must each
 *    allow too.
 * 4. Cross account: the identity side (identity ∩ boundary ∩ session) and
 *    a resource-based policy of the resource's account must both allow.
 * 5. Anything else is an implicit deny.
 */
export interface DecisionFacts {
  readonly deniedBy: PolicyType | null;
  readonly isRoot: boolean;
  readonly sameAccount: boolean;
  readonly resourceMatch: PrincipalMatch;
  readonly identityAllows: boolean;
  /** `null` when the principal has no boundary / no session policy. */
  readonly boundaryAllows: boolean | null;
  readonly sessionAllows: boolean | null;
}

export function combineDecision(f: DecisionFacts): Verdict {
  if (f.deniedBy !== null) return EXPLICIT_DENY[f.deniedBy];
  if (f.isRoot && f.sameAccount) return ALLOW.root;
  if (f.sameAccount) {
    if (grantsDirectly(f.resourceMatch)) return ALLOW.resource;
    if (!f.identityAllows && f.resourceMatch !== PrincipalMatch.Role) return IMPLICIT_DENY.identity;
    if (f.boundaryAllows === false) return IMPLICIT_DENY.boundary;
    if (f.sessionAllows === false) return IMPLICIT_DENY.session;
    return f.identityAllows ? ALLOW.identity : ALLOW.resource;
  }
  if (!f.identityAllows && !f.isRoot) return IMPLICIT_DENY.identity;
  if (f.boundaryAllows === false) return IMPLICIT_DENY.boundary;
  if (f.sessionAllows === false) return IMPLICIT_DENY.session;
  if (f.resourceMatch === PrincipalMatch.None) return IMPLICIT_DENY.resource;
  return ALLOW.resource;
}

/**
 * Same account, a resource-based allow that reaches the caller itself is not
 * limited by identity policies, the boundary or session policies: the user
 * ARN, the exact session ARN, or `*` (with or without an `aws:PrincipalArn`
 * condition narrowing it to the caller), which names every caller including
 * that user or session.
 */
export function grantsDirectly(match: PrincipalMatch): boolean {
  return match === PrincipalMatch.Direct || match === PrincipalMatch.Wildcard;
}
