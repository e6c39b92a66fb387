import type { PrincipalRecord } from '../authorization/authorization.projection';
import type { KnownEntity } from './route-metadata';

type Kind = PrincipalRecord['kind'];

/** An entity as the service that owns it has it: its ARN (with its path) and, for users and roles, its tags. */
export interface OwnedEntity {
  arn: string;
  tags: KnownEntity['tags'];
}

/** Looks up a user, group or role from the data of the service that owns it. */
export interface EntityArnSource {
  entityOf(accountId: string, kind: Kind, name: string): Promise<OwnedEntity | undefined>;
}

/**
 * Where the guard names an entity the in-memory authorization projection
 * does not know yet (created a moment ago, its event still on the way). The
 * service that owns the entities (identity) registers its own tables here,
 * so a path-scoped Deny, or one on its tags, holds from the first request;
 * elsewhere there is no source and such a name is taken at the root path.
 */
export class EntityArns {
  private source: EntityArnSource | undefined;

  register(source: EntityArnSource): void {
    this.source = source;
  }

  lookup(accountId: string, kind: Kind, name: string): Promise<OwnedEntity | undefined> {
    return this.source ? this.source.entityOf(accountId, kind, name) : Promise.resolve(undefined);
  }

  get registered(): boolean {
    return this.source !== undefined;
  }
}
