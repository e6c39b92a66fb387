import type { ContextValue } from '@iam/policy-engine';
import type { ConditionContext, RouteAction } from './route-metadata';

type Conditions = NonNullable<RouteAction['conditions']>;

/**
 * The IAM condition keys of delegated administration, for a route's
 * `conditions`, filled where AWS's service authorization reference lists
 * them ("Actions, resources, and condition keys for AWS Identity and Access
 * Management"):
 *
 * - `iam:PolicyARN`: Attach/Detach{User,Group,Role}Policy, the policy
 *   attached or detached;
 * - `iam:PermissionsBoundary`, the boundary the request sets: CreateUser,
 *   CreateRole, Put{User,Role}PermissionsBoundary;
 * - `iam:PermissionsBoundary`, the boundary the user or role has now:
 *   Attach/Detach{User,Role}Policy, Put/Delete{User,Role}Policy,
 *   Delete{User,Role}PermissionsBoundary, DeleteRole, UpdateAssumeRolePolicy;
 * - `aws:TagKeys` of Untag{User,Role}, from the query.
 *
 * So "may create users only with boundary B, and change only the users that
 * have it" can be written as AWS's delegation example writes it.
 */
export const IamConditionKeys = {
  /** `iam:PolicyARN` from the (URL-decoded) path parameter. */
  policyArn:
    (param = 'policyArn'): Conditions =>
    ({ params }) =>
      only('iam:PolicyARN', params[param]),

  /** `iam:PermissionsBoundary`: the boundary ARN the request body asks for. */
  requestedBoundary:
    (field: string): Conditions =>
    ({ body }) =>
      only('iam:PermissionsBoundary', body[field]),

  /** `iam:PermissionsBoundary`: the boundary the resource (a user or role) has now; absent when none. */
  currentBoundary: (({ resource, entity }: ConditionContext) =>
    only('iam:PermissionsBoundary', entity(resource)?.boundary)) as Conditions,

  /**
   * `aws:TagKeys` of an untag request (UntagUser, UntagRole), whose keys
   * come in the query, not in a body's `tags` as the global keys read them.
   */
  untaggedKeys:
    (param = 'tagKeys'): Conditions =>
    ({ query }) => {
      const keys = requestedTagKeys(query[param]);
      const context: Record<string, ContextValue> = {};
      if (keys.length > 0) context['aws:TagKeys'] = keys;
      return context;
    },

  /** Several of the above. */
  all:
    (...conditions: Conditions[]): Conditions =>
    (context) =>
      Object.assign({}, ...conditions.map((c) => c(context))) as Record<string, ContextValue>,
};

function only(key: string, value: unknown): Record<string, ContextValue> {
  return typeof value === 'string' && value !== '' ? { [key]: value } : {};
}

/** The tag keys of an untag request: `tagKeys` comma-separated or repeated in the query. */
export function requestedTagKeys(value: unknown): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return values.filter((k): k is string => typeof k === 'string' && k !== '');
}
