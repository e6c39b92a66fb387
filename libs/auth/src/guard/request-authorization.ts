import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';
import type { RequestContext } from '@iam/policy-engine';
import { SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import { AUTHORIZER, type Authorizer } from '../authorizer';
import { AuthorizationCache } from '../authorization/authorization-cache';
import { CredentialCache } from '../credentials/credential-cache';
import type { Principal } from '../principal';
import { RequestAuthenticator } from '../request-authenticator';
import { ResourcePolicies } from './resource-policies';
import type { AuthenticatedRequest } from './caller.decorator';
import { DataFreshness } from './data-freshness';
import { EntityArns } from './entity-arns';
import { requestContext, toSignedRequest } from './request-context';
import { routeChecks, type EntityLookups } from './route-checks';
import type { RouteAction } from './route-metadata';

/** What a route's resource, further resources and condition keys are read from. */
export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

/**
 * Authentication and authorization of one request, whichever door it came
 * in by: the JSON routes' guard and the AWS-protocol door both call these,
 * so a policy decides a call identically through either.
 */
@Injectable()
export class RequestAuthorization {
  constructor(
    private readonly authenticator: RequestAuthenticator,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly authorization: AuthorizationCache,
    private readonly credentials: CredentialCache,
    private readonly entityArns: EntityArns,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    private readonly freshness: DataFreshness,
    private readonly resourcePolicies: ResourcePolicies,
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

  /**
   * The SigV4 signature over the bytes received, for the credential scope's
   * `service`; sets the request's principal and global condition keys (from
   * `body`: `aws:RequestTag/…` of the tags it sets).
   */
  async authenticate(
    request: FastifyRequest & AuthenticatedRequest,
    service: string,
    body: Record<string, unknown>,
  ): Promise<Principal> {
    this.requireFreshData();
    const principal = await this.authenticator.authenticate(toSignedRequest(request), service);
    request.principal = principal;
    request.context = this.globalKeys(request, body, principal);
    return principal;
  }

  /** The request's global condition keys, with `aws:RequestTag/…` of the tags `body` sets. */
  globalKeys(request: FastifyRequest, body: Record<string, unknown>, principal: Principal): RequestContext {
    return requestContext(request, body, this.config.IAM_REGION, principal);
  }

  /**
   * Every check the route's declaration asks of this input must pass (a
   * rename is authorized on the old and the new ARN): 403 AccessDenied
   * otherwise. Sets on the request the condition keys it was authorized with
   * and what it was authorized as (a denial its handler throws later names them).
   */
  async authorize(
    request: AuthenticatedRequest,
    route: RouteAction,
    principal: Principal,
    input: RouteInput,
  ): Promise<void> {
    const checks = await routeChecks(route, { principal, ...input }, request.context ?? {}, this.lookups);
    // The access record names the resource even when the call is refused.
    if (request.access && checks[0]) request.access.resource = checks[0].resource;
    for (const check of checks)
      await this.authorizer.authorize(
        principal,
        check.action,
        check.resource,
        check.context,
        await this.resourcePolicies.of(check.resource),
      );
    request.context = checks[0].context;
    request.authorizedAs = { action: checks[0].action, resource: checks[0].resource };
  }

  /**
   * Fail closed: a process whose in-memory credentials or authorization data
   * have stopped catching up with the database (it cannot reach it, say)
   * would decide on what may since have been revoked; past the configured
   * bound it refuses instead. So does one whose consumers are behind the
   * topics without making progress (a consumer group that crashed).
   */
  private requireFreshData(): void {
    const { fresh, staleForMs: stale } = this.freshness.fresh();
    if (fresh) return;
    const limit = this.freshness.limitMs;
    throw new IamError(
      'ServiceUnavailable',
      `This service's credentials and authorization data have not caught up with the database and event topics for ${Number.isFinite(stale) ? `${Math.round(stale)} ms` : 'ever'} (limit ${limit} ms); it refuses requests until they have. Retry later.`,
    );
  }
}
