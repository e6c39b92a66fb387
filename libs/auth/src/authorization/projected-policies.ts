import { identifier, type Queryable } from '@iam/event-store';
import type { KnownManagedPolicies, PolicyCounts, PrincipalPolicyCounts } from './policy-ports';

/** Both policy ports, read from the authorization projection's tables (this lib's own). */
export class ProjectedPolicies implements PrincipalPolicyCounts, KnownManagedPolicies {
  private readonly principals: string;
  private readonly policies: string;

  constructor(schema: string) {
    this.principals = `${identifier(schema)}.authz_principals`;
    this.policies = `${identifier(schema)}.authz_policies`;
  }

  async of(tx: Queryable, kind: 'user' | 'group' | 'role', id: string): Promise<PolicyCounts> {
    const { rows } = await tx.query<{ attached: string[]; inline: Record<string, string> }>(
      `SELECT attached, inline FROM ${this.principals} WHERE principal_key = $1`,
      [`${kind}:${id}`],
    );
    return {
      attachedManagedPolicyCount: rows[0]?.attached.length ?? 0,
      inlinePolicyCount: Object.keys(rows[0]?.inline ?? {}).length,
    };
  }

  async exists(tx: Queryable, policyArn: string): Promise<boolean> {
    const { rows } = await tx.query(`SELECT 1 FROM ${this.policies} WHERE policy_arn = $1 AND NOT deleted`, [
      policyArn,
    ]);
    return rows.length > 0;
  }
}
