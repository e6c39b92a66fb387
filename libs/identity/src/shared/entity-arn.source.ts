import type { EntityArnSource } from '@iam/auth';
import { identifier, type Queryable } from '@iam/event-store';
import { nameReservationKey } from './iam-names';

/** Identity's own tables, for naming an entity the in-memory authorization projection does not know yet. */
export class IdentityEntityArnSource implements EntityArnSource {
  private readonly sql: Record<'user' | 'group' | 'role', string>;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    const s = identifier(schema);
    this.sql = {
      user: `SELECT arn FROM ${s}.users WHERE account_id = $1 AND user_name_key = $2`,
      group: `SELECT arn FROM ${s}.groups WHERE account_id = $1 AND group_name_key = $2`,
      role: `SELECT arn FROM ${s}.roles WHERE account_id = $1 AND role_name_key = $2`,
    };
  }

  async arnOf(accountId: string, kind: 'user' | 'group' | 'role', name: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ arn: string }>(this.sql[kind], [
      accountId,
      nameReservationKey(name),
    ]);
    return rows[0]?.arn;
  }
}
