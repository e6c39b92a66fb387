import type { Queryable } from '@iam/event-store';

export interface PolicyCounts {
  attachedManagedPolicyCount: number;
  inlinePolicyCount: number;
}

/**
 * Port owned by auth (the class is its injection token): how many managed
 * and inline policies the policy service holds for a principal, as this lib's
 * authorization projection has them in the asking service's schema. Identity
 * asks it for DeleteConflict, within its own transaction (`tx`).
 */
export abstract class PrincipalPolicyCounts {
  abstract of(tx: Queryable, kind: 'user' | 'group' | 'role', id: string): Promise<PolicyCounts>;
}

/**
 * Port owned by auth (the class is its injection token): whether a customer
 * managed policy exists, as far as the policy service's events have arrived
 * here. Identity asks it for a permissions boundary set at creation.
 */
export abstract class KnownManagedPolicies {
  abstract exists(tx: Queryable, policyArn: string): Promise<boolean>;
}
