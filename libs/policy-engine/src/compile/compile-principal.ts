import type { PrincipalBlock } from '../grammar/policy-document';
import type { RequestPrincipal } from '../evaluation/authorization-request';

/**
 * Principal / NotPrincipal compiled to set lookups, and the strength of a
 * match, which decides how far a same-account resource-based allow reaches
 * ("Policy evaluation logic" and "Permissions boundaries for IAM entities"):
 *  - `Direct`: the user ARN or the exact session ARN was named; the grant is
 *    not limited by identity policies, boundaries or session policies.
 *  - `Role`: the role ARN was named for one of its sessions; the grant stands
 *    in for an identity-based allow but boundaries and session policies still
 *    limit it.
 *  - `Wildcard`: `"*"`, which names every caller, the user or the exact
 *    session included; within the account it is treated like `Direct`.
 *  - `Account`: the account was named; that delegates to the account, whose
 *    identity policies must then allow.
 */

export enum PrincipalMatch {
  None = 0,
  Account = 1,
  Wildcard = 2,
  Role = 3,
  Direct = 4,
}

export interface CompiledPrincipal {
  readonly any: boolean;
  readonly arns: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  /** Service names, lower-cased (`ec2.amazonaws.com`). */
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  if (block === '*')
    return {
      any: true,
      arns: new Set(),
      accounts: new Set(),
      services: new Set(),
      federated: new Set(),
      canonicalUsers: new Set(),
    };
  const arns = new Set<string>();
  const accounts = new Set<string>();
  let any = false;
  for (const value of block.AWS ?? []) {
    if (value === '*') any = true;
    else if (/^\d{12}$/.test(value)) accounts.add(value);
    else {
      const root = ROOT_ARN.exec(value);
      if (root) accounts.add(root[1]);
      else arns.add(value);
    }
  }
  return {
    any,
    arns,
    accounts,
    services: new Set((block.Service ?? []).map((s) => s.toLowerCase())),
    federated: new Set(block.Federated ?? []),
    canonicalUsers: new Set(block.CanonicalUser ?? []),
  };
}

/** How strongly `principal` is named by a Principal element. */
export function matchPrincipal(compiled: CompiledPrincipal, principal: RequestPrincipal): PrincipalMatch {
  const type = principal.type ?? 'User';
  switch (type) {
    case 'Service':
      return compiled.services.has(principal.arn.toLowerCase())
        ? PrincipalMatch.Direct
        : compiled.any
          ? PrincipalMatch.Wildcard
          : PrincipalMatch.None;
    case 'WebIdentity':
    case 'SAML':
      return compiled.federated.has(principal.arn)
        ? PrincipalMatch.Direct
        : compiled.any
          ? PrincipalMatch.Wildcard
          : PrincipalMatch.None;
    case 'Anonymous':
      return compiled.any ? PrincipalMatch.Wildcard : PrincipalMatch.None;
  }
  if (compiled.arns.has(principal.arn)) return PrincipalMatch.Direct;
  if (type === 'AssumedRole' && principal.roleArn !== undefined && compiled.arns.has(principal.roleArn))
    return PrincipalMatch.Role;
  if (compiled.any) return PrincipalMatch.Wildcard;
  if (compiled.accounts.has(principal.accountId))
    return type === 'Account' ? PrincipalMatch.Direct : PrincipalMatch.Account;
  return PrincipalMatch.None;
}

/**
 * Whether NotPrincipal exempts the caller. AWS checks every identity of the
 * caller (its account, its role, its session), so each of them must be
 * listed for the exemption to hold — as the NotPrincipal page warns.
 */
export function notPrincipalExempts(compiled: CompiledPrincipal, principal: RequestPrincipal): boolean {
  if (compiled.any) return true;
  const type = principal.type ?? 'User';
  switch (type) {
    case 'Service':
      return compiled.services.has(principal.arn.toLowerCase());
    case 'WebIdentity':
    case 'SAML':
      return compiled.federated.has(principal.arn);
    case 'Anonymous':
      return false;
    case 'Account':
      return compiled.accounts.has(principal.accountId);
    case 'AssumedRole':
      return (
        compiled.accounts.has(principal.accountId) &&
        compiled.arns.has(principal.arn) &&
        (principal.roleArn === undefined || compiled.arns.has(principal.roleArn))
      );
    default:
      return compiled.accounts.has(principal.accountId) && compiled.arns.has(principal.arn);
  }
}
