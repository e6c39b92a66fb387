import { identifier, type SqlDatabase } from '@iam/event-store';
import type { Logger } from 'pino';
import type { AuditSigningKey } from './signing-key';
import { signDigest, type TrailDigest } from './trail-digest';

/**
 * At a fixed interval, signs the head of every account chain that moved
 * since its last digest (one replica at a time: a session advisory lock).
 * Digests of one account are chained by signature, so a removed digest is
 * seen as well as an altered one.
 */
export class TrailDigestWriter {
  private readonly heads: string;
  private readonly digests: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SqlDatabase,
    private readonly schema: string,
    private readonly key: AuditSigningKey,
    private readonly logger: Logger,
  ) {
    this.heads = `${identifier(schema)}.chain_heads`;
    this.digests = `${identifier(schema)}.trail_digests`;
  }

  /** Every interval: digests, then (with a retention) pruning up to the last digest before the cutoff. */
  start(intervalMs: number, retentionDays?: number): void {
    this.timer = setInterval(() => {
      this.running = (async () => {
        await this.writeDigests();
        if (retentionDays !== undefined)
          await this.prune(new Date(Date.now() - retentionDays * 24 * 3600 * 1000));
      })().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'audit digests not written this time; retried at the next interval'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /**
   * Removes, per account, every record up to the head signed by the last
   * digest whose head record occurred before `cutoff`, with their resource
   * rows and the digests before that one. That digest stays: it is the signed
   * checkpoint the remaining chain verifies from (its hash is the first
   * remaining record's previous hash). Returns the records removed.
   */
  async prune(cutoff: Date): Promise<number> {
    const schema = identifier(this.schema);
    return this.db.transaction(async (tx) => {
      const { rows: checkpoints } = await tx.query<{
        account_id: string;
        digest_sequence: string;
        chain_sequence: string;
      }>(
        `SELECT DISTINCT ON (d.account_id) d.account_id, d.digest_sequence, d.chain_sequence
           FROM ${this.digests} d
           JOIN ${schema}.trail t ON t.account_id = d.account_id AND t.sequence = d.chain_sequence
          WHERE t.occurred_at < $1
          ORDER BY d.account_id, d.digest_sequence DESC`,
        [cutoff.toISOString()],
      );
      if (checkpoints.length === 0) return 0;
      const points = JSON.stringify(checkpoints);
      const within = `FROM jsonb_to_recordset($1::jsonb) AS c(account_id text, digest_sequence bigint, chain_sequence bigint)`;
      await tx.query(
        `DELETE FROM ${schema}.trail_resources r USING (SELECT * ${within}) c
          WHERE r.account_id = c.account_id AND r.sequence <= c.chain_sequence`,
        [points],
      );
      const { rows } = await tx.query<{ n: string }>(
        `WITH gone AS (DELETE FROM ${schema}.trail t USING (SELECT * ${within}) c
          WHERE t.account_id = c.account_id AND t.sequence <= c.chain_sequence RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [points],
      );
      await tx.query(
        `DELETE FROM ${this.digests} d USING (SELECT * ${within}) c
          WHERE d.account_id = c.account_id AND d.digest_sequence < c.digest_sequence`,
        [points],
      );
      return Number(rows[0].n);
    });
  }

  /** Signs every moved chain head now; returns the digests written (none when another replica holds the lock). */
  async writeDigests(now = new Date()): Promise<TrailDigest[]> {
    const lock = await this.db.tryLock(`audit-digests:${this.schema}`);
    if (!lock) return [];
    try {
      const { rows } = await lock.query<{
        account_id: string;
        sequence: string;
        hash: string;
        digest_sequence: string | null;
        signature: string | null;
      }>(
        `SELECT h.account_id, h.sequence, h.hash, d.digest_sequence, d.signature
           FROM ${this.heads} h
           LEFT JOIN LATERAL (SELECT digest_sequence, chain_sequence, signature FROM ${this.digests}
                               WHERE account_id = h.account_id ORDER BY digest_sequence DESC LIMIT 1) d ON true
          WHERE h.sequence > 0 AND (d.chain_sequence IS NULL OR d.chain_sequence < h.sequence)
          ORDER BY h.account_id`,
      );
      if (rows.length === 0) return [];
      const digestTime = now.toISOString();
      const digests = rows.map((row) =>
        signDigest(this.key.privateKey, {
          accountId: row.account_id,
          digestSequence: Number(row.digest_sequence ?? 0) + 1,
          chainSequence: Number(row.sequence),
          chainHash: row.hash,
          digestTime,
          previousSignature: row.signature,
          keyId: this.key.keyId,
        }),
      );
      await lock.query(
        `INSERT INTO ${this.digests} (account_id, digest_sequence, chain_sequence, chain_hash, digest_time,
           previous_signature, key_id, signature)
         SELECT d."accountId", d."digestSequence", d."chainSequence", d."chainHash", d."digestTime",
                d."previousSignature", d."keyId", d.signature
           FROM jsonb_to_recordset($1::jsonb) AS d("accountId" text, "digestSequence" bigint,
                "chainSequence" bigint, "chainHash" text, "digestTime" timestamptz, "previousSignature" text,
                "keyId" text, signature text)`,
        [JSON.stringify(digests)],
      );
      return digests;
    } finally {
      await lock.release();
    }
  }
}
