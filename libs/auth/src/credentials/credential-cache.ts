import { identifier, type SqlDatabase } from '@iam/event-store';
import type { Principal } from '../principal';
import { ChangeFeed, type FeedRow } from '../projection/change-feed';
import { InMemoryProjection } from '../projection/in-memory-projection';

export interface StoredCredential {
  principal: Omit<Principal, 'mfaAuthenticated'>;
  status: 'Active' | 'Inactive';
  /** Id of the sealed secret in identity's `sealed_secrets` (the secret itself is read only to verify). */
  secretId: string;
}

interface KeyRow extends FeedRow {
  access_key_id: string;
  user_id: string;
  status: string;
  secret_id: string;
  deleted: boolean;
}

interface PrincipalRow extends FeedRow {
  user_id: string;
  account_id: string;
  principal_type: string;
  arn: string;
  user_name: string | null;
  deleted: boolean;
}

/**
 * The credentials projection held in memory: a request is authenticated
 * without a query. Secrets are not here (only their ids); the verifier reads and opens
 * one only to derive a day's signing key.
 * It catches up with the tables every `refreshMs`, after each batch of
 * identity events a consumer applies, and after each local commit where the
 * projection is applied inline (identity): `settled()` then waits for that
 * catch-up, so a key deactivated there stops working at once.
 */
export class CredentialCache extends InMemoryProjection {
  private readonly keys = new Map<string, KeyRow>();
  private readonly principals = new Map<string, PrincipalRow>();
  private readonly keyFeed: ChangeFeed<KeyRow>;
  private readonly principalFeed: ChangeFeed<PrincipalRow>;
  private afterLocalCommit: Promise<void> | undefined;

  constructor(db: SqlDatabase, schema: string, refreshMs = 100) {
    super(refreshMs);
    this.keyFeed = new ChangeFeed(db, `${identifier(schema)}.auth_access_keys`);
    this.principalFeed = new ChangeFeed(db, `${identifier(schema)}.auth_principals`);
  }

  /** For a process that applies the projection inline: catch up after each of its commits. */
  refreshAfterCommit(onError: (error: unknown) => void): void {
    const done = this.refresh().catch(onError);
    this.afterLocalCommit = done;
    void done.then(() => {
      if (this.afterLocalCommit === done) this.afterLocalCommit = undefined;
    });
  }

  /** Resolves once the catch-up after this process's latest commit is done (at once if none is pending). */
  settled(): Promise<void> | undefined {
    return this.afterLocalCommit;
  }

  find(accessKeyId: string): StoredCredential | undefined {
    const key = this.keys.get(accessKeyId);
    const principal = key && this.principals.get(key.user_id);
    if (!key || !principal) return undefined;
    return {
      status: key.status === 'Active' ? 'Active' : 'Inactive',
      secretId: key.secret_id,
      principal: {
        type: principal.principal_type === 'root' ? 'root' : 'user',
        accountId: principal.account_id,
        arn: principal.arn,
        userId: principal.user_id,
        userName: principal.user_name ?? undefined,
        accessKeyId,
      },
    };
  }

  /** A user or root (by its user id, the account id for root) that exists now, with its current ARN and name. */
  principal(userId: string): { arn: string; userName?: string } | undefined {
    const row = this.principals.get(userId);
    return row && { arn: row.arn, userName: row.user_name ?? undefined };
  }

  get size(): { keys: number; principals: number } {
    return { keys: this.keys.size, principals: this.principals.size };
  }

  protected async load(): Promise<void> {
    for (const row of await this.principalFeed.next()) {
      if (row.deleted) this.principals.delete(row.user_id);
      else this.principals.set(row.user_id, row);
    }
    for (const row of await this.keyFeed.next()) {
      if (row.deleted) this.keys.delete(row.access_key_id);
      else this.keys.set(row.access_key_id, row);
    }
  }
}
