import { Injectable, RequestMethod, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { declaredRoutes, type AccessNotes, type RouteAccessNames } from '@iam/platform';
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
    for (const { method, url, handler, metatype } of declaredRoutes(this.discovery, this.scanner)) {
      const notes = routeDeclarations(this.reflector, handler, metatype).recordedAs;
      if (notes) this.names.set(`${RequestMethod[method]} ${url}`, notes);
    }
  }

  notesOf(method: string, url: string): AccessNotes | undefined {
    return this.names.get(`${method} ${url}`);
  }
}
