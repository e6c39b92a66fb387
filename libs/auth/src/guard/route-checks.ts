import { IamError } from '@iam/contracts';
import type { ContextValue, RequestContext } from '@iam/policy-engine';
import type { OwnedEntity } from './entity-arns';
import type { KnownEntity, ResourceContext, RouteAction } from './route-metadata';

type Kind = 'user' | 'group' | 'role';

/** One decision a request needs: the action allowed on the resource with these condition keys. */
export interface AuthorizationCheck {
  action: string;
  resource: string;
  context: RequestContext;
}

/** Where the guard finds the entities a route names. */
export interface EntityLookups {
  /** From memory (the authorization projection). */
  arnOf(accountId: string, kind: Kind, name: string): string | undefined;
  /** From the owning service's tables, for a name memory does not know yet (undefined where there are none). */
  lookup?(accountId: string, kind: Kind, name: string): Promise<OwnedEntity | undefined>;
  /** The user, role or managed policy with this exact ARN, from memory. */
  entity(arn: string): KnownEntity | undefined;
  /** A customer managed policy's tags from the tables of the service that owns it, for one memory does not know yet. */
  policyTags?(accountId: string, policyArn: string): Promise<KnownEntity['tags'] | undefined>;
  /** The ARN of the principal an access key belongs to, and its account, from memory. */
  accessKeyOwner(accessKeyId: string): { arn: string; accountId: string } | undefined;
}

/**
 * Every check a request must pass, all of them (fail closed): the route's
 * action on its resource and on each further resource it names (a rename's
 * new ARN), with the request's global keys, the resource's tags and the
 * action's own condition keys; and `iam:PassRole` on each role it passes.
 */
export async function routeChecks(
  route: RouteAction,
  request: Omit<ResourceContext, 'arnOf' | 'entity' | 'accessKeyOwner'>,
  global: RequestContext,
  lookups: EntityLookups,
): Promise<AuthorizationCheck[]> {
  const accountId = request.principal.accountId;
  const found = new Map<string, OwnedEntity>();
  const foundPolicies = new Map<string, KnownEntity>();
  const missing: [Kind, string][] = [];
  const context: ResourceContext = {
    ...request,
    arnOf: (kind, name) => {
      const arn = lookups.arnOf(accountId, kind, name) ?? found.get(`${kind}:${name}`)?.arn;
      if (arn === undefined) missing.push([kind, name]);
      return arn;
    },
    entity: (arn) => lookups.entity(arn) ?? foundPolicies.get(arn) ?? ownedEntity(found, arn),
    accessKeyOwner: (accessKeyId) => {
      const owner = lookups.accessKeyOwner(accessKeyId);
      // Another account's key is named like an unknown one: its owner is not revealed by a 403.
      return owner?.accountId === accountId ? owner.arn : undefined;
    },
  };
  let checks = evaluate(route, context, global);
  // A managed policy created a moment ago: its tags from the owning service's tables.
  const resource = checks[0].resource;
  if (
    lookups.policyTags &&
    resource.startsWith(`arn:aws:iam::${accountId}:policy/`) &&
    !lookups.entity(resource)
  ) {
    const tags = await lookups.policyTags(accountId, resource);
    if (tags?.length) {
      foundPolicies.set(resource, { kind: 'policy', tags, boundary: null });
      checks = evaluate(route, context, global);
    }
  }
  if (missing.length === 0 || !lookups.lookup) return checks;
  // An entity created a moment ago: name it (and take its tags) from the owning service's tables, then decide again.
  for (const [kind, name] of missing.splice(0)) {
    const entity = await lookups.lookup(accountId, kind, name);
    if (entity !== undefined) found.set(`${kind}:${name}`, entity);
  }
  if (found.size > 0) checks = evaluate(route, context, global);
  return checks;
}

/**
 * An entity memory does not know yet, as a service's tables have it. Where
 * they do not keep boundaries (identity's), its boundary is taken as absent,
 * so an Allow conditioned on it does not apply until memory has caught up.
 */
function ownedEntity(found: Map<string, OwnedEntity>, arn: string): KnownEntity | undefined {
  for (const [key, entity] of found)
    if (entity.arn === arn && !key.startsWith('group:'))
      return {
        kind: key.startsWith('user:') ? 'user' : 'role',
        tags: entity.tags,
        boundary: entity.boundary ?? null,
      };
  return undefined;
}

/**
 * A route's resource, further resources and condition keys are read from the
 * request before its body is validated (authorization comes first), so a
 * hostile value (an object whose `toString` is not a function, say) can make
 * reading them throw. That is the caller's malformed request: 400, never 500.
 */
function evaluate(
  route: RouteAction,
  context: ResourceContext,
  global: RequestContext,
): AuthorizationCheck[] {
  try {
    return evaluateUnsafe(route, context, global);
  } catch (error) {
    if (error instanceof IamError) throw error;
    throw new IamError(
      'ValidationError',
      'The request has a parameter of the wrong type; it cannot be authorized.',
    );
  }
}

function evaluateUnsafe(
  route: RouteAction,
  context: ResourceContext,
  global: RequestContext,
): AuthorizationCheck[] {
  const resource = route.resource(context);
  const keys: RequestContext = {
    ...global,
    ...resourceTagKeys(context.entity(resource)),
    ...route.conditions?.({ ...context, resource }),
  };
  const resources = [resource, ...(route.alsoOn?.(context) ?? [])];
  const checks = resources.map((arn) => ({ action: route.action, resource: arn, context: keys }));
  for (const passed of route.passesRoles?.(context) ?? []) {
    const passKeys: Record<string, ContextValue> = {
      ...global,
      ...resourceTagKeys(context.entity(passed.roleArn)),
      'iam:PassedToService': passed.service,
    };
    if (passed.associatedResourceArn !== undefined)
      passKeys['iam:AssociatedResourceArn'] = passed.associatedResourceArn;
    checks.push({ action: 'iam:PassRole', resource: passed.roleArn, context: passKeys });
  }
  return checks;
}

/**
 * `aws:ResourceTag/<key>` of a user, role or managed policy, and
 * `iam:ResourceTag/<key>` of a user or role: AWS lists them for every action
 * on those resource types.
 */
export function resourceTagKeys(entity: KnownEntity | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  for (const tag of entity?.tags ?? []) {
    keys[`aws:ResourceTag/${tag.key}`] = tag.value;
    if (entity?.kind !== 'policy') keys[`iam:ResourceTag/${tag.key}`] = tag.value;
  }
  return keys;
}
