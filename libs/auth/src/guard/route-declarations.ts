import type { Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import {
  eventSourceOf,
  PUBLIC_ROUTE,
  RECORDED_AS,
  type AccessNotes,
  type RecordedAsOptions,
} from '@iam/platform';
import { AUTHENTICATION_ONLY, ROUTE_ACTION, SIGNING_SERVICE, type RouteAction } from './route-metadata';

/** What a route declares (read once per handler by the guard, and by RouteAccessNames at start). */
export function routeDeclarations(
  reflector: Reflector,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's handler type
  handler: Function,
  controller: Type,
): RouteDeclarations {
  const targets = [handler, controller];
  const declared: RouteDeclarations = {
    isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
    route: reflector.getAllAndOverride<RouteAction | undefined>(ROUTE_ACTION, targets),
    service: reflector.getAllAndOverride<'iam' | 'sts' | undefined>(SIGNING_SERVICE, targets) ?? 'iam',
    authenticationOnly: reflector.getAllAndOverride<boolean>(AUTHENTICATION_ONLY, targets) ?? false,
    recordedAs: undefined,
  };
  declared.recordedAs = recordedAs(
    reflector.getAllAndOverride<({ eventName: string } & RecordedAsOptions) | undefined>(
      RECORDED_AS,
      targets,
    ),
    declared,
    handler.name,
  );
  return declared;
}

export interface RouteDeclarations {
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
