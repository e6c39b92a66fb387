import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A handler of one of this process's controllers, with the method and URL Fastify matches it by. */
export interface DeclaredRoute {
  method: RequestMethod;
  /** `/v1/users/:userName`: the controller's path and the handler's, joined as Nest joins them. */
  url: string;
  controller: object;
  metatype: Type;
  /** The handler's method name on its controller. */
  name: string;
  handler: (...args: unknown[]) => unknown;
}

/**
 * Every route of the process's controllers, read from their `@Controller`
 * and `@Get`/`@Post`… metadata once the application is built: the one walk
 * that the guard's route names and the AWS-protocol door both start from.
 */
export function declaredRoutes(discovery: DiscoveryService, scanner: MetadataScanner): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype as Type | null;
    if (!controller || !metatype) continue;
    const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
    const prototype = Object.getPrototypeOf(controller) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || path === undefined) continue;
      const url = `/${[base, path].filter((p) => p && p !== '/').join('/')}`
        .replace(/\/+/g, '/')
        .replace(/(.)\/$/, '$1');
      routes.push({ method, url, controller, metatype, name, handler });
    }
  }
  return routes;
}
