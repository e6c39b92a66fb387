import type { PrincipalRecord } from '../authorization/authorization.projection';

type Kind = PrincipalRecord['kind'];

/** Looks up the ARN (with its path) of a user, group or role from the data of the service that owns it. */
export interface EntityArnSource {
  arnOf(accountId: string, kind: Kind, name: string): Promise<string | undefined>;
}

/**
 * Where the guard names an entity the in-memory authorization projection
 * does not know yet (created a moment ago, its event still on the way). The
 * service that owns the entities (identity) registers its own tables here,
 * so a path-scoped Deny holds from the first request; elsewhere there is no
 * source and such a name is taken at the root path.
 */
export class EntityArns {
  private source: EntityArnSource | undefined;

  register(source: EntityArnSource): void {
    this.source = source;
  }

  lookup(accountId: string, kind: Kind, name: string): Promise<string | undefined> {
    return this.source ? this.source.arnOf(accountId, kind, name) : Promise.resolve(undefined);
  }

  get registered(): boolean {
    return this.source !== undefined;
  }
}
