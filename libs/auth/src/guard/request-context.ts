import type { FastifyRequest } from 'fastify';
import type { ContextValue, RequestContext } from '@iam/policy-engine';
import type { Principal } from '../principal';
import { sessionContext } from '../sessions/session-principal';
import { EMPTY_BODY_SHA256, sha256Hex, type SignedRequest } from '../sigv4/sigv4-verifier';
import type { AuthenticatedRequest } from './caller.decorator';

/**
 * The global condition keys a request fills, so policy conditions work on
 * this API as on AWS's. `aws:MultiFactorAuthPresent` is absent for long-term
 * access keys, as in AWS; temporary credentials add their session's keys
 * (issue time, MFA, source identity); the engine derives the principal keys
 * (`aws:PrincipalArn`, `aws:userid`, `aws:PrincipalTag/…`) from the principal.
 */
export function requestContext(
  request: FastifyRequest,
  body: Record<string, unknown>,
  region: string,
  principal?: Principal,
): RequestContext {
  const now = new Date();
  const context: Record<string, ContextValue> = {
    ...(principal ? sessionContext(principal, now.getTime()) : {}),
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': Math.floor(now.getTime() / 1000),
    'aws:SourceIp': request.ip,
    'aws:SecureTransport': request.protocol === 'https',
    'aws:RequestedRegion': region,
  };
  const userAgent = request.headers['user-agent'];
  if (typeof userAgent === 'string') context['aws:UserAgent'] = userAgent;
  const referer = request.headers['referer'];
  if (typeof referer === 'string') context['aws:Referer'] = referer;
  const tags = Array.isArray(body.tags) ? (body.tags as { key?: unknown; value?: unknown }[]) : [];
  const keys: string[] = [];
  for (const tag of tags) {
    if (typeof tag?.key !== 'string') continue;
    keys.push(tag.key);
    // Only text: the body is not validated yet, and a hostile value may not even convert to one.
    context[`aws:RequestTag/${tag.key}`] = typeof tag.value === 'string' ? tag.value : '';
  }
  if (keys.length > 0) context['aws:TagKeys'] = keys;
  return context;
}

export function toSignedRequest(request: FastifyRequest & AuthenticatedRequest): SignedRequest {
  const url = request.raw.url ?? '/';
  const q = url.indexOf('?');
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      const existing = query[key];
      query[key] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  }
  return {
    method: request.method,
    path: q >= 0 ? url.slice(0, q) : url,
    query,
    headers: request.headers,
    bodySha256: request.rawBody ? sha256Hex(request.rawBody) : EMPTY_BODY_SHA256,
  };
}
