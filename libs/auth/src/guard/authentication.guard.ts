import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import type { AuthenticatedRequest } from './caller.decorator';
import { RequestAuthorization } from './request-authorization';
import { routeDeclarations, type RouteDeclarations } from './route-declarations';

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
      declared = routeDeclarations(this.reflector, handler, context.getClass());
      this.routes.set(handler, declared);
    }
    return declared;
  }
}
