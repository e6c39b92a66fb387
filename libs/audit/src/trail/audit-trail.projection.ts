import type { EventEnvelope } from '@iam/contracts';
import { EveryEvent, identifier, type Projection, type Queryable } from '@iam/event-store';
import { chainedFields, GENESIS_HASH, trailHash } from './trail-hash';
import { lookupColumns } from './trail-lookup-columns';

/**
 * Appends every event of every service to its account's trail. The chain
 * head rows are locked per account (in account order, so two batches never
 * deadlock), so concurrent partitions extend one chain in a single order.
 *
 * A batch costs five statements whatever its size (heads created, heads
 * locked and read, events chained already found, entries inserted, heads
 * moved; a sixth for the resources of access records): audit keeps up with the
 * services writing at full speed, and catches up quickly after an outage.
 *
 * It records every event as it was published (not upcast: the hash covers
 * the fact as emitted, whatever the readers' upcasters say later), and it has
 * no `reset`: the trail is the record, never dropped and replayed. A change
 * of its version is refused at start (projection-versions.ts) and needs a
 * migration that keeps the chain.
 */
export class AuditTrailProjection implements Projection {
  readonly name = 'audit_trail';
  readonly version = 1;
  readonly handles = EveryEvent;
  private readonly trail: string;
  private readonly heads: string;
  private readonly resources: string;

  constructor(schema: string) {
    this.trail = `${identifier(schema)}.trail`;
    this.heads = `${identifier(schema)}.chain_heads`;
    this.resources = `${identifier(schema)}.trail_resources`;
  }

  apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  async applyBatch(tx: Queryable, batch: EventEnvelope[]): Promise<void> {
    if (batch.length === 0) return;
    // Arrays travel as JSON: the same SQL runs on PGlite, which binds no array parameters.
    const accounts = JSON.stringify([...new Set(batch.map((event) => event.accountId))].sort());
    await tx.query(
      `INSERT INTO ${this.heads} (account_id, sequence, hash)
       SELECT id, 0, $2 FROM jsonb_array_elements_text($1::jsonb) AS id ORDER BY id
       ON CONFLICT DO NOTHING`,
      [accounts, GENESIS_HASH],
    );
    const { rows } = await tx.query<{ account_id: string; sequence: number; hash: string }>(
      `SELECT account_id, sequence, hash FROM ${this.heads}
        WHERE account_id IN (SELECT jsonb_array_elements_text($1::jsonb))
        ORDER BY account_id FOR UPDATE`,
      [accounts],
    );
    const heads = new Map(
      rows.map((row) => [row.account_id, { sequence: Number(row.sequence), hash: row.hash }]),
    );
    // An event is chained once: one already in the trail (an account restored with its trail, whose
    // events are then replayed) is skipped, not chained again nor refused by event_id's uniqueness.
    // Checked under the heads' lock, so a batch delivered twice at once is chained by one of them.
    const { rows: chained } = await tx.query<{ event_id: string }>(
      `SELECT event_id::text AS event_id FROM ${this.trail}
        WHERE event_id IN (SELECT id::uuid FROM jsonb_array_elements_text($1::jsonb) AS id)`,
      [JSON.stringify(batch.map((event) => event.eventId))],
    );
    const skipped = new Set(chained.map((row) => row.event_id));
    const events = batch.filter((event) => !skipped.has(event.eventId));
    if (events.length === 0) return;
    const entries = events.map((event) => {
      const head = heads.get(event.accountId) as { sequence: number; hash: string };
      const fields = chainedFields(event, head.sequence + 1);
      const hash = trailHash(head.hash, fields);
      const { resources, ...columns } = lookupColumns(event);
      const entry = { ...fields, previousHash: head.hash, hash, ...columns, resources };
      head.sequence = fields.sequence;
      head.hash = hash;
      return entry;
    });
    await tx.query(
      `INSERT INTO ${this.trail} (account_id, sequence, event_id, event_type, schema_version, stream_id,
         stream_version, actor_arn, correlation_id, causation_id, occurred_at, payload, previous_hash, hash,
         kind, event_name, event_source, principal_arn, user_name, access_key_id, read_only, error_code)
       SELECT e."accountId", e.sequence, e."eventId", e."eventType", e."schemaVersion", e."streamId",
              e."streamVersion", e."actorArn", e."correlationId", e."causationId", e."occurredAt", e.payload,
              e."previousHash", e.hash, e.kind, e."eventName", e."eventSource", e."principalArn", e."userName",
              e."accessKeyId", e."readOnly", e."errorCode"
         FROM jsonb_to_recordset($1::jsonb) AS e("accountId" text, sequence bigint, "eventId" uuid,
              "eventType" text, "schemaVersion" integer, "streamId" text, "streamVersion" integer,
              "actorArn" text, "correlationId" text, "causationId" text, "occurredAt" timestamptz,
              payload jsonb, "previousHash" text, hash text, kind text, "eventName" text,
              "eventSource" text, "principalArn" text, "userName" text, "accessKeyId" text,
              "readOnly" boolean, "errorCode" text)`,
      [JSON.stringify(entries)],
    );
    const resources = entries.flatMap((entry) =>
      entry.resources.map((resource) => ({
        account_id: entry.accountId,
        sequence: entry.sequence,
        // The record's event time, the lookup's order (migration 121).
        occurred_at: entry.occurredAt,
        resource_arn: resource.arn,
        resource_type: resource.type,
      })),
    );
    if (resources.length > 0) {
      await tx.query(
        `INSERT INTO ${this.resources} (account_id, sequence, occurred_at, resource_arn, resource_type)
         SELECT r.account_id, r.sequence, r.occurred_at, r.resource_arn, r.resource_type
           FROM jsonb_to_recordset($1::jsonb) AS r(account_id text, sequence bigint, occurred_at timestamptz,
                resource_arn text, resource_type text)`,
        [JSON.stringify(resources)],
      );
    }
    await tx.query(
      `UPDATE ${this.heads} h SET sequence = x.sequence, hash = x.hash
         FROM jsonb_to_recordset($1::jsonb) AS x(account_id text, sequence bigint, hash text)
        WHERE h.account_id = x.account_id`,
      [JSON.stringify([...heads].map(([account_id, head]) => ({ account_id, ...head })))],
    );
  }
}
