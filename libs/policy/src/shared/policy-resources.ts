import type { ResourceContext } from '@iam/auth';
import { customerPolicyArn, principalArn, type PrincipalKind } from './policy-names';

// The resource ARN each route acts on, for authorization. Principals are
// named at the root path (paths are not known before the lookup), as
// identity's routes do; a policy route acts on the policy ARN the caller
// addressed, so another account's ARN is decided by the authorizer first.
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
    ({ principal, params }: ResourceContext) =>
      principalArn(kind, principal.accountId, '/', String(params[`${kind}Name`])),
  /** List actions act on the whole account's entities. */
  any: () => '*',
};
