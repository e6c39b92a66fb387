import type { PasswordPolicyV1 } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { IdentityErrors } from '../shared/identity-errors';

export interface AccountRow {
  account_id: string;
  account_name: string;
  management: boolean;
  alias: string | null;
  password_policy: PasswordPolicyV1 | null;
}

/** The tables GetAccountSummary counts in, named as the summary map names them. */
const countedTables = {
  Users: 'users',
  Groups: 'groups',
  Roles: 'roles',
  MFADevices: 'mfa_devices',
} as const;

/** Reads of the accounts view and the per-account counts of the summary. */
export class AccountsQueries {
  private readonly schema: string;

  constructor(schema: string) {
    this.schema = identifier(schema);
  }

  async get(db: Queryable, accountId: string): Promise<AccountRow> {
    const { rows } = await db.query<AccountRow>(
      `SELECT * FROM ${this.schema}.accounts WHERE account_id = $1`,
      [accountId],
    );
    if (!rows[0]) throw IdentityErrors.noSuchAccount(accountId);
    return rows[0];
  }

  async counts(db: Queryable, accountId: string): Promise<Record<keyof typeof countedTables, number>> {
    const count = async (table: string) => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${this.schema}.${table} WHERE account_id = $1`,
        [accountId],
      );
      return Number(rows[0].n);
    };
    return {
      Users: await count(countedTables.Users),
      Groups: await count(countedTables.Groups),
      Roles: await count(countedTables.Roles),
      MFADevices: await count(countedTables.MFADevices),
    };
  }
}
