import type { EntityArnSource, OwnedEntity } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { nameReservationKey } from './iam-names';

/**
 * Identity's own tables, for naming an entity (and its tags, for
 * `aws:ResourceTag/…`) the in-memory authorization projection does not know
 * yet.
 */
export class IdentityEntityArnSource implements EntityArnSource {
  private readonly sql: Record<'user' | 'group' | 'role', string>;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    const s = identifier(schema);
    this.sql = {
      user: `SELECT arn, tags FROM ${s}.users WHERE account_id = $1 AND user_name_key = $2`,
      group: `SELECT arn, '[]'::jsonb AS tags FROM ${s}.groups WHERE account_id = $1 AND group_name_key = $2`,
      role: `SELECT arn, tags FROM ${s}.roles WHERE account_id = $1 AND role_name_key = $2`,
    };
  }

  async entityOf(
    accountId: string,
    kind: 'user' | 'group' | 'role',
    name: string,
  ): Promise<OwnedEntity | undefined> {
    const { rows } = await this.db.query<{ arn: string; tags: TagV1[] }>(this.sql[kind], [
      accountId,
      nameReservationKey(name),
    ]);
    return rows[0] && { arn: rows[0].arn, tags: rows[0].tags ?? [] };
  }
}
