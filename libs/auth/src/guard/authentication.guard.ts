import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import {
  eventSourceOf,
  PUBLIC_ROUTE,
  RECORDED_AS,
  type AccessNotes,
  type RecordedAsOptions,
} from '@iam/platform';
import type { AuthenticatedRequest } from './caller.decorator';
import { RequestAuthorization } from './request-authorization';
import { AUTHENTICATION_ONLY, ROUTE_ACTION, SIGNING_SERVICE, type RouteAction } from './route-metadata';

/**
 * Runs before every route of every service: authenticates the SigV4
 * signature, then authorizes the route's declared action and resource
 * (RequestAuthorization, which the AWS-protocol door calls as well).
 * A route that declares neither @Public nor @Action is refused.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** Each handler's declarations, read once (the reflector walks metadata on every call). */
  private readonly routes = new WeakMap<object, RouteDeclarations>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authorization: RequestAuthorization,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, route, service, authenticationOnly, recordedAs } = this.declarations(context);
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    // What the call's access record is named (the capture hook reads it when the answer goes out).
    if (recordedAs) request.access = { ...recordedAs };
    if (isPublic) return true;
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    const principal = await this.authorization.authenticate(request, service, body);
    if (authenticationOnly) return true;
    if (!route) {
      throw new IamError(
        'AccessDenied',
        `No action is declared for ${request.method} ${request.routeOptions.url}; denied.`,
      );
    }
    await this.authorization.authorize(request, route, principal, {
      params: (request.params ?? {}) as Record<string, string>,
      query: (request.query ?? {}) as Record<string, unknown>,
      body,
    });
    return true;
  }

  private declarations(context: ExecutionContext): RouteDeclarations {
    const handler = context.getHandler();
    let declared = this.routes.get(handler);
    if (!declared) {
      const targets = [handler, context.getClass()];
      declared = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        route: this.reflector.getAllAndOverride<RouteAction | undefined>(ROUTE_ACTION, targets),
        service:
          this.reflector.getAllAndOverride<'iam' | 'sts' | undefined>(SIGNING_SERVICE, targets) ?? 'iam',
        authenticationOnly: this.reflector.getAllAndOverride<boolean>(AUTHENTICATION_ONLY, targets) ?? false,
        recordedAs: undefined,
      };
      declared.recordedAs = recordedAs(
        this.reflector.getAllAndOverride<({ eventName: string } & RecordedAsOptions) | undefined>(
          RECORDED_AS,
          targets,
        ),
        declared,
        handler.name,
      );
      this.routes.set(handler, declared);
    }
    return declared;
  }
}

interface RouteDeclarations {
  isPublic: boolean;
  route: RouteAction | undefined;
  service: 'iam' | 'sts';
  authenticationOnly: boolean;
  /** How its calls are named in access records; none for the public routes that are no API (health, docs, the Query door, which names its own). */
  recordedAs: AccessNotes | undefined;
}

/**
 * A route's access-record name: as `@RecordedAs` says, else its `@Action`'s
 * (`iam:CreateUser` → CreateUser at iam.amazonaws.com), else, for an
 * authentication-only route, its handler's (`getCallerIdentity` →
 * GetCallerIdentity) at its signing service.
 */
function recordedAs(
  declared: ({ eventName: string } & RecordedAsOptions) | undefined,
  route: Omit<RouteDeclarations, 'recordedAs'>,
  handlerName: string,
): AccessNotes | undefined {
  if (declared) {
    const { eventSource, ...rest } = declared;
    return { ...rest, eventSource: eventSource ?? eventSourceOf(route.service) };
  }
  if (route.isPublic) return undefined;
  if (route.route) {
    const [prefix, name] = route.route.action.split(':');
    return { eventName: name ?? prefix, eventSource: eventSourceOf(prefix) };
  }
  return {
    eventName: handlerName.charAt(0).toUpperCase() + handlerName.slice(1),
    eventSource: eventSourceOf(route.service),
  };
}
