import { SetMetadata } from '@nestjs/common';
import type { Principal } from '../principal';

export const ROUTE_ACTION = 'iam:route-action';
export const SIGNING_SERVICE = 'iam:signing-service';
export const AUTHENTICATION_ONLY = 'iam:authentication-only';

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
}

export interface RouteAction {
  /** IAM action, e.g. `iam:CreateUser`. */
  action: string;
  /** The resource ARN the request acts on. */
  resource: (context: ResourceContext) => string;
}

/**
 * Declares the IAM action and resource of an endpoint. A route without it
 * (and not @Public) is refused: authorization fails closed.
 */
export const Action = (action: string, resource: RouteAction['resource']) =>
  SetMetadata(ROUTE_ACTION, { action, resource } satisfies RouteAction);

/** The SigV4 credential scope's service for a controller (`iam` unless said otherwise). */
export const SigningService = (service: 'iam' | 'sts') => SetMetadata(SIGNING_SERVICE, service);

/**
 * Needs a valid signature but no permission, like sts:GetCallerIdentity:
 * any authenticated principal may ask who it is.
 */
export const AuthenticationOnly = () => SetMetadata(AUTHENTICATION_ONLY, true);
