import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { deadLetterTopic, topicUpcasters, type EventEnvelope, type UpcasterRegistry } from '@iam/contracts';
import type { ConsumerState, EventBus, OutboundMessage, Subscription, DeadLetter } from './event-bus';
import { deliverWithRetry, openEnvelope, upcastFor } from './deliver-with-retry';
import type { EventAuthenticator } from './event-authenticator';
import { deliverInSpan, endSpans, runInSpan, startProcessSpan, startSendSpan } from './message-spans';
import { carrierOfKafkaHeaders } from './trace-context';

/** Messages per produce request. */
const PUBLISH_CHUNK = 250;

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Signs what `publish` sends, verifies what consumers receive (IAM_EVENT_KEYS). */
  authenticator: EventAuthenticator;
  partitions?: number;
  replicationFactor?: number;
  /** Longest a fetch waits for data when a partition is idle (kafkajs default 5 s). */
  maxWaitTimeMs?: number;
  log?: (
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    extra?: Record<string, unknown>,
  ) => void;
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Client retries before an operation fails (kafkajs's `retry`; default 8 from 100 ms). */
  retry?: { initialRetryTime?: number; retries?: number };
  /** How often consumer lag is measured (default 5 s). */
  lagIntervalMs?: number;
  /** Consumers receive events upcast by these (default: the registry of `@iam/contracts`). */
  upcasters?: UpcasterRegistry;
}

