import type { FastifyRequest } from 'fastify';
import { OPERATIONAL_PATHS } from '../http/operational-paths';
import type { AccessNotes, RecordedRequest } from './access-notes';

/** Provided by the auth library: names a route's calls as its guard would, for a call refused before the guard ran. */
export const ROUTE_ACCESS_NAMES = Symbol('RouteAccessNames');

/** A port, as DENIAL_ENCODER is: the route declarations are auth's, the capture platform's. */
export interface RouteAccessNames {
  /** `url` as Fastify matched it (`/v1/users/:userName`). */
  notesOf(method: string, url: string): AccessNotes | undefined;
}

/** The name of a call to a path no route serves (CloudTrail has none: it never sees one). */
export const UNKNOWN_OPERATION = 'UnknownOperation';
/** The name of an AWS Query call that names no Action. */
export const UNKNOWN_ACTION = 'UnknownAction';

/**
 * What the record of a call refused before any door noted it is named: a
 * path no route serves (404, a malformed path), a body refused before the
 * guard (415, 400 malformed, 413 too large), an AWS Query call without an
 * Action. As best known: the wire Action the form names, the route's
 * operation, else UnknownOperation with the method and path. Undefined for
 * an answer that is no refusal and for operational endpoints.
 */
export function notesOfUnroutedCall(
  request: FastifyRequest & RecordedRequest,
  status: number,
  names: RouteAccessNames | undefined,
): AccessNotes | undefined {
  if (status < 400 || OPERATIONAL_PATHS.test(request.url)) return undefined;
  const path = request.url.split('?')[0];
  if (request.method === 'POST' && path === '/') {
    return { eventName: wireAction(request) ?? UNKNOWN_ACTION, eventSource: 'iam.amazonaws.com' };
  }
  const route = request.routeOptions.url;
  const named = route === undefined ? undefined : names?.notesOf(request.method, route);
  if (named) return { ...named };
  return {
    eventName: UNKNOWN_OPERATION,
    eventSource: 'iam.amazonaws.com',
    parameters: { httpMethod: request.method.slice(0, 16), path: path.slice(0, 256) },
  };
}

/** The Action a form body names, parsed or (refused before parsing) raw. */
function wireAction(request: FastifyRequest & { rawBody?: Buffer }): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const parsed = body && typeof body === 'object' ? body.Action : undefined;
  const action =
    typeof parsed === 'string'
      ? parsed
      : request.rawBody && request.rawBody.length <= 64 * 1024
        ? (new URLSearchParams(request.rawBody.toString('utf8')).get('Action') ?? undefined)
        : undefined;
  return action ? action.slice(0, 128) : undefined;
}
