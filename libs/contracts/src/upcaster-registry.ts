import { identityUpcasters } from './identity/identity.upcasters';
import { policyUpcasters } from './policy/policy.upcasters';
import { stsUpcasters } from './sts/sts.upcasters';
import { Topics } from './topics';
import { createUpcaster, noUpcast, type Upcast, type UpcasterRegistration } from './upcasters';

/**
 * The upcasters of every topic, found by topic name. Every reader of events
 * asks it: the event store (readStream, readAll, rebuilds) for its own topic,
 * the consumers of both buses for the topic a message came from. The
 * services' lists are declared once, next to their event types.
 */
export class UpcasterRegistry {
  private readonly byTopic: Map<string, Upcast>;

  constructor(registrations: Readonly<Record<string, readonly UpcasterRegistration[]>>) {
    this.byTopic = new Map(
      Object.entries(registrations).map(([topic, list]) => [topic, createUpcaster(list)]),
    );
  }

  forTopic(topic: string): Upcast {
    return this.byTopic.get(topic) ?? noUpcast;
  }
}

/** The registry every service uses unless a test brings its own. */
export const topicUpcasters = new UpcasterRegistry({
  [Topics.identity]: identityUpcasters,
  [Topics.policy]: policyUpcasters,
  [Topics.sts]: stsUpcasters,
});
