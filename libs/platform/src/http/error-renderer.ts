import type { FastifyReply, FastifyRequest } from 'fastify';

/** An error as the edge describes it: AWS's code, its HTTP status and a message for the caller. */
export interface DescribedError {
  status: number;
  code: string;
  message: string;
  /** An AccessDenied's sealed explanation (sts:DecodeAuthorizationMessage opens it). */
  encodedAuthorizationMessage?: string;
}

/**
 * Writes an error in a route's own protocol, where it is not our JSON
 * (the AWS Query door answers XML). A route declares one in its Fastify
 * route config (`renderError`), so even errors raised before the route's
 * handler runs (an unaccepted content type, a body too large) are
 * answered in its protocol.
 */
export type ErrorRenderer = (
  reply: FastifyReply,
  error: DescribedError,
  requestId: string,
  request: FastifyRequest,
) => void;

export function errorRendererOf(request: FastifyRequest): ErrorRenderer | undefined {
  const config = request.routeOptions?.config as { renderError?: unknown } | undefined;
  return typeof config?.renderError === 'function' ? (config.renderError as ErrorRenderer) : undefined;
}
