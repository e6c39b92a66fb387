import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import { PUBLIC_ROUTE } from '@iam/platform';
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
    const { isPublic, route, service, authenticationOnly } = this.declarations(context);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
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
      };
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
}
