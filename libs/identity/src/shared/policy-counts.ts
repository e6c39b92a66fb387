import { Inject, Injectable } from '@nestjs/common';
import { identifier, type Queryable } from '@iam/event-store';
import { IDENTITY_SCHEMA } from '../identity.tokens';

export interface PolicyCounts {
  attachedManagedPolicyCount: number;
  inlinePolicyCount: number;
}

/**
 * How many managed and inline policies the policy service holds for a
 * principal, for DeleteConflict. Read from the authorization projection the
 * auth module keeps of the policy service's events in identity's own schema
 * (identity is booted with `AuthModule.forRoot({ service: 'identity' })`).
 */
@Injectable()
export class PrincipalPolicyCounts {
  private readonly table: string;

  constructor(@Inject(IDENTITY_SCHEMA) schema: string) {
    this.table = `${identifier(schema)}.authz_principals`;
  }

  async of(tx: Queryable, kind: 'user' | 'group' | 'role', id: string): Promise<PolicyCounts> {
    const { rows } = await tx.query<{ attached: string[]; inline: Record<string, string> }>(
      `SELECT attached, inline FROM ${this.table} WHERE principal_key = $1`,
      [`${kind}:${id}`],
    );
    return {
      attachedManagedPolicyCount: rows[0]?.attached.length ?? 0,
      inlinePolicyCount: Object.keys(rows[0]?.inline ?? {}).length,
    };
  }
}
