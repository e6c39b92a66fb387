import { Injectable, RequestMethod, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AccessNotes, RouteAccessNames } from '@iam/platform';
import { routeDeclarations } from './route-declarations';

/**
 * Every route's access-record name, by `METHOD /url` as Fastify matches it,
 * read from the controllers at start as the guard reads them: the capture
 * names a call refused before its guard ran (a malformed body, a content
 * type the route does not take) by the operation its route is.
 */
@Injectable()
export class DeclaredRouteNames implements RouteAccessNames, OnApplicationBootstrap {
  private readonly names = new Map<string, AccessNotes>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getControllers()) {
      const { instance } = wrapper;
      const metatype = wrapper.metatype as Type | null;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: never[]) => unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (method === undefined || path === undefined) continue;
        const notes = routeDeclarations(this.reflector, handler, metatype).recordedAs;
        if (!notes) continue;
        const url = `/${[base, path].filter((p) => p && p !== '/').join('/')}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1');
        this.names.set(`${RequestMethod[method]} ${url}`, notes);
      }
    }
  }

  notesOf(method: string, url: string): AccessNotes | undefined {
    return this.names.get(`${method} ${url}`);
  }
}
