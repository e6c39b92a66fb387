import { identifier, type Queryable, type SqlDatabase } from '@iam/event-store';
import type { TagV1 } from '@iam/contracts';

/** A role as AssumeRole reads it. */
export interface StsRole {
  roleId: string;
  accountId: string;
  roleName: string;
  path: string;
  arn: string;
  trustPolicy: string;
  maxSessionDuration: number;
  tags: TagV1[];
}

interface RoleRow {
  role_id: string;
  account_id: string;
  role_name: string;
  path: string;
  arn: string;
  trust_policy: string;
  max_session_duration: number;
  tags: TagV1[];
}

/** Reads of the roles projection (a role exists here once identity's event of it has been consumed). */
export class RolesQueries {
  private readonly roles: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.roles = `${identifier(schema)}.roles`;
  }

  /** The live role of that name in the account (names are unique case-insensitively). */
  async byName(accountId: string, roleName: string, tx: Queryable = this.db): Promise<StsRole | undefined> {
    const { rows } = await tx.query<RoleRow>(
      `SELECT * FROM ${this.roles} WHERE account_id = $1 AND name_key = $2 AND NOT deleted LIMIT 1`,
      [accountId, roleName.toLowerCase()],
    );
    return rows[0] && toRole(rows[0]);
  }
}

function toRole(row: RoleRow): StsRole {
  return {
    roleId: row.role_id,
    accountId: row.account_id,
    roleName: row.role_name,
    path: row.path,
    arn: row.arn,
    trustPolicy: row.trust_policy,
    maxSessionDuration: Number(row.max_session_duration),
    tags: row.tags,
  };
}
