import type { PrincipalRecord } from '../authorization/authorization.projection';
import type { KnownEntity } from './route-metadata';

type Kind = PrincipalRecord['kind'];

/** An entity as a service's own tables have it: its ARN (with its path) and, for users and roles, its tags. */
export interface OwnedEntity {
  arn: string;
  tags: KnownEntity['tags'];
  /** Its permissions boundary where the source keeps them (the policy service); undefined where it does not. */
  boundary?: string | null;
}

/** Looks up a user, group or role (or a managed policy's tags) from a service's own tables. */
export interface EntityArnSource {
  entityOf(accountId: string, kind: Kind, name: string): Promise<OwnedEntity | undefined>;
  /** The tags of a customer managed policy of the account (the policy service); undefined when unknown. */
  policyTags?(accountId: string, policyArn: string): Promise<KnownEntity['tags'] | undefined>;
}

/**
 * Where the guard names an entity the in-memory authorization projection
 * does not know yet (created a moment ago, its event still on the way). The
 * service that owns the entities (identity) registers its own tables here,
 * and the policy service its projection of them (the principals its routes
 * act on), so a path-scoped Deny, or one on tags, holds from the first
 * request each service accepts; a name no source knows is taken at the root
 * path (and the handler answers NoSuchEntity). Sources are asked in the
 * order they registered (identity first where both run in one process).
 */
export class EntityArns {
  private readonly sources: EntityArnSource[] = [];

  register(source: EntityArnSource): void {
    this.sources.push(source);
  }

  async lookup(accountId: string, kind: Kind, name: string): Promise<OwnedEntity | undefined> {
    if (unstorable(name)) return undefined;
    for (const source of this.sources) {
      const entity = await source.entityOf(accountId, kind, name);
      if (entity !== undefined) return entity;
    }
    return undefined;
  }

  async policyTags(accountId: string, policyArn: string): Promise<KnownEntity['tags'] | undefined> {
    if (unstorable(policyArn)) return undefined;
    for (const source of this.sources) {
      const tags = await source.policyTags?.(accountId, policyArn);
      if (tags !== undefined) return tags;
    }
    return undefined;
  }

  get registered(): boolean {
    return this.sources.length > 0;
  }
}

/**
 * Postgres text cannot hold a NUL byte, so no stored entity has one in its
 * name or ARN; asking the tables would fail the request (a 500) instead of
 * finding nothing. The handler's validation then refuses the name.
 */
function unstorable(value: string): boolean {
  return value.includes('\u0000');
}
