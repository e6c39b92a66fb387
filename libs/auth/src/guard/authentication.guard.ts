import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import type { ContextValue, RequestContext } from '@iam/policy-engine';
import { AUTHORIZER, type Authorizer } from '../authorizer';
import { AuthorizationCache } from '../authorization/authorization-cache';
import type { Principal } from '../principal';
import { RequestAuthenticator } from '../request-authenticator';
import { sessionContext } from '../sessions/session-principal';
import { EMPTY_BODY_SHA256, sha256Hex, type SignedRequest } from '../sigv4/sigv4-verifier';
import type { AuthenticatedRequest } from './caller.decorator';
import { EVENT_BUS, PUBLIC_ROUTE, SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import { consumerStaleForMs, type EventBus } from '@iam/messaging';
import { CredentialCache } from '../credentials/credential-cache';
import { EntityArns } from './entity-arns';
import { routeChecks, type EntityLookups } from './route-checks';
import { AUTHENTICATION_ONLY, ROUTE_ACTION, SIGNING_SERVICE, type RouteAction } from './route-metadata';

/**
 * Runs before every route of every service: authenticates the SigV4
 * signature, then authorizes the route's declared action and resource.
 * A route that declares neither @Public nor @Action is refused.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  /** Each handler's declarations, read once (the reflector walks metadata on every call). */
  private readonly routes = new WeakMap<object, RouteDeclarations>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly authorization: AuthorizationCache,
    private readonly credentials: CredentialCache,
    private readonly entityArns: EntityArns,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /**
   * Entities are named with their path (and their tags, boundary) from the
   * in-memory projection; one it does not know yet is looked up in the
   * service's own tables (EntityArns), else named at the root path.
   */
  private readonly lookups: EntityLookups = {
    arnOf: (accountId, kind, name) => this.authorization.arnOf(accountId, kind, name),
    lookup: (accountId, kind, name) =>
      this.entityArns.registered ? this.entityArns.lookup(accountId, kind, name) : Promise.resolve(undefined),
    entity: (arn) => this.authorization.entity(arn),
    policyTags: (accountId, policyArn) => this.entityArns.policyTags(accountId, policyArn),
    accessKeyOwner: (accessKeyId) => {
      const principal = this.credentials.find(accessKeyId)?.principal;
      return principal && { arn: principal.arn, accountId: principal.accountId };
    },
  };

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { isPublic, route, service, authenticationOnly } = this.declarations(context);
    if (isPublic) return true;
    this.requireFreshData();
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();

    const principal = await this.authenticator.authenticate(toSignedRequest(request), service);
    request.principal = principal;
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    request.context = requestContext(request, body, this.config.IAM_REGION, principal);
    if (authenticationOnly) return true;
    if (!route) {
      throw new IamError(
        'AccessDenied',
        `No action is declared for ${request.method} ${request.routeOptions.url}; denied.`,
      );
    }
    const checks = await routeChecks(
      route,
      {
        principal,
        params: (request.params ?? {}) as Record<string, string>,
        query: (request.query ?? {}) as Record<string, unknown>,
        body,
      },
      request.context,
      this.lookups,
    );
    request.context = checks[0].context;
    request.authorizedAs = { action: checks[0].action, resource: checks[0].resource };
    // Every check must pass (a rename is authorized on the old and the new ARN).
    for (const check of checks)
      await this.authorizer.authorize(principal, check.action, check.resource, check.context);
    return true;
  }

  /**
   * Fail closed: a process whose in-memory credentials or authorization data
   * have stopped catching up with the database (it cannot reach it, say)
   * would decide on what may since have been revoked; past the configured
   * bound it refuses instead. So does one whose consumers are behind the
   * topics without making progress (a consumer group that crashed).
   */
  private requireFreshData(): void {
    const now = Date.now();
    let stale = Math.max(this.authorization.staleForMs(now), this.credentials.staleForMs(now));
    for (const consumer of this.bus.consumerStates())
      stale = Math.max(stale, consumerStaleForMs(consumer, now));
    const limit = this.config.IAM_MAX_STALENESS_MS;
    if (stale <= limit) return;
    throw new IamError(
      'ServiceUnavailable',
      `This service's credentials and authorization data have not caught up with the database and event topics for ${Number.isFinite(stale) ? `${Math.round(stale)} ms` : 'ever'} (limit ${limit} ms); it refuses requests until they have. Retry later.`,
    );
  }

  private declarations(context: ExecutionContext): RouteDeclarations {
    const handler = context.getHandler();
    let declared = this.routes.get(handler);
    if (!declared) {
      const targets = [handler, context.getClass()];
      declared = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        route: this.reflector.getAllAndOverride<RouteAction | undefined>(ROUTE_ACTION, targets),
        service:
          this.reflector.getAllAndOverride<'iam' | 'sts' | undefined>(SIGNING_SERVICE, targets) ?? 'iam',
        authenticationOnly: this.reflector.getAllAndOverride<boolean>(AUTHENTICATION_ONLY, targets) ?? false,
      };
      this.routes.set(handler, declared);
    }
    return declared;
  }
}

interface RouteDeclarations {
  isPublic: boolean;
  route: RouteAction | undefined;
  service: 'iam' | 'sts';
  authenticationOnly: boolean;
}

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
