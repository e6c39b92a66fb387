import { identifier, type Queryable } from '@iam/event-store';
import { PolicyErrors } from '../shared/policy-errors';
import { nameKey, validatePrincipalName, type PrincipalKind } from '../shared/policy-names';
import type { PrincipalTarget } from '../principal-policies/principal-policy.commands';

/** Users, groups and roles as this service knows them from identity's events. */
export class PrincipalsQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.principals`;
  }

  /** The principal of that kind and name in the account, or NoSuchEntity as identity would answer. */
  async get(db: Queryable, accountId: string, kind: PrincipalKind, name: string): Promise<PrincipalTarget> {
    validatePrincipalName(kind, name);
    const { rows } = await db.query<{
      principal_id: string;
      name: string;
      arn: string;
      permissions_boundary: string | null;
    }>(
      `SELECT principal_id, name, arn, permissions_boundary FROM ${this.table}
        WHERE account_id = $1 AND principal_type = $2 AND name_key = $3
        ORDER BY principal_id LIMIT 1`,
      [accountId, kind, nameKey(name)],
    );
    if (rows.length === 0) throw PolicyErrors.noSuchPrincipal(kind, name);
    const row = rows[0];
    return {
      kind,
      accountId,
      id: row.principal_id,
      name: row.name,
      arn: row.arn,
      boundaryAtCreation: row.permissions_boundary ?? null,
    };
  }
}
