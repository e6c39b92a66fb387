import type { PolicySet, RequestContext } from '@iam/policy-engine';
import type { Principal } from './principal';

export const AUTHORIZER = Symbol('Authorizer');

/** Decides whether a principal may perform an action on a resource; throws AccessDenied if not. */
export interface Authorizer {
  /** `resourcePolicies`: the resource's own policies, which a cross-account request needs an allow from. */
  authorize(
    principal: Principal,
    action: string,
    resource: string,
    context?: RequestContext,
    resourcePolicies?: PolicySet,
  ): Promise<void>;
}