/** How long a start waits for Kafka (topics created, a consumer joined) before going on without it. */
const START_WAIT_MS = 5000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Back-off between starts of a consumer that crashed for good: 1 s, doubling, at most 30 s. */
const RESTART_BASE_MS = 1000;
const RESTART_MAX_MS = 30_000;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Kafka transport: idempotent producer with acks=all, key = aggregate id;
 * consumer groups committing an offset only after its message was handled
 * or dead-lettered (at-least-once).
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumers: Consumer[] = [];
  private readonly states: ConsumerState[] = [];
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private lagTimer: NodeJS.Timeout | undefined;
  private connected: Promise<void> | undefined;
  private stopping = false;
  private readonly upcasters: UpcasterRegistry;

  constructor(private readonly options: KafkaEventBusOptions) {
    const log = options.log ?? (() => undefined);
    this.upcasters = options.upcasters ?? topicUpcasters;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...extra } = entry;
          log(
            level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'info',
            `kafka: ${message}`,
            extra,
          );
        },
      retry: { initialRetryTime: 100, retries: 8, ...options.retry },
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects admin and producer once; a failed attempt is forgotten, so the next call tries again. */
  private connect(): Promise<void> {
    this.connected ??= Promise.all([this.admin.connect(), this.producer.connect()]).then(
      () => undefined,
      (error: unknown) => {
        this.connected = undefined;
        throw error;
      },
    );
    return this.connected;
  }

  /**
   * Creates the topics if missing. Kafka being down must not keep a service
   * from starting (its writes go to the outbox whatever Kafka does): after
   * `START_WAIT_MS` the start goes on, and the topics are created in the
   * background, retried with back-off, as soon as Kafka answers.
   */
  async ensureTopics(topics: string[]): Promise<void> {
    const created = this.createTopicsUntilDone(topics);
    const waited = await Promise.race([created.then(() => true), delay(START_WAIT_MS).then(() => false)]);
    if (!waited) {
      this.options.log?.('warn', 'kafka cannot be reached at start: topics are created when it can', {
        topics,
      });
    }
  }

  private async createTopicsUntilDone(topics: string[]): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        await this.createTopics(topics);
        return;
      } catch (error) {
        this.options.log?.('warn', 'kafka: creating topics failed; retrying', { error: errorMessage(error) });
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(RESTART_BASE_MS * 2 ** attempt, RESTART_MAX_MS)),
        );
      }
    }
  }

  private async createTopics(topics: string[]): Promise<void> {
    await this.connect();
    const wanted = [...new Set(topics.flatMap((topic) => [topic, deadLetterTopic(topic)]))];
    const existing = new Set(await this.admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    try {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.partitions ?? 3,
          replicationFactor: this.options.replicationFactor ?? 1,
        })),
      });
    } catch (error) {
      // Another replica created them between our list and our create.
      if (!String((error as Error).message).includes('already exists')) throw error;
    }
  }

  async publish(messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    // Requests stay under the broker's 1 MB default; chunks go in order.
    for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      const spans = [];
      for (const message of messages.slice(start, start + PUBLISH_CHUNK)) {
        const sending = startSendSpan('kafka', message);
        spans.push(sending.span);
        const list = byTopic.get(message.topic) ?? [];
        list.push({
          key: message.key,
          value: JSON.stringify(this.options.authenticator.sign(message.topic, message.envelope)),
          headers: {
            'event-type': message.envelope.type,
            'event-id': message.envelope.eventId,
            ...sending.headers,
          },
        });
        byTopic.set(message.topic, list);
      }
      try {
        await this.producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
        });
      } catch (error) {
        endSpans(spans, error);
        throw error;
      }
      endSpans(spans);
    }
  }

  /** Writes a raw message, unsigned, as a misbehaving producer or a forger might; for tests and tooling. */
  async publishRaw(topic: string, key: string | null, value: string): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  /**
   * Joins the subscription's group and consumes. A crash that kafkajs does
   * not recover from itself (a non-retriable error such as "Failed to find
   * group coordinator" after a long broker outage) used to leave the group
   * dead for good; the consumer is now started again with back-off (1 s,
   * doubling, at most 30 s) until it runs, and its state is reported
   * (`consumerStates`: readiness, the stale-data guard, the lag metric). A
   * first start that fails (Kafka down) is retried the same way.
   */
  async subscribe(subscription: Subscription): Promise<void> {
    const state: ConsumerState = {
      group: subscription.group,
      topics: subscription.topics,
      running: false,
      restarts: 0,
      downSince: Date.now(),
    };
    this.states.push(state);
    this.watchLag();
    const started = this.runConsumer(subscription, state).catch((error: unknown) => {
      state.error = errorMessage(error);
      this.restartLater(subscription, state, 0);
    });
    // Kafka down at start: the service starts without it, the consumer joins when it can.
    await Promise.race([started, delay(START_WAIT_MS)]);
  }

  consumerStates(): ConsumerState[] {
    return this.states.map((state) => ({ ...state }));
  }

  private async runConsumer(subscription: Subscription, state: ConsumerState): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: subscription.group,
      // The broker answers a fetch as soon as data arrives; this only bounds idle fetches.
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 250,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
      retry: this.options.retry,
    });
    this.consumers.push(consumer);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state.running = true;
      state.downSince = undefined;
      state.error = undefined;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      state.running = false;
      state.downSince ??= Date.now();
      state.error = errorMessage(payload.error);
      this.options.log?.('error', `kafka consumer ${subscription.group} crashed`, {
        error: state.error,
        restartedByClient: payload.restart,
      });
      // kafkajs starts it again itself after a retriable error; after any other it stays down.
      if (!payload.restart && !this.stopping) {
        void this.forget(consumer);
        this.restartLater(subscription, state, 0);
      }
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: subscription.topics, fromBeginning: true });
      await this.consume(consumer, subscription);
    } catch (error) {
      await this.forget(consumer);
      throw error;
    }
  }

  /** Drops a consumer that is to be replaced, and closes what is left of it. */
  private async forget(consumer: Consumer): Promise<void> {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    await consumer.disconnect().catch(() => undefined);
  }

  private restartLater(subscription: Subscription, state: ConsumerState, attempt: number): void {
    if (this.stopping) return;
    const delay = Math.min(RESTART_BASE_MS * 2 ** attempt, RESTART_MAX_MS);
    const timer = setTimeout(async () => {
      this.restartTimers.delete(timer);
      if (this.stopping) return;
      try {
        state.restarts++;
        await this.runConsumer(subscription, state);
      } catch (error) {
        state.error = errorMessage(error);
        this.restartLater(subscription, state, attempt + 1);
      }
    }, delay);
    this.restartTimers.add(timer);
  }

  private async consume(consumer: Consumer, subscription: Subscription): Promise<void> {
    // One produce request for all of a batch's poison messages (a consumer
    // reading a topic that holds many unauthentic events must not crawl).
    const deadLetter = async (
      topic: string,
      partition: number,
      letters: { message: KafkaMessage; error: string }[],
    ) => {
      if (letters.length === 0) return;
      await this.producer.send({
        topic: deadLetterTopic(topic),
        acks: -1,
        messages: letters.map(({ message, error }) => ({
          key: message.key,
          value: message.value,
          headers: {
            'dead-letter-error': error,
            'dead-letter-group': subscription.group,
            'original-topic': topic,
            'original-partition': String(partition),
            'original-offset': message.offset,
          },
        })),
      });
      for (const { message, error } of letters) {
        this.options.onDeadLetter?.({
          topic,
          group: subscription.group,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? '',
          error,
        });
      }
    };
    const processSpan = (topic: string, message: KafkaMessage) =>
      startProcessSpan('kafka', topic, subscription.group, carrierOfKafkaHeaders(message.headers), {
        eventId: message.headers?.['event-id']?.toString(),
        eventType: message.headers?.['event-type']?.toString(),
      });
    const one = async (topic: string, partition: number, message: KafkaMessage) => {
      const outcome = await deliverInSpan(processSpan(topic, message), () =>
        deliverWithRetry(
          subscription,
          topic,
          message.value?.toString('utf8') ?? '',
          this.options.authenticator,
          this.upcasters,
          () => this.stopping,
        ),
      );
      if (!outcome.ok) await deadLetter(topic, partition, [{ message, error: outcome.error }]);
    };
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitions ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const handleBatch = subscription.handleBatch?.bind(subscription);
        if (handleBatch && batch.messages.length > 1) {
          // Poison messages (not an event, or not authentic) are set aside
          // (dead-lettered, no retry can fix them); the rest is applied in one go.
          const events: EventEnvelope[] = [];
          const poison: { message: KafkaMessage; error: string }[] = [];
          // Each event's trace gets its consumer span, covering the batch's one apply;
          // the apply runs in the first one's context.
          const spans = [];
          for (const message of batch.messages) {
            try {
              events.push(
                openEnvelope(
                  batch.topic,
                  message.value?.toString('utf8') ?? '',
                  this.options.authenticator,
                  upcastFor(subscription, batch.topic, this.upcasters),
                ),
              );
              spans.push(processSpan(batch.topic, message));
            } catch (error) {
              poison.push({ message, error: errorMessage(error) });
            }
          }
          let applied = false;
          try {
            if (events.length > 0) await runInSpan(spans[0], () => handleBatch(events));
            applied = true;
            endSpans(spans);
          } catch (error) {
            // Fall through: one at a time, so only the event that fails is dead-lettered.
            endSpans(spans, error);
          }
          if (applied) {
            await deadLetter(batch.topic, batch.partition, poison);
            resolveOffset(batch.messages[batch.messages.length - 1].offset);
            await heartbeat();
            return;
          }
        }
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) return;
          await one(batch.topic, batch.partition, message);
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
  }

  /**
   * Measures every group's lag now and then: messages on its topics beyond
   * its committed offsets (the metric, and whether a group that is down has
   * events waiting for it).
   */
  private watchLag(): void {
    if (this.lagTimer) return;
    this.lagTimer = setInterval(() => void this.measureLag(), this.options.lagIntervalMs ?? 5000);
    this.lagTimer.unref();
  }

  async measureLag(): Promise<void> {
    const ends = new Map<string, Map<number, { high: number; low: number }>>();
    for (const state of this.states) {
      try {
        await this.connect();
        let lag = 0;
        const partitionLag: NonNullable<ConsumerState['partitionLag']> = [];
        for (const { topic, partitions } of await this.admin.fetchOffsets({
          groupId: state.group,
          topics: state.topics,
        })) {
          let end = ends.get(topic);
          if (!end) {
            end = new Map(
              (await this.admin.fetchTopicOffsets(topic)).map((p) => [
                p.partition,
                { high: Number(p.high), low: Number(p.low) },
              ]),
            );
            ends.set(topic, end);
          }
          for (const { partition, offset } of partitions) {
            const { high, low } = end.get(partition) ?? { high: 0, low: 0 };
            const at = Number(offset) < 0 ? low : Number(offset);
            lag += Math.max(0, high - at);
            partitionLag.push({ topic, partition, lag: Math.max(0, high - at) });
          }
        }
        state.lag = lag;
        state.partitionLag = partitionLag;
      } catch {
        // Kafka unreachable: the last measurement stands, and progress does not move.
      }
    }
  }

  async ping(): Promise<void> {
    await this.connect();
    await this.admin.describeCluster();
  }

  async stopConsumers(): Promise<void> {
    this.stopping = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();
    clearInterval(this.lagTimer);
    // disconnect waits for the message in hand, commits its offset and leaves the group.
    await Promise.allSettled(this.consumers.splice(0).map((consumer) => consumer.disconnect()));
  }

  async close(): Promise<void> {
    await this.stopConsumers();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
