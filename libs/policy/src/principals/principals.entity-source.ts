import type { EntityArnSource, OwnedEntity } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { nameKey } from '../shared/policy-names';

/**
 * This service's tables, for the guard to name what the in-memory
 * authorization projection does not know yet. A principal a route acts on is
 * found in this service's projection of identity's principals or the handler
 * answers NoSuchEntity, so it is never authorized at a path it does not
 * have; its current boundary is this service's own (the boundary rows,
 * written with its events). A managed policy's tags are its own too.
 */
export class PrincipalsEntitySource implements EntityArnSource {
  private readonly sql: string;
  private readonly policySql: string;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    const s = identifier(schema);
    this.sql = `SELECT p.arn, p.tags, b.policy_arn AS boundary FROM ${s}.principals p
      LEFT JOIN ${s}.permissions_boundaries b ON b.principal_type = p.principal_type AND b.principal_id = p.principal_id
      WHERE p.account_id = $1 AND p.principal_type = $2 AND p.name_key = $3
      ORDER BY p.principal_id LIMIT 1`;
    this.policySql = `SELECT tags FROM ${s}.managed_policies WHERE account_id = $1 AND arn = $2`;
  }

  /** A customer managed policy's tags (written with its creation, in this service's transaction). */
  async policyTags(accountId: string, policyArn: string): Promise<TagV1[] | undefined> {
    const { rows } = await this.db.query<{ tags: TagV1[] }>(this.policySql, [accountId, policyArn]);
    return rows[0]?.tags;
  }

  async entityOf(
    accountId: string,
    kind: 'user' | 'group' | 'role',
    name: string,
  ): Promise<OwnedEntity | undefined> {
    const { rows } = await this.db.query<{ arn: string; tags: TagV1[]; boundary: string | null }>(this.sql, [
      accountId,
      kind,
      nameKey(name),
    ]);
    const row = rows[0];
    return row && { arn: row.arn, tags: row.tags ?? [], boundary: row.boundary };
  }
}
