import type { ResourceContext } from '@iam/auth';
import { customerPolicyArn, principalArn, type PrincipalKind } from './policy-names';

// The resource ARN each route acts on, for authorization. Principals are
// named with their path from the authorization projection, or from this
// service's principals projection while that does not know them yet (the
// guard's EntityArns), as identity's routes do; a policy route acts on the
// policy ARN the caller addressed, so another account's ARN is decided by
// the authorizer first.
export const PolicyResources = {
  /** CreatePolicy: the ARN the new policy will have. */
  newPolicy: ({ principal, body }: ResourceContext) =>
    customerPolicyArn(
      principal.accountId,
      typeof body.path === 'string' ? body.path : '/',
      String(body.policyName),
    ),
  /** The URL-decoded `policyArn` path parameter. */
  policy: ({ params }: ResourceContext) => String(params.policyArn),
  principal:
    (kind: PrincipalKind) =>
    ({ principal, params, arnOf }: ResourceContext) => {
      const name = String(params[`${kind}Name`]);
      return arnOf(kind, name) ?? principalArn(kind, principal.accountId, '/', name);
    },
  /** List actions act on the whole account's entities. */
  any: () => '*',
};
