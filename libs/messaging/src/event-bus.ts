import type { EventEnvelope } from '@iam/contracts';
import type { TraceCarrier } from './trace-context';

export interface OutboundMessage {
  topic: string;
  key: string;
  envelope: EventEnvelope;
  /** Trace context stored with the event at its append; the transport's send span continues it. */
  traceContext?: TraceCarrier;
}

export interface Subscription {
  /** Consumer group: replicas of one service share the work, each service gets every event. */
  group: string;
  topics: string[];
  /**
   * Events as published instead of upcast to their current schema version
   * (the audit trail records and hashes the facts as they were emitted).
   */
  asPublished?: boolean;
  /** Must be idempotent: delivery is at least once. */
  handle(event: EventEnvelope): Promise<void>;
  /**
   * Optional: a whole fetched batch at once (one transaction instead of one
   * per event). If it throws, the batch is retried event by event through
   * `handle`, so a poison event is isolated and dead-lettered alone.
   */
  handleBatch?(events: EventEnvelope[]): Promise<void>;
  /** Attempts before an event is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (default 100 ms). */
  retryDelayMs?: number;
}

export interface DeadLetter {
  topic: string;
  group: string;
  key: string | null;
  value: string;
  error: string;
}

/** How one consumer group of this process is doing (readiness, the stale-data guard, the lag metric). */
export interface ConsumerState {
  group: string;
  topics: string[];
  /** In its group and fetching; false while it is restarting after a crash. */
  running: boolean;
  /** Times it was started again after a crash its client did not recover from. */
  restarts: number;
  /** The last crash or start failure, while it lasts. */
  error?: string;
  /** Messages on its topics not yet committed by its group, at the last measurement (undefined before one). */
  lag?: number;
  /** The same per topic and partition: messages beyond the group's committed offset (the lag metric). */
  partitionLag?: { topic: string; partition: number; lag: number }[];
  /** Since when it has not been running (a crash, a start that failed); undefined while it runs. */
  downSince?: number;
}

/**
 * How long a consumer has been down while events wait for it: zero while it
 * runs (however far behind: it is catching up), or while nothing is known to
 * be waiting. A Kafka outage alone does not make a consumer stale: nothing
 * new reaches the topics then either.
 */
export function consumerStaleForMs(state: ConsumerState, now: number): number {
  return state.downSince !== undefined && (state.lag ?? 0) > 0 ? Math.max(0, now - state.downSince) : 0;
}

/**
 * The event transport: Kafka in distributed mode, in-process in standalone
 * mode. Same semantics for the code above it: at-least-once delivery per
 * consumer group, per-key order, retry with back-off, then dead letter.
 */
export interface EventBus {
  /** Creates the topics (and their dead-letter topics) if missing. */
  ensureTopics(topics: string[]): Promise<void>;
  publish(messages: OutboundMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  ping(): Promise<void>;
  /** Each subscription's state (none for a transport whose consumers run inside publish). */
  consumerStates(): ConsumerState[];
  /** Leaves consumer groups cleanly (after the message in hand); publishing still works. */
  stopConsumers(): Promise<void>;
  /** Disconnects everything. */
  close(): Promise<void>;
}
