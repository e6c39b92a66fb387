import type { EventEnvelope } from '@iam/contracts';
import { identifier, type Projection, type Queryable } from '@iam/event-store';
import { GENESIS_HASH, trailHash } from './trail-hash';

/**
 * Appends every event of every service to its account's trail. The chain
 * head row is locked per account, so concurrent partitions extend one chain
 * in a single order.
 */
export class AuditTrailProjection implements Projection {
  readonly name = 'audit_trail';
  private readonly trail: string;
  private readonly heads: string;

  constructor(schema: string) {
    this.trail = `${identifier(schema)}.trail`;
    this.heads = `${identifier(schema)}.chain_heads`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.trail}`);
    await tx.query(`DELETE FROM ${this.heads}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.heads} (account_id, sequence, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`,
      [event.accountId, GENESIS_HASH],
    );
    const { rows } = await tx.query<{ sequence: number; hash: string }>(
      `SELECT sequence, hash FROM ${this.heads} WHERE account_id = $1 FOR UPDATE`,
      [event.accountId],
    );
    const sequence = Number(rows[0].sequence) + 1;
    const hash = trailHash(rows[0].hash, sequence, event);
    await tx.query(
      `INSERT INTO ${this.trail} (account_id, sequence, event_id, event_type, schema_version, stream_id,
         stream_version, actor_arn, correlation_id, occurred_at, payload, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        event.accountId,
        sequence,
        event.eventId,
        event.type,
        event.schemaVersion,
        event.streamId,
        event.streamVersion,
        event.actorArn,
        event.correlationId,
        event.occurredAt,
        JSON.stringify(event.payload),
        rows[0].hash,
        hash,
      ],
    );
    await tx.query(`UPDATE ${this.heads} SET sequence = $2, hash = $3 WHERE account_id = $1`, [
      event.accountId,
      sequence,
      hash,
    ]);
  }
}
