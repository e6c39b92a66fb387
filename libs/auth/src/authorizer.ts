import type { RequestContext } from '@iam/policy-engine';
import type { Principal } from './principal';

export const AUTHORIZER = Symbol('Authorizer');

/** Decides whether a principal may perform an action on a resource; throws AccessDenied if not. */
export interface Authorizer {
  authorize(principal: Principal, action: string, resource: string, context?: RequestContext): Promise<void>;
}
