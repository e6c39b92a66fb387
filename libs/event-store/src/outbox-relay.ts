import type { EventEnvelope } from '@iam/contracts';
import type { OutboundMessage, TraceCarrier } from '@iam/messaging';
import {
  identifier,
  prepared,
  type PreparedStatement,
  type Queryable,
  type SessionLock,
  type SqlDatabase,
} from './sql-database';

/** What the relay needs from the transport (Kafka, or in-process in standalone mode). */
export interface OutboxPublisher {
  publish(messages: OutboundMessage[]): Promise<void>;
}

export interface OutboxRelayOptions {
  schema: string;
  /** Checkpoint row name; one relay per schema. */
  name?: string;
  batchSize?: number;
  /** Pause between polls when the outbox is drained. */
  idleDelayMs?: number;
  onError?: (error: unknown) => void;
}

/** What readiness reports of a relay. */
export interface RelayStatus {
  /** False while the relay's last attempt failed (it cannot reach the database, or the transport). */
  ready: boolean;
  /** This replica holds the lock and relays; the others stand by. */
  leader: boolean;
  /** The last failure, while it lasts. */
  error?: string;
}

/** Back-off after consecutive failures: 0.5 s, 1 s, 2 s … up to 5 s. */
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 5000;

interface OutboxRow {
  position: number;
  transaction_id: string;
  topic: string;
  message_key: string;
  envelope: EventEnvelope;
  trace_context: TraceCarrier | null;
}

/**
 * Moves outbox rows to the transport, in commit order, at least once.
 *
 * Rows are read only below `pg_snapshot_xmin(pg_current_snapshot())`: a
 * transaction that began earlier but commits later has a smaller
 * transaction id than rows already visible, and a plain "position >
 * checkpoint" reader would skip it forever. The checkpoint
 * (transaction id, position) is stored after the transport acknowledged, so a
 * crash in between republishes and consumers deduplicate by event id.
 *
 * One replica relays at a time: the leader holds a session advisory lock
 * (released when it stops or its connection dies, then another takes over).
 * No transaction stays open while publishing, so a transport that delivers
 * synchronously into the same database (standalone mode) cannot deadlock.
 */
export class OutboxRelay {
  private readonly outbox: string;
  /** The next rows past the checkpoint, with the checkpoint read in the same statement. */
  private readonly nextRows: PreparedStatement;
  private readonly saveCheckpoint: PreparedStatement;
  private readonly name: string;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private notified = false;
  private leadership: SessionLock | null = null;
  private failures = 0;
  private lastError: string | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly publisher: OutboxPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    const schema = identifier(options.schema);
    this.outbox = `${schema}.outbox`;
    const checkpoints = `${schema}.relay_checkpoints`;
    // ORDER BY names the table's columns: bare, `transaction_id` would be the
    // output column, text, where "10" sorts before "9".
    this.nextRows = prepared(
      `SELECT o.position, o.transaction_id::text AS transaction_id, o.topic, o.message_key, o.envelope,
              o.trace_context
         FROM ${this.outbox} o
        WHERE (o.transaction_id, o.position) >
              (COALESCE((SELECT transaction_id FROM ${checkpoints} WHERE relay = $1), '0'::xid8),
               COALESCE((SELECT position FROM ${checkpoints} WHERE relay = $1), 0))
          AND o.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY o.transaction_id, o.position
        LIMIT $2`,
    );
    this.saveCheckpoint = prepared(
      `INSERT INTO ${checkpoints} (relay, transaction_id, position, updated_at)
       VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (relay) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                                         position = EXCLUDED.position, updated_at = now()`,
    );
    this.name = options.name ?? 'outbox';
    this.batchSize = options.batchSize ?? 500;
    // Commits wake the relay (NOTIFY from any replica, or this process's own
    // commits); the idle poll is only a safety net.
    this.idleDelayMs = options.idleDelayMs ?? 1000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Commits of this process wake the relay at once; the idle poll covers other replicas' commits.
    this.db.onCommit(() => this.notify());
    this.loop = this.run();
  }

  /** Stops polling after publishing everything already committed, and hands leadership on. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running = false;
      this.wake?.();
      await this.loop;
    }
    try {
      await this.drain();
    } finally {
      await this.leadership?.release();
      this.leadership = null;
    }
  }

  status(): RelayStatus {
    return this.failures === 0
      ? { ready: true, leader: this.leadership !== null }
      : { ready: false, leader: this.leadership !== null, error: this.lastError };
  }

  /** What this relay has not published yet (`outboxBacklog`): the outbox lag metrics. */
  backlog(): Promise<OutboxBacklog> {
    return outboxBacklog(this.db, this.options.schema, this.name);
  }

  /** Hint that something was just committed: skip the idle wait. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Publishes until nothing committed is left; returns how many rows went out (0 if not the leader). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.relayBatch();
      if (published <= 0) return total;
      total += published;
    }
  }

  /** One batch; -1 when another replica is the leader. */
  async relayBatch(): Promise<number> {
    if (!this.leadership) {
      this.leadership = await this.db.tryLock(`relay:${this.outbox}:${this.name}`);
      if (!this.leadership) return -1;
      await this.leadership.listen('iam_outbox', (schema) => {
        if (`"${schema}".outbox` === this.outbox) this.notify();
      });
    }
    // The leader's own connection: relaying never waits behind request traffic for the pool.
    const connection = this.leadership;
    const { rows } = await connection.query<OutboxRow>(this.nextRows, [this.name, this.batchSize]);
    if (rows.length === 0) return 0;
    await this.publisher.publish(
      rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        envelope: row.envelope,
        traceContext: row.trace_context ?? undefined,
      })),
    );
    const last = rows[rows.length - 1];
    await connection.query(this.saveCheckpoint, [this.name, last.transaction_id, last.position]);
    return rows.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayBatch();
        this.failures = 0;
        this.lastError = undefined;
      } catch (error) {
        this.failures++;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        // A broken leader connection (a server restart resets it) loses the
        // lock with it: close it and take the lock anew on a fresh one.
        await this.leadership?.release().catch(() => undefined);
        this.leadership = null;
        await this.sleep(Math.min(RETRY_BASE_MS * 2 ** (this.failures - 1), RETRY_MAX_MS));
        continue;
      }
      if (published < 0) await this.sleep(1000);
      else if (published < this.batchSize) await this.sleep(this.idleDelayMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

export interface OutboxBacklog {
  /** Rows written to the outbox and not yet relayed. */
  events: number;
  /** How long ago the oldest of them was written (0 when none). */
  oldestAgeSeconds: number;
}

/**
 * A schema's outbox rows beyond its relay's checkpoint. Anyone can ask
 * (every replica's metrics, `iam-admin lag`): it reads the shared checkpoint.
 */
export async function outboxBacklog(db: Queryable, schema: string, relay = 'outbox'): Promise<OutboxBacklog> {
  const s = identifier(schema);
  const { rows } = await db.query<{ events: number; age: number | null }>(
    `SELECT count(*)::int AS events, extract(epoch FROM now() - min(o.created_at))::float8 AS age
       FROM ${s}.outbox o
       LEFT JOIN ${s}.relay_checkpoints c ON c.relay = $1
      WHERE c.relay IS NULL OR (o.transaction_id, o.position) > (c.transaction_id, c.position)`,
    [relay],
  );
  return { events: Number(rows[0]?.events ?? 0), oldestAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)) };
}
