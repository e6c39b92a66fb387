import type { ResourceContext } from '@iam/auth';
import { groupArn, roleArn, rootArn, userArn } from './iam-arns';

// The resource ARN each route acts on, for authorization. Paths are not
// known before the lookup, so resources are named at the root path, as a
// policy `arn:aws:iam::*:user/*` still matches; a path-scoped resource
// pattern (`user/division/*`) is a known divergence until lookups move
// into authorization.
export const IamResources = {
  account: ({ principal }: ResourceContext) => rootArn(principal.accountId),
  user:
    (param = 'userName') =>
    ({ principal, params, body }: ResourceContext) =>
      userArn(
        principal.accountId,
        typeof body.path === 'string' && param === 'body' ? body.path : '/',
        String(param === 'body' ? body.userName : params[param]),
      ),
  group:
    (param = 'groupName') =>
    ({ principal, params, body }: ResourceContext) =>
      groupArn(principal.accountId, '/', String(param === 'body' ? body.groupName : params[param])),
  role:
    (param = 'roleName') =>
    ({ principal, params, body }: ResourceContext) =>
      roleArn(principal.accountId, '/', String(param === 'body' ? body.roleName : params[param])),
  /** List actions act on the whole account's entities. */
  any: () => '*',
};
