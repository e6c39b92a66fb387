import { identifier, type SqlDatabase } from '@iam/event-store';
import type { Principal } from '../principal';

export interface StoredCredential {
  principal: Omit<Principal, 'mfaAuthenticated'>;
  status: 'Active' | 'Inactive';
  encryptedSecret: string;
}

/** Reads the credentials projection: one indexed lookup per request. */
export class CredentialStore {
  private readonly sql: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.sql = `SELECT k.status, k.encrypted_secret, p.user_id, p.account_id, p.principal_type, p.arn, p.user_name
                  FROM ${identifier(schema)}.auth_access_keys k
                  JOIN ${identifier(schema)}.auth_principals p ON p.user_id = k.user_id
                 WHERE k.access_key_id = $1`;
  }

  async find(accessKeyId: string): Promise<StoredCredential | undefined> {
    const { rows } = await this.db.query<Record<string, string | null>>(this.sql, [accessKeyId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      status: row.status === 'Active' ? 'Active' : 'Inactive',
      encryptedSecret: String(row.encrypted_secret),
      principal: {
        type: row.principal_type === 'root' ? 'root' : 'user',
        accountId: String(row.account_id),
        arn: String(row.arn),
        userId: String(row.user_id),
        userName: row.user_name ?? undefined,
        accessKeyId,
      },
    };
  }
}
