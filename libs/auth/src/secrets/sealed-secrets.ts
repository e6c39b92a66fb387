import { randomUUID } from 'node:crypto';
import { identifier, type Queryable, type SqlDatabase } from '@iam/event-store';
import type { SecretBox } from '../secret-box';

/** What a sealed secret is: an access key's secret, a login profile's argon2id hash, a virtual MFA device's seed. */
export type SecretKind = 'access-key-secret' | 'password-hash' | 'mfa-seed';

/**
 * The table identity keeps its sealed secrets in (migration SQL: `{schema}`
 * is identity's). `associated_data` is what the blob is bound to (an access
 * key id, `password-hash:<user id>`, `mfa-seed:<serial>`): a blob copied onto
 * another row does not open, and re-sealing needs no knowledge of the kind.
 */
export const SEALED_SECRETS_TABLE_SQL = `
  CREATE TABLE IF NOT EXISTS {schema}.sealed_secrets (
    secret_id text PRIMARY KEY,
    kind text NOT NULL,
    associated_data text NOT NULL,
    key_id text NOT NULL,
    sealed text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    resealed_at timestamptz
  );
  CREATE INDEX IF NOT EXISTS sealed_secrets_key ON {schema}.sealed_secrets (key_id);
`;

/** The id of the key-encryption key a blob (`v1.<keyId>.…`) was sealed under. */
export function sealedKeyId(sealed: string): string {
  return sealed.split('.')[1] ?? '';
}

/** The secret does not exist, is bound to something else, or is sealed under a key no longer configured. */
export class SecretUnavailable extends Error {}

/** How many sealed secrets a rotation re-sealed, and how many already were under the current key. */
export interface RotationResult {
  resealed: number;
  alreadyCurrent: number;
  /** Per key id, how many secrets rest under it after the rotation (only the current one, when complete). */
  byKey: Record<string, number>;
}

/**
 * Secrets at rest, sealed with AES-256-GCM under the key-encryption key
 * ring, in one table: identity's `sealed_secrets`. Events only name a
 * secret by id. Identity writes a secret in the command's own transaction
 * (`put` with the transaction's `tx`), so the event naming it and the
 * secret commit together or not at all.
 *
 * Every service reads the table through this class (the port): the
 * credentials projection, sts's sign-in and MFA projections keep only ids.
 * Today all services share one database (a schema each; standalone: one
 * PGlite), so the read is a query on identity's schema; a deployment with a
 * database per service would implement `read` as an authenticated call to
 * identity instead. Sealed blobs are cached by id (a secret never changes
 * under its id; a rotation re-seals it, and a blob under a key no longer
 * configured is read again).
 */
export class SealedSecrets {
  private readonly table: string;
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly db: SqlDatabase,
    /** Identity's schema, where the table is. */
    schema: string,
    private readonly box: SecretBox,
    private readonly maxCached = 100_000,
  ) {
    this.table = `${identifier(schema)}.sealed_secrets`;
  }

  /** Whether the table exists yet (identity creates it when it first migrates). */
  async tableExists(): Promise<boolean> {
    const { rows } = await this.db.query<{ present: string | null }>(`SELECT to_regclass($1) AS present`, [
      this.table,
    ]);
    return Boolean(rows[0]?.present);
  }

  /** Seals `plaintext` bound to `associatedData` and stores it in `tx` (the command's transaction); returns its id. */
  async put(tx: Queryable, kind: SecretKind, associatedData: string, plaintext: string): Promise<string> {
    const secretId = randomUUID();
    const sealed = this.box.seal(plaintext, associatedData);
    await tx.query(
      `INSERT INTO ${this.table} (secret_id, kind, associated_data, key_id, sealed) VALUES ($1, $2, $3, $4, $5)`,
      [secretId, kind, associatedData, sealedKeyId(sealed), sealed],
    );
    return secretId;
  }

  /**
   * Erases the secrets of `kind` bound to `associatedData` in `tx` (the
   * deleting command's transaction): a deleted access key's secret, a
   * deleted device's seed, a deleted user's password hashes leave nothing
   * behind to open.
   */
  async erase(tx: Queryable, kind: SecretKind, associatedData: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.table} WHERE kind = $1 AND associated_data = $2`, [
      kind,
      associatedData,
    ]);
  }

  /**
   * The plaintext of a secret, checked against what it must be bound to.
   * Throws when the secret is unknown, bound to something else, or sealed
   * under a key that is no longer configured.
   */
  async open(secretId: string, associatedData: string, tx?: Queryable): Promise<string> {
    const cached = this.cache.get(secretId);
    if (cached !== undefined) {
      try {
        return this.box.open(cached, associatedData);
      } catch {
        this.cache.delete(secretId); // re-sealed since (a rotation): read it again
      }
    }
    // A database error propagates as itself (a 503, not a wrong credential).
    const sealed = await this.read(secretId, tx);
    if (sealed === undefined) throw new SecretUnavailable(`sealed secret ${secretId} does not exist`);
    let plaintext: string;
    try {
      plaintext = this.box.open(sealed, associatedData);
    } catch (error) {
      throw new SecretUnavailable(`sealed secret ${secretId} does not open: ${(error as Error).message}`);
    }
    if (this.cache.size >= this.maxCached) this.cache.clear();
    this.cache.set(secretId, sealed);
    return plaintext;
  }

  private async read(secretId: string, tx?: Queryable): Promise<string | undefined> {
    const { rows } = await (tx ?? this.db).query<{ sealed: string }>(
      `SELECT sealed FROM ${this.table} WHERE secret_id = $1`,
      [secretId],
    );
    return rows[0]?.sealed;
  }

  /**
   * Re-seals every secret not under the current (first) key of the ring,
   * in batches of `batchSize`, each batch in its own transaction (rows are
   * locked, so a concurrent rotation skips them rather than waiting). After
   * it, only the current key is needed: the older ones can be removed from
   * configuration. Idempotent: a second run re-seals nothing.
   */
  async rotate(options: { batchSize?: number } = {}): Promise<RotationResult> {
    const batchSize = options.batchSize ?? 500;
    const current = this.box.currentKey;
    let resealed = 0;
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ secret_id: string; associated_data: string; sealed: string }>(
          `SELECT secret_id, associated_data, sealed FROM ${this.table}
            WHERE key_id <> $1 ORDER BY secret_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [current, batchSize],
        );
        for (const row of rows) {
          // Opening throws for a blob under a key missing from the ring: the rotation stops, nothing is lost.
          const resealedBlob = this.box.seal(
            this.box.open(row.sealed, row.associated_data),
            row.associated_data,
          );
          await tx.query(
            `UPDATE ${this.table} SET sealed = $2, key_id = $3, resealed_at = now() WHERE secret_id = $1`,
            [row.secret_id, resealedBlob, current],
          );
        }
        return rows.length;
      });
      resealed += done;
      if (done < batchSize) break;
    }
    this.cache.clear();
    const { rows } = await this.db.query<{ key_id: string; n: string }>(
      `SELECT key_id, count(*) AS n FROM ${this.table} GROUP BY key_id`,
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key_id, Number(r.n)]));
    return { resealed, alreadyCurrent: (byKey[current] ?? 0) - resealed, byKey };
  }
}
