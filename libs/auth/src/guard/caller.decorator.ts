import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestContext } from '@iam/policy-engine';
import type { AccessNotes } from '@iam/platform';
import type { Principal } from '../principal';

export interface AuthenticatedRequest {
  principal?: Principal;
  /** The request's global condition keys (aws:SourceIp, aws:CurrentTime, …), set by the guard. */
  context?: RequestContext;
  /** The route's action and resource as the guard authorized them (an AccessDenied's encoded message names them). */
  authorizedAs?: { action: string; resource: string };
  rawBody?: Buffer;
  /** What the call's access record is named and notes (set by the guard or the Query door). */
  access?: AccessNotes;
}

/** The authenticated caller of the request (set by the guard). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('@Caller() used on a route the authentication guard did not run on');
  return principal;
});

/** The condition keys of the caller's request, as the guard authorized it (for checks made in a service). */
export const CallerContext = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const requestContext = context.switchToHttp().getRequest<AuthenticatedRequest>().context;
  if (!requestContext)
    throw new Error('@CallerContext() used on a route the authentication guard did not run on');
  return requestContext;
});

/** Who made a request, and the request's id: what every command and query carries, whichever door it came in by. */
export interface Requester {
  caller: Principal;
  /** Correlates the request's events and log lines. */
  requestId: string;
}

/** The authenticated caller with the request id (set by the guard), to build a command or query from. */
export const RequestedBy = createParamDecorator((_: unknown, context: ExecutionContext): Requester => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & { id: string }>();
  if (!request.principal)
    throw new Error('@RequestedBy() used on a route the authentication guard did not run on');
  return { caller: request.principal, requestId: request.id };
});
