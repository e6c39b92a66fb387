import { identifier, type SqlDatabase } from '@iam/event-store';
import { GENESIS_HASH, trailHash, TRAIL_HASH_VERSION, type ChainedFields } from './trail-hash';

export interface TrailEntry {
  accountId: string;
  sequence: number;
  eventId: string;
  eventType: string;
  streamId: string;
  actorArn: string;
  occurredAt: string;
  payload: unknown;
  hash: string;
}

/** Reads of the audit trail, always within one account. */
export class AuditTrailQueries {
  private readonly trail: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.trail = `${identifier(schema)}.trail`;
  }

  async list(accountId: string, afterSequence: number, limit: number): Promise<TrailEntry[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT account_id, sequence, event_id, event_type, stream_id, actor_arn, occurred_at, payload, hash
         FROM ${this.trail} WHERE account_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
      [accountId, afterSequence, limit],
    );
    return rows.map((row) => ({
      accountId: String(row.account_id),
      sequence: Number(row.sequence),
      eventId: String(row.event_id),
      eventType: String(row.event_type),
      streamId: String(row.stream_id),
      actorArn: String(row.actor_arn),
      occurredAt: new Date(row.occurred_at as string).toISOString(),
      payload: row.payload,
      hash: String(row.hash),
    }));
  }

  /**
   * Recomputes an account's chain from the trail alone: every entry must link
   * to the one before it and (for entries of the current hash format) hash to
   * what is stored. Returns how many entries were checked and the first that
   * does not verify.
   */
  async verify(accountId: string): Promise<{ checked: number; brokenAt?: number }> {
    let previous = GENESIS_HASH;
    let checked = 0;
    for (let after = 0; ;) {
      const { rows } = await this.db.query<Record<string, unknown>>(
        `SELECT * FROM ${this.trail} WHERE account_id = $1 AND sequence > $2 ORDER BY sequence LIMIT 1000`,
        [accountId, after],
      );
      if (rows.length === 0) return { checked };
      for (const row of rows) {
        const sequence = Number(row.sequence);
        const fields: ChainedFields = {
          accountId: String(row.account_id),
          sequence,
          eventId: String(row.event_id),
          eventType: String(row.event_type),
          schemaVersion: Number(row.schema_version),
          streamId: String(row.stream_id),
          streamVersion: Number(row.stream_version),
          actorArn: String(row.actor_arn),
          correlationId: String(row.correlation_id),
          causationId: row.causation_id === null ? null : String(row.causation_id),
          occurredAt: new Date(row.occurred_at as string).toISOString(),
          payload: row.payload,
        };
        const linked = row.previous_hash === previous && sequence === checked + 1;
        const hashed =
          Number(row.hash_version) !== TRAIL_HASH_VERSION || trailHash(previous, fields) === row.hash;
        if (!linked || !hashed) return { checked, brokenAt: sequence };
        previous = String(row.hash);
        checked++;
        after = sequence;
      }
    }
  }

  async countByEventId(eventId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.trail} WHERE event_id = $1`,
      [eventId],
    );
    return Number(rows[0].n);
  }
}
