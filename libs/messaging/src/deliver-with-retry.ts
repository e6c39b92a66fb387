import type { EventEnvelope } from '@iam/contracts';
import type { Subscription } from './event-bus';
import type { EventAuthenticator } from './event-authenticator';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

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
  isStopping: () => boolean = () => false,
): Promise<DeliveryOutcome> {
  let event: EventEnvelope;
  try {
    event = openEnvelope(topic, raw, authenticator);
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
 * sees it: parse it and check its MAC. Throws, with the reason, when it is
 * not an event envelope or does not verify; returns the event without its
 * MAC.
 */
export function openEnvelope(topic: string, raw: string, authenticator: EventAuthenticator): EventEnvelope {
  let event: EventEnvelope;
  try {
    event = parseEnvelope(raw);
  } catch (error) {
    throw new Error(`not an event envelope: ${describe(error)}`);
  }
  return authenticator.verify(topic, event);
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
