import { IamError } from '@iam/contracts';
import type { Principal } from './principal';

export const AUTHORIZER = Symbol('Authorizer');

/** Decides whether a principal may perform an action on a resource; throws AccessDenied if not. */
export interface Authorizer {
  authorize(principal: Principal, action: string, resource: string): Promise<void>;
}

/** The account id of an ARN (`arn:aws:iam::123456789012:user/x`), or undefined for `*`. */
export function accountOfArn(arn: string): string | undefined {
  if (arn === '*') return undefined;
  return arn.split(':')[4];
}

/**
 * Until policies are evaluated: the root user may do everything in its own
 * account and nothing outside it; every other principal is denied.
 */
export class RootOnlyAuthorizer implements Authorizer {
  async authorize(principal: Principal, action: string, resource: string): Promise<void> {
    const resourceAccount = accountOfArn(resource);
    if (
      principal.type === 'root' &&
      (resourceAccount === undefined || resourceAccount === principal.accountId)
    ) {
      return;
    }
    throw new IamError(
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
  }
}
