import type { TagV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';
import { nameReservationKey } from '../shared/iam-names';
import { listByPath } from '../shared/path-listing';
import type { Page, PageRequest } from '@iam/service-kit';

export interface RoleView {
  roleName: string;
  roleId: string;
  arn: string;
  path: string;
  createDate: string;
  description: string;
  maxSessionDuration: number;
  /** The trust policy as the caller sent it (AWS answers it URL-encoded; JSON needs no encoding). */
  assumeRolePolicyDocument: string;
  tags: TagV1[];
}

interface RoleRow {
  role_id: string;
  role_name: string;
  role_name_key: string;
  path: string;
  arn: string;
  create_date: string | Date;
  description: string;
  max_session_duration: number;
  assume_role_policy_document: string;
  tags: TagV1[];
}

/** Reads of the roles view, always within the caller's account. */
export class RolesQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.roles`;
  }

  async find(db: Queryable, accountId: string, roleName: string): Promise<RoleView | undefined> {
    const { rows } = await db.query<RoleRow>(
      `SELECT * FROM ${this.table} WHERE account_id = $1 AND role_name_key = $2`,
      [accountId, nameReservationKey(roleName)],
    );
    return rows[0] ? toView(rows[0]) : undefined;
  }

  async get(db: Queryable, accountId: string, roleName: string): Promise<RoleView> {
    const role = await this.find(db, accountId, roleName);
    if (!role) throw IdentityErrors.noSuchRole(roleName);
    return role;
  }

  async list(
    db: Queryable,
    accountId: string,
    request: PageRequest & { pathPrefix?: string },
  ): Promise<Page<RoleView>> {
    return listByPath(db, { table: this.table, nameKey: 'role_name_key' }, accountId, request, toView);
  }
}

function toView(row: RoleRow): RoleView {
  return {
    roleName: row.role_name,
    roleId: row.role_id,
    arn: row.arn,
    path: row.path,
    createDate: new Date(row.create_date).toISOString(),
    description: row.description,
    maxSessionDuration: Number(row.max_session_duration),
    assumeRolePolicyDocument: row.assume_role_policy_document,
    tags: row.tags,
  };
}
