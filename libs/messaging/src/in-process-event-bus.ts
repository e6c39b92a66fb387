import { topicUpcasters, type UpcasterRegistry } from '@iam/contracts';
import type { ConsumerState, DeadLetter, EventBus, OutboundMessage, Subscription } from './event-bus';
import { deliverWithRetry } from './deliver-with-retry';
import type { EventAuthenticator } from './event-authenticator';
import { deliverInSpan, endSpans, startProcessSpan, startSendSpan } from './message-spans';
import type { TraceCarrier } from './trace-context';

/**
 * Standalone mode's transport. `publish` resolves only once every
 * subscriber has handled (or dead-lettered) the messages, so the outbox
 * relay's checkpoint never passes an event a consumer has not seen: a crash
 * loses nothing, the relay republishes and consumers deduplicate.
 */
export class InProcessEventBus implements EventBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly topics = new Set<string>();
  readonly deadLetters: DeadLetter[] = [];
  private closed = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    /** Signs what `publish` delivers and verifies it before any subscriber sees it, as on Kafka. */
    private readonly authenticator: EventAuthenticator,
    private readonly onDeadLetter: (letter: DeadLetter) => void = () => undefined,
    /** Subscribers receive events upcast by these, as on Kafka. */
    private readonly upcasters: UpcasterRegistry = topicUpcasters,
  ) {}

  async ensureTopics(topics: string[]): Promise<void> {
    for (const topic of topics) this.topics.add(topic);
  }

  publish(messages: OutboundMessage[]): Promise<void> {
    // One delivery at a time keeps per-key (and global) order, as Kafka does per partition.
    const run = this.tail.then(() => this.deliver(messages));
    this.tail = run.catch(() => undefined);
    return run;
  }

  async subscribe(subscription: Subscription): Promise<void> {
    this.subscriptions.push(subscription);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('in-process event bus is closed');
  }

  // Consumers run inside publish: they are never behind, and stop only with the process.
  consumerStates(): ConsumerState[] {
    return [];
  }

  // Consumers here run inside publish; the relays' final flush still reaches them.
  async stopConsumers(): Promise<void> {}

  async close(): Promise<void> {
    await this.tail;
    this.closed = true;
  }

  /** Delivers a raw message, unsigned, as a forger might; for tests. */
  publishRaw(topic: string, key: string | null, value: string): Promise<void> {
    const run = this.tail.then(() => this.deliverRaw(topic, key, value));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async deliver(messages: OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      const signed = this.authenticator.sign(message.topic, message.envelope);
      const sending = startSendSpan('iam_in_process', message);
      try {
        await this.deliverRaw(message.topic, message.key, JSON.stringify(signed), sending.headers);
      } catch (error) {
        endSpans([sending.span], error);
        throw error;
      }
      endSpans([sending.span]);
    }
  }

  private async deliverRaw(
    topic: string,
    key: string | null,
    value: string,
    trace?: TraceCarrier,
  ): Promise<void> {
    if (this.closed) throw new Error('in-process event bus is closed');
    if (!this.topics.has(topic)) throw new Error(`unknown topic ${topic}`);
    for (const subscription of this.subscriptions) {
      if (!subscription.topics.includes(topic)) continue;
      const span = startProcessSpan('iam_in_process', topic, subscription.group, trace);
      const outcome = await deliverInSpan(span, () =>
        deliverWithRetry(subscription, topic, value, this.authenticator, this.upcasters),
      );
      if (!outcome.ok) {
        const letter = { topic, group: subscription.group, key, value, error: outcome.error };
        this.deadLetters.push(letter);
        this.onDeadLetter(letter);
      }
    }
  }
}
