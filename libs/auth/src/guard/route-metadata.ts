import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ROUTE_ACTION } from '@iam/platform';
import type { ContextValue } from '@iam/policy-engine';
import type { Principal } from '../principal';

export { ROUTE_ACTION } from '@iam/platform';
export const SIGNING_SERVICE = 'iam:signing-service';
export const AUTHENTICATION_ONLY = 'iam:authentication-only';

/** A user, role or managed policy as the authorization projection knows it: what its condition keys are filled from. */
export interface KnownEntity {
  kind: 'user' | 'role' | 'policy';
  tags: { key: string; value: string }[];
  /** The ARN of its permissions boundary, or null. */
  boundary: string | null;
}

/** What a resource function may read to build the ARN a request acts on. */
export interface ResourceContext {
  principal: Principal;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /**
   * The ARN, with its path, of a user, group or role of the caller's account,
   * from the authorization projection or the owning service's tables
   * (undefined for a name that exists in neither).
   */
  arnOf: (kind: 'user' | 'group' | 'role', name: string) => string | undefined;
  /** The user, role or customer managed policy with this exact ARN, if the authorization projection knows it. */
  entity: (arn: string) => KnownEntity | undefined;
  /** The ARN of the user (or root) an access key of the caller's account belongs to; undefined for any other key. */
  accessKeyOwner: (accessKeyId: string) => string | undefined;
}

/** What a condition-key function reads: the request, and the resource the guard resolved. */
export interface ConditionContext extends ResourceContext {
  resource: string;
}

/** A role the request hands to a service, authorized as `iam:PassRole` on the role. */
export interface PassedRole {
  roleArn: string;
  /** The service principal the role is passed to (`iam:PassedToService`), e.g. `ec2.amazonaws.com`. */
  service: string;
  /** The resource the role will be used on behalf of (`iam:AssociatedResourceArn`), if any. */
  associatedResourceArn?: string;
}

export interface RouteAction {
  /** IAM action, e.g. `iam:CreateUser`. */
  action: string;
  /** The resource ARN the request acts on. */
  resource: (context: ResourceContext) => string;
  /**
   * Further ARNs the same action must be allowed on, each on its own (a
   * rename's or a move's new ARN, as AWS requires permission on both the
   * source and the target object). Every one must be allowed: fail closed.
   */
  alsoOn?: (context: ResourceContext) => string[];
  /**
   * The action's own condition keys, as AWS's service authorization
   * reference lists them (`iam:PolicyARN`, `iam:PermissionsBoundary`, …).
   * `aws:ResourceTag/…` of a user, role or managed policy resource are
   * filled for every action by the guard.
   */
  conditions?: (context: ConditionContext) => Record<string, ContextValue>;
  /** Roles the request passes to a service; each needs `iam:PassRole` on it as well. */
  passesRoles?: (context: ResourceContext) => PassedRole[];
}

export type ActionOptions = Pick<RouteAction, 'alsoOn' | 'conditions' | 'passesRoles'>;

/**
 * Declares the IAM action and resource of an endpoint, and optionally the
 * further resources, condition keys and passed roles the request carries. A
 * route without it (and not @Public) is refused: authorization fails closed.
 */
export const Action = (action: string, resource: RouteAction['resource'], options: ActionOptions = {}) =>
  applyDecorators(
    SetMetadata(ROUTE_ACTION, { action, resource, ...options } satisfies RouteAction),
    OperationId(action.slice(action.indexOf(':') + 1)),
    ApiExtension('x-iam-action', action),
  );

/** @nestjs/swagger's metadata key of `@ApiOperation` (its constants are not exported). */
const API_OPERATION = 'swagger/apiOperation';

/**
 * The OpenAPI operationId of a route: its AWS action name (`CreateUser`),
 * unless its `@ApiOperation` names one itself (a route that shares its
 * action with another, as AWS checks `iam:GetUser` for reading a user's
 * permissions boundary). Merged, so the two decorators may come in any order.
 */
const OperationId =
  (operationId: string): MethodDecorator =>
  (_target, _key, descriptor) => {
    const previous = Reflect.getMetadata(API_OPERATION, descriptor.value as object) ?? {};
    Reflect.defineMetadata(API_OPERATION, { operationId, ...previous }, descriptor.value as object);
  };

/** The SigV4 credential scope's service for a controller (`iam` unless said otherwise). */
export const SigningService = (service: 'iam' | 'sts') => SetMetadata(SIGNING_SERVICE, service);

/**
 * Needs a valid signature but no permission, like sts:GetCallerIdentity:
 * any authenticated principal may ask who it is.
 */
export const AuthenticationOnly = () =>
  applyDecorators(SetMetadata(AUTHENTICATION_ONLY, true), ApiExtension('x-iam-authentication-only', true));
