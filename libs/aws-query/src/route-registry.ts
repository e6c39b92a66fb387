import {
  Injectable,
  RequestMethod,
  type OnApplicationBootstrap,
  type PipeTransform,
  type Type,
} from '@nestjs/common';
import { CUSTOM_ROUTE_ARGS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { CustomParamFactory } from '@nestjs/common/interfaces';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AUTHENTICATION_ONLY, ROUTE_ACTION, type RouteAction } from '@iam/auth';
import { declaredRoutes, parameterNames, PUBLIC_ROUTE, type DeclaredRoute } from '@iam/platform';

/** One argument of a route's handler, as its parameter decorator declared it. */
export type RouteArgument =
  | { kind: 'body' | 'query' | 'param'; data?: string; metatype: unknown; pipes: PipeTransform[] }
  | { kind: 'request' | 'reply' | 'ip' }
  | { kind: 'custom'; factory: CustomParamFactory; data: unknown };

/**
 * How the guard admits a route: authorized as its declared action, on a
 * valid signature alone (as AssumeRole and GetCallerIdentity), or unsigned
 * (as AssumeRoleWithWebIdentity, whose token is its credential).
 */
export type RouteAccess =
  { kind: 'action'; declaration: RouteAction } | { kind: 'authentication-only' } | { kind: 'public' };

/** A JSON route of this process: how the guard admits it, its handler and how to call it. */
export interface RouteHandle {
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pathParameters: string[];
  access: RouteAccess;
  controller: object;
  handler: (...args: unknown[]) => unknown;
  args: RouteArgument[];
}

const METHODS: Partial<Record<RequestMethod, RouteHandle['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

const BUILT_IN: Partial<Record<RouteParamtypes, 'body' | 'query' | 'param' | 'request' | 'reply' | 'ip'>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.REQUEST]: 'request',
  [RouteParamtypes.RESPONSE]: 'reply',
  [RouteParamtypes.IP]: 'ip',
};

/**
 * The JSON routes of this process that declare an action (or authentication
 * only), found at start
 * from the controllers' own metadata (`@Post`, `@Action`, the parameter
 * decorators), by `METHOD /path`: what the AWS-protocol door runs, so a
 * route's authorization, validation and dispatch are written once.
 */
@Injectable()
export class RouteRegistry implements OnApplicationBootstrap {
  private readonly routes = new Map<string, RouteHandle>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const declared of declaredRoutes(this.discovery, this.scanner)) {
      const route = this.handle(declared);
      if (route) this.routes.set(route.key, route);
    }
  }

  find(key: string): RouteHandle | undefined {
    return this.routes.get(key);
  }

  private handle({
    method: declared,
    url,
    controller,
    metatype,
    name,
    handler,
  }: DeclaredRoute): RouteHandle | undefined {
    const method = METHODS[declared];
    const access = this.access(handler, metatype);
    if (!method || !access) return undefined;
    return {
      key: `${method} ${url}`,
      method,
      pathParameters: parameterNames(url),
      access,
      controller,
      handler,
      args: this.args(metatype, name),
    };
  }

  /** As the guard reads the declarations: public first, then authentication only, then an action. */
  private access(handler: object, metatype: Type): RouteAccess | undefined {
    const targets = [handler as () => unknown, metatype];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets))
      return { kind: 'public' };
    if (this.reflector.getAllAndOverride<boolean | undefined>(AUTHENTICATION_ONLY, targets))
      return { kind: 'authentication-only' };
    const declaration = this.reflector.getAllAndOverride<RouteAction | undefined>(ROUTE_ACTION, targets);
    return declaration && { kind: 'action', declaration };
  }

  private args(metatype: Type, name: string): RouteArgument[] {
    const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<
      string,
      { index: number; data?: unknown; pipes?: PipeTransform[]; factory?: CustomParamFactory }
    >;
    const types = (Reflect.getMetadata('design:paramtypes', metatype.prototype as object, name) ??
      []) as unknown[];
    const args: RouteArgument[] = [];
    for (const [key, arg] of Object.entries(declared)) {
      if (key.includes(CUSTOM_ROUTE_ARGS_METADATA) && arg.factory) {
        args[arg.index] = { kind: 'custom', factory: arg.factory, data: arg.data };
        continue;
      }
      const kind = BUILT_IN[Number(key.split(':')[0]) as RouteParamtypes];
      if (kind === undefined)
        throw new Error(`Route ${name}: parameter ${key} cannot be served by the AWS-protocol door.`);
      args[arg.index] =
        kind === 'body' || kind === 'query' || kind === 'param'
          ? { kind, data: arg.data as string | undefined, metatype: types[arg.index], pipes: arg.pipes ?? [] }
          : { kind };
    }
    return args;
  }
}
