import type { EventEnvelope } from '@iam/contracts';
import type { Subscription } from './event-bus';

export type DeliveryOutcome = { ok: true } | { ok: false; error: string };

/**
 * Parses a message and hands it to the subscriber, retrying with doubling
 * back-off. A message that is not an event envelope is poison at once:
 * retrying cannot fix it.
 */
export async function deliverWithRetry(
  subscription: Subscription,
  raw: string,
  isStopping: () => boolean = () => false,
): Promise<DeliveryOutcome> {
  let event: EventEnvelope;
  try {
    event = parseEnvelope(raw);
  } catch (error) {
    return { ok: false, error: `not an event envelope: ${describe(error)}` };
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
