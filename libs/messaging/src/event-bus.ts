import type { EventEnvelope } from '@iam/contracts';

export interface OutboundMessage {
  topic: string;
  key: string;
  envelope: EventEnvelope;
}

export interface Subscription {
  /** Consumer group: replicas of one service share the work, each service gets every event. */
  group: string;
  topics: string[];
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
  /** Leaves consumer groups cleanly (after the message in hand); publishing still works. */
  stopConsumers(): Promise<void>;
  /** Disconnects everything. */
  close(): Promise<void>;
}
