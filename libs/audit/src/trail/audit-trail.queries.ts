import { identifier, type SqlDatabase } from '@iam/event-store';

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

  async countByEventId(eventId: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.trail} WHERE event_id = $1`,
      [eventId],
    );
    return Number(rows[0].n);
  }
}
