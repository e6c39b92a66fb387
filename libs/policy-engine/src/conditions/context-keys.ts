import type { AuthorizationRequest, ContextValue } from '../evaluation/authorization-request';

/**
 * Context keys a condition or policy variable refers to, resolved once at
 * compile time so the hot path only does property reads. Keys the engine can
 * derive from `request.principal` are flagged so services need not copy them
 * into the context (an explicit context value always wins).
 */

export enum DerivedKey {
  None = 0,
  PrincipalArn = 1,
  PrincipalAccount = 2,
  PrincipalType = 3,
  Username = 4,
  UserId = 5,
  PrincipalTag = 6,
}

export interface ContextKeyRef {
  /** The key as the policy wrote it; tried first, since services usually use AWS's spelling. */
  readonly name: string;
  readonly lower: string;
  readonly derived: DerivedKey;
  /** For `aws:PrincipalTag/<tag>`: the tag key, lower-cased. */
  readonly tagKey?: string;
}

const PRINCIPAL_TAG_PREFIX = 'aws:principaltag/';

export function contextKeyRef(name: string): ContextKeyRef {
  const lower = name.toLowerCase();
  switch (lower) {
    case 'aws:principalarn':
      return { name, lower, derived: DerivedKey.PrincipalArn };
    case 'aws:principalaccount':
      return { name, lower, derived: DerivedKey.PrincipalAccount };
    case 'aws:principaltype':
      return { name, lower, derived: DerivedKey.PrincipalType };
    case 'aws:username':
      return { name, lower, derived: DerivedKey.Username };
    case 'aws:userid':
      return { name, lower, derived: DerivedKey.UserId };
  }
  if (lower.startsWith(PRINCIPAL_TAG_PREFIX) && lower.length > PRINCIPAL_TAG_PREFIX.length) {
    return {
      name,
      lower,
      derived: DerivedKey.PrincipalTag,
      tagKey: lower.slice(PRINCIPAL_TAG_PREFIX.length),
    };
  }
  return { name, lower, derived: DerivedKey.None };
}

/** ASCII-fast case-insensitive comparison of `candidate` against an already lower-cased key. */
export function equalsLowerCased(candidate: string, lower: string): boolean {
  if (candidate.length !== lower.length) return false;
  for (let i = 0; i < candidate.length; i++) {
    let c = candidate.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    else if (c > 127) return candidate.toLowerCase() === lower;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The value of a context key for this request, or `undefined` when the key is absent. */
export function lookupContext(request: AuthorizationRequest, ref: ContextKeyRef): ContextValue | undefined {
  const context = request.context;
  if (context !== undefined) {
    const direct = context[ref.name];
    if (direct !== undefined) return direct;
    for (const key in context) {
      if (equalsLowerCased(key, ref.lower)) {
        const value = context[key];
        if (value !== undefined) return value;
      }
    }
  }
  if (ref.derived === DerivedKey.None) return undefined;
  const principal = request.principal;
  switch (ref.derived) {
    case DerivedKey.PrincipalArn:
      // For a role session AWS reports the role's ARN, not the session's.
      return principal.type === 'AssumedRole' && principal.roleArn !== undefined
        ? principal.roleArn
        : principal.arn;
    case DerivedKey.PrincipalAccount:
      return principal.accountId;
    case DerivedKey.PrincipalType:
      return principalTypeKey(principal.type);
    case DerivedKey.Username:
      return (principal.type ?? 'User') === 'User' ? principal.username : undefined;
    case DerivedKey.UserId:
      return principal.userId;
    case DerivedKey.PrincipalTag: {
      const tags = principal.tags;
      if (tags === undefined || ref.tagKey === undefined) return undefined;
      for (const key in tags) if (equalsLowerCased(key, ref.tagKey)) return tags[key];
      return undefined;
    }
  }
  return undefined;
}

function principalTypeKey(type: AuthorizationRequest['principal']['type']): string | undefined {
  switch (type ?? 'User') {
    case 'Account':
    case 'User':
    case 'FederatedUser':
    case 'AssumedRole':
    case 'Anonymous':
      return type ?? 'User';
    default:
      return undefined;
  }
}
