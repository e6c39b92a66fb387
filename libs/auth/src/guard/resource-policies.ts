import type { PolicySet } from '@iam/policy-engine';

/** The resource-based policies of the resources a service owns (undefined: the resource has none). */
export interface ResourcePolicySource {
  policiesOf(resourceArn: string): Promise<PolicySet | undefined> | PolicySet | undefined;
}

/**
 * Where the guard finds a resource's own policies, the other side of a
 * cross-account request ("an allow on both sides"). A service that owns
 * resources with resource-based policies registers a source here (audit:
 * every member account's trail trusts the management account); a resource no
 * source knows has none, so a cross-account request on it is denied.
 */
export class ResourcePolicies {
  private readonly sources: ResourcePolicySource[] = [];

  register(source: ResourcePolicySource): void {
    this.sources.push(source);
  }

  async of(resourceArn: string): Promise<PolicySet | undefined> {
    for (const source of this.sources) {
      const policies = await source.policiesOf(resourceArn);
      if (policies !== undefined) return policies;
    }
    return undefined;
  }
}
