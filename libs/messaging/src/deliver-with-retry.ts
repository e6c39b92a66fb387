import { noUpcast, type EventEnvelope, type Upcast, type UpcasterRegistry } from '@iam/contracts';
import type { Subscription } from './event-bus';
import type { EventAuthenticator } from './event-authenticator';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/**
 * How a subscriber receives the topic's events: upcast to their current
 * schema version (whichever version the producer published), unless it asked
 * for them as published.
 */
export function upcastFor(subscription: Subscription, topic: string, upcasters: UpcasterRegistry): Upcast {
  return subscription.asPublished ? noUpcast : upcasters.forTopic(topic);
}

/**
 * Opens a message (`openEnvelope`) and hands it to the subscriber, retrying
 * with doubling back-off. A message that is not an authentic event envelope
 * is poison at once: retrying cannot fix it.
 */
export async function deliverWithRetry(
  subscription: Subscription,
  topic: string,
  raw: string,
  authenticator: EventAuthenticator,
  upcasters: UpcasterRegistry,
  isStopping: () => boolean = () => false,
): Promise<DeliveryOutcome> {
  let event: EventEnvelope;
  try {
    event = openEnvelope(topic, raw, authenticator, upcastFor(subscription, topic, upcasters));
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
  const maxAttempts = subscription.maxAttempts ?? 5;
  let delay = subscription.retryDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await subscription.handle(event);
      return { ok: true };
    } catch (error) {
      if (attempt >= maxAttempts)
        return { ok: false, error: `${event.type} ${event.eventId}: ${describe(error)}` };
      if (isStopping()) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

/**
 * What every consumer of both buses does with a message before a handler
 * sees it: parse it, check its MAC (over the event as published), then
 * upcast it. Throws, with the reason, when it is not an event envelope or
 * does not verify; returns the event without its MAC.
 */
export function openEnvelope(
  topic: string,
  raw: string,
  authenticator: EventAuthenticator,
  upcast: Upcast = noUpcast,
): EventEnvelope {
  let event: EventEnvelope;
  try {
    event = parseEnvelope(raw);
  } catch (error) {
    throw new Error(`not an event envelope: ${describe(error)}`);
  }
  return upcast(authenticator.verify(topic, event));
}

export function parseEnvelope(raw: string): EventEnvelope {
  const value = JSON.parse(raw) as Partial<EventEnvelope> | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof value.eventId !== 'string' ||
    typeof value.type !== 'string' ||
    typeof value.streamId !== 'string' ||
    typeof value.accountId !== 'string' ||
    typeof value.schemaVersion !== 'number'
  ) {
    throw new Error('missing eventId, type, streamId, accountId or schemaVersion');
  }
  return value as EventEnvelope;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
